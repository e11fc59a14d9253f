package org.causaldensity.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class LevinaBickelTest {
  private static final double RELATIVE = 1e-12;

  @Test
  void sevenDimensionalGaussianSubspaceInside256DimensionsGivesSeven() {
    DimensionEstimate estimate =
        LevinaBickel.estimate(TwoNnTest.IntrinsicDimensionScenes.sevenDimensionalSubspace(), 20);
    assertEquals(7.0, estimate.estimate(), TwoNnTest.DIMENSION_TOLERANCE, estimate.toString());
  }

  @Test
  void mackayGhahramaniAverageMatchesNumpyWithDuplicatesSkipped() {
    JsonNode c = AnswerFixture.root().get("intrinsic_dimension");
    int k = c.get("k").asInt();
    DimensionEstimate estimate = LevinaBickel.estimate(AnswerFixture.rows(AnswerFixture.float32s(c.get("knn_distances")), k), k);
    double expected = c.get("levina_bickel").asDouble();
    assertEquals(expected, estimate.estimate(), RELATIVE * expected);
    assertEquals(c.get("skipped").asInt(), estimate.tokensSkipped());
  }

  @Test
  void perTokenInverseIsTheMeanLogRatioToTheKthNeighbour() {
    double[] row = {1, 2, 4};
    assertEquals((Math.log(4) + Math.log(2)) / 2, LevinaBickel.inverseEstimate(row, 3), 1e-15);
    // Two tokens with inverses 1/2 and 1/4: the MacKay–Ghahramani estimate is 1/mean = 8/3, not (2 + 4)/2.
    double e = Math.E;
    DimensionEstimate estimate = LevinaBickel.estimate(new double[][] {{1, e}, {1, Math.sqrt(e)}}, 2);
    assertEquals(1 / ((1 + 0.5) / 2), estimate.estimate(), 1e-12);
  }

  @Test
  void kBelowTwoIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> LevinaBickel.estimate(new double[][] {{1, 2}}, 1));
  }
}
