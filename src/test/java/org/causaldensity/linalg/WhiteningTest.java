package org.causaldensity.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import org.junit.jupiter.api.Test;

class WhiteningTest {
  /** Relative error of FFᵀ against M and of ‖Fᵀδ‖² against δᵀMδ (float64 arithmetic, d ≤ 64). */
  private static final double TOLERANCE = 1e-10;

  /** M = AAᵀ (+ ridge) in float32: rank r when ridge is 0. */
  private static float[] metric(Random random, int d, int r, double ridge) {
    double[] a = new double[d * r];
    for (int i = 0; i < a.length; i++) {
      a[i] = random.nextGaussian();
    }
    float[] m = new float[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double s = i == j ? ridge : 0;
        for (int p = 0; p < r; p++) {
          s += a[i * r + p] * a[j * r + p];
        }
        m[i * d + j] = (float) s;
        m[j * d + i] = (float) s;
      }
    }
    return m;
  }

  private static void assertFactors(float[] m, int d, Whitening w) {
    double[] f = w.factor();
    int r = w.dimension();
    double scale = 0;
    for (float v : m) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double s = 0;
        for (int p = 0; p < r; p++) {
          s += f[i * r + p] * f[j * r + p];
        }
        assertEquals(m[i * d + j], s, 1e-6 * scale, "FFᵀ[" + i + "," + j + "]");
      }
    }
  }

  @Test
  void choleskyOfAPositiveDefiniteMetric() {
    Random random = new Random(1);
    int d = 40;
    float[] m = metric(random, d, d, 0.5);
    Whitening w = Whitening.of(m, d, "M.pt");
    assertTrue(w.isCholesky());
    assertEquals(d, w.dimension());
    assertFactors(m, d, w);
    // ‖Fᵀγᵢ − Fᵀγⱼ‖² = (γᵢ−γⱼ)ᵀM(γᵢ−γⱼ), computed another way (double quadratic form).
    int rows = 5;
    float[] gamma = new float[rows * d];
    for (int i = 0; i < gamma.length; i++) {
      gamma[i] = (float) random.nextGaussian();
    }
    double[] x = new double[rows * d];
    w.whiten(gamma, rows, x, 2);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < rows; j++) {
        double form = 0;
        double dist = 0;
        for (int p = 0; p < d; p++) {
          for (int q = 0; q < d; q++) {
            form += ((double) gamma[i * d + p] - gamma[j * d + p]) * m[p * d + q]
                * ((double) gamma[i * d + q] - gamma[j * d + q]);
          }
          double diff = x[i * d + p] - x[j * d + p];
          dist += diff * diff;
        }
        assertEquals(form, dist, TOLERANCE * Math.max(1, form), "pair " + i + "," + j);
      }
    }
  }

  @Test
  void semiDefiniteMetricGoesThroughTheEigenDecomposition() {
    Random random = new Random(2);
    int d = 30;
    float[] m = metric(random, d, 12, 0);
    Whitening w = Whitening.of(m, d, "M.pt");
    assertFalse(w.isCholesky());
    assertTrue(w.dimension() >= 12 && w.dimension() <= d, "rank " + w.dimension());
    assertFactors(m, d, w);
  }

  @Test
  void indefiniteMetricIsRefusedNamingTheFile() {
    Random random = new Random(3);
    int d = 20;
    float[] m = metric(random, d, d, 0.1);
    m[0] = -50f;
    CausalDensityException e = assertThrows(CausalDensityException.class, () -> Whitening.of(m, d, "bad_M.pt"));
    assertEquals(Failure.INCONSISTENT_INPUTS, e.failure());
    assertTrue(e.getMessage().contains("bad_M.pt") && e.getMessage().contains("not positive semi-definite"),
        e.getMessage());
  }

  @Test
  void bitIdenticalRowsWhitenToBitIdenticalRows() {
    Random random = new Random(4);
    int d = 37;
    Whitening w = Whitening.of(metric(random, d, d, 1), d, "M.pt");
    int rows = 19;
    float[] gamma = new float[rows * d];
    for (int i = 0; i < gamma.length; i++) {
      gamma[i] = (float) random.nextGaussian();
    }
    System.arraycopy(gamma, 0, gamma, 17 * d, d); // row 17 = row 0, in another register tile
    System.arraycopy(gamma, 0, gamma, 9 * d, d);
    for (int threads : new int[] {1, 3}) {
      double[] x = new double[rows * d];
      w.whiten(gamma, rows, x, threads);
      for (int a = 0; a < d; a++) {
        assertEquals(x[a], x[17 * d + a], 0.0);
        assertEquals(x[a], x[9 * d + a], 0.0);
      }
    }
  }

  @Test
  void doubleGemmMatchesLoops() {
    Random random = new Random(5);
    int m = 37;
    int p = 600;
    int n = 45;
    double[] a = new double[m * p];
    double[] b = new double[p * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = random.nextGaussian();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = random.nextGaussian();
    }
    double[] c = new double[m * n];
    DoubleGemm.multiply(a, m, b, p, n, c, 2);
    double[] expected = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int q = 0; q < p; q++) {
          s += a[i * p + q] * b[q * n + j];
        }
        expected[i * n + j] = s;
      }
    }
    assertArrayEquals(expected, c, 1e-11);
  }
}
