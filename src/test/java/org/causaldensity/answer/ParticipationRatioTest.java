package org.causaldensity.answer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParticipationRatioTest {
  private static final double RELATIVE = 1e-10;
  /** M is stored in float32: entries carry ~1e-7 relative rounding. */
  private static final double FLOAT_METRIC_RELATIVE = 1e-5;
  /** Sampling error of PR for n = 4000 isotropic rows: PR ≈ r·(1 − (r+1)/n) ± a few hundredths. */
  private static final double SAMPLING_TOLERANCE = 0.2;

  @Test
  void metricWithKnownEigenvaluesGivesTheClosedForm() {
    int d = 40;
    double[][] q = SyntheticClouds.orthonormalBasis(new Random(21), d, d);
    float[] metric = new float[d * d];
    double sum = 0;
    double sumSquares = 0;
    for (int e = 0; e < d; e++) {
      double lambda = e + 1; // eigenvalues 1..d
      sum += lambda;
      sumSquares += lambda * lambda;
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          metric[i * d + j] += (float) (lambda * q[e][i] * q[e][j]);
        }
      }
    }
    // (d(d+1)/2)² / (d(d+1)(2d+1)/6) = 3d(d+1) / (2(2d+1)) = 30.37 for d = 40
    assertEquals(3.0 * d * (d + 1) / (2.0 * (2 * d + 1)), sum * sum / sumSquares, 1e-12);
    assertEquals(sum * sum / sumSquares, ParticipationRatio.ofMetric(metric, d), FLOAT_METRIC_RELATIVE * d);
    float[] fourEqual = new float[d * d];
    for (int i = 0; i < 4; i++) {
      fourEqual[i * d + i] = 2.5f; // r equal non-zero eigenvalues give r
    }
    assertEquals(4.0, ParticipationRatio.ofMetric(fourEqual, d), 1e-12);
    assertEquals(Double.NaN, ParticipationRatio.ofMetric(new float[d * d], d));
  }

  @Test
  void isotropicGaussianInEightOf24DimensionsGivesEight() {
    Random random = new Random(11);
    double[][] rows = SyntheticClouds.gaussianInSubspace(random, 4000, 8, 24);
    double[] cov = new CovarianceAccumulator(24).add(rows).covariance();
    assertEquals(8.0, ParticipationRatio.of(cov, 24), SAMPLING_TOLERANCE);
    assertEquals(ParticipationRatio.of(cov, 24), ParticipationRatio.of(cov, identity(24), 24), 1e-12);
  }

  @Test
  void metricThatWhitensAnAnisotropicCloudGivesTheFullDimension() {
    Random random = new Random(12);
    int d = 10;
    double[][] rows = new double[4000][d];
    double[] metric = new double[d * d];
    double sumVariance = 0;
    double sumSquaredVariance = 0;
    for (int a = 0; a < d; a++) {
      double sd = Math.pow(3, a - 5); // variances 9^(a-5): with M = I one axis dominates
      sumVariance += sd * sd;
      sumSquaredVariance += sd * sd * sd * sd;
      metric[a * d + a] = 1 / (sd * sd);
      for (double[] row : rows) {
        row[a] = sd * random.nextGaussian();
      }
    }
    double[] cov = new CovarianceAccumulator(d).add(rows).covariance();
    double unwhitened = sumVariance * sumVariance / sumSquaredVariance; // 1.25
    assertEquals(unwhitened, ParticipationRatio.of(cov, d), SAMPLING_TOLERANCE);
    assertEquals(d, ParticipationRatio.of(cov, metric, d), SAMPLING_TOLERANCE);
  }

  @Test
  void matchesNumpyEigenvaluesOfTheWhitenedCovariance() {
    JsonNode c = AnswerFixture.root().get("participation_ratio");
    int d = c.get("d").asInt();
    double[] cov = new CovarianceAccumulator(d).add(AnswerFixture.rows(AnswerFixture.float32s(c.get("rows")), d))
        .covariance();
    double[] metric = AnswerFixture.float32s(c.get("metric"));
    double expected = c.get("pr_metric").asDouble();
    assertEquals(expected, ParticipationRatio.of(cov, metric, d), RELATIVE * expected);
    double expectedIdentity = c.get("pr_identity").asDouble();
    assertEquals(expectedIdentity, ParticipationRatio.of(cov, d), RELATIVE * expectedIdentity);
  }

  @Test
  void tiledProductEqualsTheTextbookTripleLoop() {
    Random random = new Random(13);
    int d = 300; // crosses the 64 and 256 tile edges unevenly
    double[] a = new double[d * d];
    double[] b = new double[d * d];
    for (int i = 0; i < a.length; i++) {
      a[i] = random.nextGaussian();
      b[i] = random.nextGaussian();
    }
    double[] expected = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double sum = 0;
        for (int k = 0; k < d; k++) {
          sum += a[i * d + k] * b[k * d + j];
        }
        expected[i * d + j] = sum;
      }
    }
    assertArrayEquals(expected, ParticipationRatio.multiply(a, b, d), 1e-10);
  }

  @Test
  void zeroCovarianceGivesNaN() {
    assertEquals(Double.NaN, ParticipationRatio.of(new double[4], 2));
  }

  @Test
  void wrongSizedMetricIsRejectedWithBothSizes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ParticipationRatio.of(identity(3), new double[8], 3));
    assertEquals("metric: has 8 values, expected 3 x 3 = 9", e.getMessage());
  }

  private static double[] identity(int d) {
    double[] m = new double[d * d];
    for (int a = 0; a < d; a++) {
      m[a * d + a] = 1;
    }
    return m;
  }
}
