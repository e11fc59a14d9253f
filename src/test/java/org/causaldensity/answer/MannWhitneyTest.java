package org.causaldensity.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class MannWhitneyTest {
  private static final double P_RELATIVE = 1e-10;

  @Test
  void uAndPMatchScipyAsymptoticWithContinuity() {
    for (JsonNode c : AnswerFixture.root().get("mann_whitney")) {
      MannWhitney.Result result =
          MannWhitney.test(AnswerFixture.float32s(c.get("x")), AnswerFixture.float32s(c.get("y")));
      String name = c.get("name").asText();
      assertEquals(c.get("u").asDouble(), result.u(), 0.0, name);
      double p = c.get("p_value").asDouble();
      assertEquals(p, result.pValue(), P_RELATIVE * p, name);
    }
  }

  @Test
  void allValuesTiedGivesPOfOne() {
    MannWhitney.Result result = MannWhitney.test(new double[] {2, 2, 2}, new double[] {2, 2});
    assertEquals(3.0, result.u());
    assertEquals(1.0, result.pValue());
  }

  @Test
  void signedZerosAreOneValue() {
    MannWhitney.Result mixed = MannWhitney.test(new double[] {-0.0, 1}, new double[] {0.0, 2});
    MannWhitney.Result plain = MannWhitney.test(new double[] {0.0, 1}, new double[] {0.0, 2});
    assertEquals(plain, mixed);
  }

  @Test
  void emptySampleGivesNaN() {
    MannWhitney.Result result = MannWhitney.test(new double[0], new double[] {1});
    assertEquals(Double.NaN, result.u());
    assertEquals(Double.NaN, result.pValue());
  }

  @Test
  void nanIsRejectedWithItsPlace() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MannWhitney.test(new double[] {1}, new double[] {2, Double.NaN}));
    assertEquals("y[1] is NaN; the test needs ordered values", e.getMessage());
  }
}
