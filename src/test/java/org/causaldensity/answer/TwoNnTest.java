package org.causaldensity.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TwoNnTest {
  /** Stated tolerance for a 7-dimensional Gaussian, N = 2000 (the estimators' own spread is a few tenths). */
  static final double DIMENSION_TOLERANCE = 1.0;
  private static final double RELATIVE = 1e-12;

  @Test
  void sevenDimensionalGaussianSubspaceInside256DimensionsGivesSeven() {
    double[][] knn = IntrinsicDimensionScenes.sevenDimensionalSubspace();
    DimensionEstimate mle = TwoNn.maximumLikelihood(knn);
    DimensionEstimate fit = TwoNn.linearFit(knn, 0.1);
    assertEquals(7.0, mle.estimate(), DIMENSION_TOLERANCE, "mle " + mle);
    assertEquals(7.0, fit.estimate(), DIMENSION_TOLERANCE, "linear fit " + fit);
    assertEquals(2000, mle.tokensUsed());
    assertEquals(0, mle.tokensSkipped());
  }

  @Test
  void maximumLikelihoodAndLinearFitMatchNumpyWithDuplicatesSkipped() {
    JsonNode c = AnswerFixture.root().get("intrinsic_dimension");
    double[][] knn = AnswerFixture.rows(AnswerFixture.float32s(c.get("knn_distances")), c.get("k").asInt());
    DimensionEstimate mle = TwoNn.maximumLikelihood(knn);
    DimensionEstimate fit = TwoNn.linearFit(knn, c.get("discard_fraction").asDouble());
    double expectedMle = c.get("twonn_mle").asDouble();
    double expectedFit = c.get("twonn_linear_fit").asDouble();
    assertEquals(expectedMle, mle.estimate(), RELATIVE * expectedMle);
    assertEquals(expectedFit, fit.estimate(), RELATIVE * expectedFit);
    assertEquals(c.get("skipped").asInt(), mle.tokensSkipped());
    assertEquals(c.get("tokens").asInt() - c.get("skipped").asInt(), fit.tokensUsed());
  }

  @Test
  void onlyDuplicatesGiveNaN() {
    DimensionEstimate mle = TwoNn.maximumLikelihood(new double[][] {{0, 1}, {0, 2}});
    assertEquals(Double.NaN, mle.estimate());
    assertEquals(2, mle.tokensSkipped());
  }

  @Test
  void descendingDistancesAreRejectedNamingTheToken() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TwoNn.maximumLikelihood(new double[][] {{1, 2}, {3, 2}}));
    assertEquals("knn distances: token 1 neighbour 2 has distance 2.0 below the previous 3.0, expected ascending "
        + "distances", e.getMessage());
  }

  @Test
  void rowWithOneDistanceIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TwoNn.maximumLikelihood(new double[][] {{1}}));
    assertTrue(e.getMessage().contains("token 0 has 1 neighbour distances, expected at least 2"), e.getMessage());
  }

  @Test
  void discardingNothingIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> TwoNn.linearFit(new double[][] {{1, 2}}, 0.0));
  }

  /** Shared, computed once: a 7-dimensional Gaussian in a random subspace of R^256, N = 2000, k = 20. */
  static final class IntrinsicDimensionScenes {
    private static double[][] knn;

    static synchronized double[][] sevenDimensionalSubspace() {
      if (knn == null) {
        double[][] points = SyntheticClouds.gaussianInSubspace(new Random(7), 2000, 7, 256);
        knn = SyntheticClouds.knnDistances(points, 20);
      }
      return knn;
    }
  }
}
