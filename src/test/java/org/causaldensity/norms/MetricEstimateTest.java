package org.causaldensity.norms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.causaldensity.answer.CovarianceAccumulator;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import org.causaldensity.testing.GaussJordan;
import org.junit.jupiter.api.Test;

/** M = (Cov + λI)⁻¹ against a covariance and an inverse computed by brute force in the test. */
class MetricEstimateTest {
  /** float32 rounding of M: relative to the largest entry. */
  static final double FLOAT_TOLERANCE = 2e-7;

  static float[] rows(int n, int d, long seed) {
    Random random = new Random(seed);
    float[] rows = new float[n * d];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = (float) (3 + 0.05 * random.nextGaussian() * (1 + i % d)); // a large mean, anisotropic spread
    }
    return rows;
  }

  static double[] expected(float[] rows, int n, int d, double ridge) {
    double[] mean = new double[d];
    for (int r = 0; r < n; r++) {
      for (int a = 0; a < d; a++) {
        mean[a] += rows[r * d + a] / (double) n;
      }
    }
    double[] cov = new double[d * d];
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < d; b++) {
        double s = 0;
        for (int r = 0; r < n; r++) {
          s += (rows[r * d + a] - mean[a]) * (rows[r * d + b] - mean[b]);
        }
        cov[a * d + b] = s / n + (a == b ? ridge : 0);
      }
    }
    return GaussJordan.inverse(cov, d);
  }

  static void assertClose(double[] expected, float[] got) {
    double scale = 0;
    for (double v : expected) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], got[i], FLOAT_TOLERANCE * scale, "entry " + i);
    }
  }

  @Test
  void inverseOfPopulationCovarianceWithRidge() {
    int n = 500;
    int d = 12;
    float[] rows = rows(n, d, 1);
    float[] m = MetricEstimate.of(new CovarianceAccumulator(d).add(rows, n), 1e-6, "fixture");
    assertClose(expected(rows, n, d, 1e-6), m);
  }

  @Test
  void ridgeMakesFewerRowsThanDimensionsInvertible() {
    int n = 5;
    int d = 9;
    float[] rows = rows(n, d, 2);
    CovarianceAccumulator covariance = new CovarianceAccumulator(d).add(rows, n);
    assertClose(expected(rows, n, d, 1e-2), MetricEstimate.of(covariance, 1e-2, "fixture"));
    CausalDensityException e = assertThrows(CausalDensityException.class,
        () -> MetricEstimate.of(covariance, 0, "model.safetensors"));
    assertEquals(Failure.INCONSISTENT_INPUTS, e.failure());
    assertTrue(e.getMessage().startsWith("model.safetensors: Cov(γ) + λI with λ = 0.0 over 5 rows is not positive "
        + "definite"), e.getMessage());
    assertTrue(e.getMessage().endsWith("raise --metric-ridge"));
  }

  @Test
  void populationNotSampleCovariance() {
    // Two rows ±1 in one dimension: population variance 1, sample variance 2; M = 1/(1 + λ).
    float[] m = MetricEstimate.of(new CovarianceAccumulator(1).add(new float[] {-1, 1}, 2), 0.25, "x");
    assertEquals(1 / 1.25, m[0], 1e-7);
  }

  @Test
  void noRowsIsRefused() {
    assertThrows(CausalDensityException.class, () -> MetricEstimate.of(new CovarianceAccumulator(3), 1e-6, "x"));
  }

  @Test
  void flatAddEqualsRowArrays() {
    int n = 300;
    int d = 5;
    float[] rows = rows(n, d, 3);
    float[][] split = new float[n][d];
    for (int r = 0; r < n; r++) {
      System.arraycopy(rows, r * d, split[r], 0, d);
    }
    double[] flat = new CovarianceAccumulator(d).add(rows, n).populationCovariance();
    double[] nested = new CovarianceAccumulator(d).add(split).covariance();
    for (int i = 0; i < flat.length; i++) {
      assertEquals(nested[i] * (n - 1) / n, flat[i], 1e-12 * Math.abs(nested[i]));
    }
  }
}
