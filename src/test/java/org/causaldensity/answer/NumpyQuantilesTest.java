package org.causaldensity.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NumpyQuantilesTest {

  @Test
  void percentilesAndMediansEqualNumpyBitForBit() {
    for (JsonNode c : AnswerFixture.root().get("percentiles")) {
      double[] sorted = AnswerFixture.float32s(c.get("values"));
      Arrays.sort(sorted);
      double[] percents = AnswerFixture.doubles(c.get("percents"));
      double[] expected = AnswerFixture.doubles(c.get("expected"));
      for (int q = 0; q < percents.length; q++) {
        assertEquals(expected[q], NumpyQuantiles.percentile(sorted, sorted.length, percents[q]), 0.0,
            "n = " + sorted.length + ", percent " + percents[q]);
      }
      assertEquals(c.get("median").asDouble(), NumpyQuantiles.median(sorted, 0, sorted.length), 0.0);
    }
  }

  @Test
  void infiniteUpperNeighbourGivesInfinityNotNaN() {
    double[] sorted = {1, 2, Double.POSITIVE_INFINITY};
    assertEquals(Double.POSITIVE_INFINITY, NumpyQuantiles.percentile(sorted, 3, 97.5));
    assertEquals(1.5, NumpyQuantiles.percentile(sorted, 3, 25));
    assertEquals(2.0, NumpyQuantiles.percentile(sorted, 3, 50));
    assertEquals(Double.POSITIVE_INFINITY, NumpyQuantiles.median(new double[] {1, Double.POSITIVE_INFINITY}, 0, 2));
  }

  @Test
  void noValuesGiveNaN() {
    assertEquals(Double.NaN, NumpyQuantiles.percentile(new double[0], 0, 50));
    assertEquals(Double.NaN, NumpyQuantiles.median(new double[0], 0, 0));
  }
}
