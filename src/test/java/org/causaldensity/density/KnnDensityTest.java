package org.causaldensity.density;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.causaldensity.testing.Fixtures;
import org.junit.jupiter.api.Test;

class KnnDensityTest {
  private static final double TOLERANCE = 1e-13;

  private static void assertClose(double expected, double actual, String what) {
    assertEquals(expected, actual, TOLERANCE * Math.max(1, Math.abs(expected)), what);
  }

  @Test
  void densityIsTheReciprocalMean() {
    assertEquals(4.0, KnnDensity.density(0.25));
    assertEquals(Double.POSITIVE_INFINITY, KnnDensity.density(0.0));
    assertTrue(Double.isNaN(KnnDensity.density(Double.NaN)));
  }

  @Test
  void ballVolumesOfSmallDimensionsMatchClosedForms() {
    double[] radii = {1e-3, 0.5, 1, 3.7, 1e3};
    for (double r : radii) {
      assertClose(Math.log(2 * r), KnnDensity.logBallVolume(1, r), "segment r=" + r);
      assertClose(Math.log(Math.PI * r * r), KnnDensity.logBallVolume(2, r), "disc r=" + r);
      assertClose(Math.log(4.0 / 3 * Math.PI * r * r * r), KnnDensity.logBallVolume(3, r), "ball r=" + r);
      assertClose(Math.log(Math.PI * Math.PI / 2 * Math.pow(r, 4)), KnnDensity.logBallVolume(4, r), "4-ball r=" + r);
      assertClose(Math.log(8 * Math.PI * Math.PI / 15 * Math.pow(r, 5)), KnnDensity.logBallVolume(5, r),
          "5-ball r=" + r);
      // d = 10: V = π^5 r^10 / 5!
      assertClose(Math.log(Math.pow(Math.PI, 5) / 120 * Math.pow(r, 10)), KnnDensity.logBallVolume(10, r),
          "10-ball r=" + r);
    }
  }

  @Test
  void ballVolumesMatchScipy() {
    JsonNode fixture = Fixtures.json("/fixtures/density/gammaln.json");
    for (JsonNode ball : fixture.get("balls")) {
      double d = ball.get("d").asDouble();
      double r = ball.get("r").asDouble();
      assertClose(ball.get("log_ball_volume").asDouble(), KnnDensity.logBallVolume(d, r), "d=" + d + " r=" + r);
    }
  }

  @Test
  void volumetricAndLoftsgaardenQuesenberryDensities() {
    // 3 points in the unit disc: 3/π per unit area; among n = 10 points: 3/(10π).
    assertClose(Math.log(3 / Math.PI), KnnDensity.logVolumetricDensity(3, 2, 1), "volumetric");
    assertClose(Math.log(3 / (10 * Math.PI)), KnnDensity.logLoftsgaardenQuesenberry(3, 10, 2, 1), "L-Q");
    // The notebook's overflow: d = 1333 at r = 2 is still finite in log space.
    double logRho = KnnDensity.logVolumetricDensity(20, 1333, 2);
    assertTrue(Double.isFinite(logRho));
    assertClose(Math.log(20) - (666.5 * Math.log(Math.PI) - LogGamma.logGamma(667.5) + 1333 * Math.log(2)),
        logRho, "d = 1333");
  }

  @Test
  void zeroRadius() {
    assertEquals(Double.NEGATIVE_INFINITY, KnnDensity.logBallVolume(5, 0));
    assertEquals(Double.POSITIVE_INFINITY, KnnDensity.logVolumetricDensity(3, 5, 0));
    assertEquals(Double.POSITIVE_INFINITY, KnnDensity.logLoftsgaardenQuesenberry(3, 7, 5, 0));
  }

  @Test
  void badArgumentsNameTheArgument() {
    assertEquals("d must be a finite dimension > 0, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> KnnDensity.logBallVolume(0, 1)).getMessage());
    assertEquals("r must be >= 0, got -1.0",
        assertThrows(IllegalArgumentException.class, () -> KnnDensity.logBallVolume(2, -1)).getMessage());
    assertEquals("k must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> KnnDensity.logVolumetricDensity(0, 2, 1)).getMessage());
    assertEquals("n must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> KnnDensity.logLoftsgaardenQuesenberry(1, 0, 2, 1))
            .getMessage());
  }
}
