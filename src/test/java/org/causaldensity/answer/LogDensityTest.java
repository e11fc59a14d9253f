package org.causaldensity.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class LogDensityTest {
  private static final double RELATIVE = 1e-12;
  private static final JsonNode LOG_SPACE = AnswerFixture.root().get("log_space");

  @Test
  void inverseMeanDistanceIsMinusLogOfTheMean() {
    assertEquals(Math.log(1 / 0.125), LogDensity.ofInverseMeanDistance(0.125), 1e-15);
    assertEquals(0.0, LogDensity.ofInverseMeanDistance(1.0));
  }

  @Test
  void zeroMeanDistanceIsInfinitelyDense() {
    assertEquals(Double.POSITIVE_INFINITY, LogDensity.ofInverseMeanDistance(0.0));
  }

  @Test
  void negativeOrNaNMeanDistanceIsRejectedWithItsValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LogDensity.ofInverseMeanDistance(-0.5));
    assertTrue(e.getMessage().contains("-0.5"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LogDensity.ofInverseMeanDistance(Double.NaN));
  }

  @Test
  void lanczosLogGammaMatchesScipyGammaln() {
    for (JsonNode c : LOG_SPACE.get("log_gamma")) {
      double expected = c.get("expected").asDouble();
      double actual = LogDensity.logGamma(c.get("x").asDouble());
      assertEquals(expected, actual, RELATIVE * Math.max(1, Math.abs(expected)), "x = " + c.get("x"));
    }
  }

  @Test
  void logBallVolumeMatchesScipyUpToTheNotebooksDimension() {
    for (JsonNode c : LOG_SPACE.get("log_ball_volume")) {
      double expected = c.get("log_volume").asDouble();
      double actual = LogDensity.logBallVolume(c.get("d").asInt(), c.get("r").asDouble());
      assertEquals(expected, actual, RELATIVE * Math.max(1, Math.abs(expected)), c.toString());
    }
  }

  @Test
  void loftsgaardenQuesenberryMatchesScipyWhereTheNotebookOverflowed() {
    for (JsonNode c : LOG_SPACE.get("loftsgaarden_quesenberry")) {
      double expected = c.get("log_density").asDouble();
      double actual = LogDensity.loftsgaardenQuesenberry(c.get("k").asInt(), c.get("n").asLong(), c.get("d").asInt(),
          c.get("r").asDouble());
      assertTrue(Double.isFinite(actual), c.toString());
      assertEquals(expected, actual, RELATIVE * Math.max(1, Math.abs(expected)), c.toString());
    }
  }

  @Test
  void kthNeighbourAtDistanceZeroIsInfinitelyDense() {
    assertEquals(Double.POSITIVE_INFINITY, LogDensity.loftsgaardenQuesenberry(20, 32000, 1333, 0.0));
  }

  @Test
  void logVolumeInputIsSubtractedFromLogKOverN() {
    assertEquals(Math.log(20.0 / 32000) - 7.5, LogDensity.loftsgaardenQuesenberry(20, 32000, 7.5), 1e-14);
  }

  @Test
  void kNotBelowNIsRejectedNamingBoth() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LogDensity.loftsgaardenQuesenberry(20, 20, 1.0));
    assertTrue(e.getMessage().contains("k = 20") && e.getMessage().contains("got 20"), e.getMessage());
  }
}
