package org.causaldensity.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class NormalTailTest {
  private static final double RELATIVE = 1e-12;

  @Test
  void survivalMatchesScipyNormSfFromTheBulkToTheFarTail() {
    for (JsonNode c : AnswerFixture.root().get("normal_tail")) {
      double expected = c.get("survival").asDouble();
      double actual = NormalTail.survival(c.get("z").asDouble());
      assertEquals(expected, actual, RELATIVE * expected, "z = " + c.get("z"));
    }
  }

  @Test
  void infinitiesGiveZeroAndOne() {
    assertEquals(0.0, NormalTail.survival(Double.POSITIVE_INFINITY));
    assertEquals(1.0, NormalTail.survival(Double.NEGATIVE_INFINITY));
  }
}
