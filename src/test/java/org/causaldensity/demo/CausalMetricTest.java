package org.causaldensity.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CausalMetricTest {
  /** float32 rounding of M's entries, relative to the quadratic form. */
  private static final double STORED_METRIC_TOLERANCE = 1e-6;
  private static final double ROUND_TRIP_TOLERANCE = 1e-12;
  private static final int HIDDEN = 40;

  private final CausalMetric metric = CausalMetric.generate(9, HIDDEN, 64, 0.02);

  private static double[] random(SplittableRandom random) {
    double[] x = new double[HIDDEN];
    for (int k = 0; k < HIDDEN; k++) {
      x[k] = random.nextGaussian() * 0.02;
    }
    return x;
  }

  @Test
  void whitenedSquaredNormIsTheQuadraticFormOfTheStoredMatrix() {
    float[] m = metric.toFloat32();
    SplittableRandom random = new SplittableRandom(1);
    for (int trial = 0; trial < 50; trial++) {
      double[] x = random(random);
      double form = 0;
      for (int i = 0; i < HIDDEN; i++) {
        for (int j = 0; j < HIDDEN; j++) {
          form += x[i] * m[i * HIDDEN + j] * x[j];
        }
      }
      double[] w = x.clone();
      metric.whiten(w);
      double squared = Streams.norm(w) * Streams.norm(w);
      assertEquals(form, squared, STORED_METRIC_TOLERANCE * form, "trial " + trial);
    }
  }

  @Test
  void unwhitenInvertsWhiten() {
    SplittableRandom random = new SplittableRandom(2);
    double[] x = random(random);
    double[] y = x.clone();
    metric.whiten(y);
    metric.unwhiten(y);
    for (int k = 0; k < HIDDEN; k++) {
      assertEquals(x[k], y[k], ROUND_TRIP_TOLERANCE);
    }
  }

  @Test
  void rayleighQuotientsStayWithinTheStatedCondition() {
    // For any x, xᵀMx / xᵀx lies in [λmin, λmax] and λmax/λmin = CONDITION: check with the unit vectors of
    // whitened space mapped back, whose quotients reach both ends.
    float[] m = metric.toFloat32();
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (int k = 0; k < HIDDEN; k++) {
      double[] x = new double[HIDDEN];
      x[k] = 1;
      metric.unwhiten(x); // an eigenvector of M (eigenvalue λ_k), scaled by λ_k^{-1/2}
      double form = 0;
      double norm2 = 0;
      for (int i = 0; i < HIDDEN; i++) {
        norm2 += x[i] * x[i];
        for (int j = 0; j < HIDDEN; j++) {
          form += x[i] * m[i * HIDDEN + j] * x[j];
        }
      }
      min = Math.min(min, form / norm2);
      max = Math.max(max, form / norm2);
    }
    assertEquals(CausalMetric.CONDITION, max / min, 1e-4 * CausalMetric.CONDITION);
    assertEquals(metric.minEigenvalue(), min, 1e-6 * min);
  }

  @Test
  void sameSeedSameMetric() {
    float[] a = CausalMetric.generate(9, HIDDEN, 64, 0.02).toFloat32();
    float[] b = metric.toFloat32();
    float[] c = CausalMetric.generate(10, HIDDEN, 64, 0.02).toFloat32();
    assertTrue(java.util.Arrays.equals(a, b));
    assertTrue(!java.util.Arrays.equals(a, c));
  }
}
