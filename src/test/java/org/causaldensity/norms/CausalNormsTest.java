package org.causaldensity.norms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CausalNormsTest {
  /** Float32 product error, relative to Σ |γ_p| |M_pq| |γ_q|. */
  private static final double RELATIVE_TOLERANCE = 1e-5;

  private static float[] random(Random random, int length) {
    float[] x = new float[length];
    for (int i = 0; i < length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }

  /** A·Aᵀ/d: symmetric positive semi-definite. */
  private static float[] psd(Random random, int d) {
    float[] a = random(random, d * d);
    float[] m = new float[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double s = 0;
        for (int p = 0; p < d; p++) {
          s += (double) a[i * d + p] * a[j * d + p];
        }
        m[i * d + j] = (float) (s / d);
      }
    }
    return m;
  }

  private static void assertForms(float[] gamma, int rows, int d, float[] metric, double[] got) {
    for (int i = 0; i < rows; i++) {
      double exact = 0;
      double scale = 0;
      for (int p = 0; p < d; p++) {
        for (int q = 0; q < d; q++) {
          double term = (double) gamma[i * d + p] * metric[p * d + q] * gamma[i * d + q];
          exact += term;
          scale += Math.abs(term);
        }
      }
      assertEquals(exact, got[i], RELATIVE_TOLERANCE * scale + Double.MIN_NORMAL, "row " + i + " of d=" + d);
    }
  }

  @Test
  void matchDoubleLoops() {
    Random random = new Random(8);
    for (int d : new int[] {1, 7, 33, 65}) {
      float[] metric = psd(random, d);
      for (int rows : new int[] {1, 7, 33, 1100}) { // 1100 > one block of 1024 rows
        float[] gamma = random(random, rows * d);
        CausalNorms.QuadraticForms forms = CausalNorms.evaluate(gamma, rows, d, metric, 2);
        assertForms(gamma, rows, d, metric, forms.squaredNorms());
        assertNull(forms.problem());
        double[] norms = CausalNorms.norms(gamma, rows, d, metric);
        double[] squared = CausalNorms.squaredNorms(gamma, rows, d, metric);
        for (int i = 0; i < rows; i++) {
          assertEquals(Math.sqrt(squared[i]), norms[i], 0.0);
        }
      }
    }
  }

  @Test
  void nonSymmetricMetricGivesTheSameFormsAsDoubleLoops() {
    // γᵀMγ only sees M + Mᵀ; a non-symmetric M must give the same forms as the plain product would.
    Random random = new Random(9);
    for (int d : new int[] {1, 7, 40}) {
      float[] metric = random(random, d * d);
      float[] gamma = random(random, 33 * d);
      assertForms(gamma, 33, d, metric, CausalNorms.squaredNorms(gamma, 33, d, metric));
    }
  }

  @Test
  void negativeFormsAreReported() {
    // M = diag(1, -1): γᵀMγ = γ0² − γ1², negative for rows 1, 3 and 4.
    float[] metric = {1, 0, 0, -1};
    float[] gamma = {2, 1, 1, 2, 3, 0, 0, 1, 1, 5};
    CausalNorms.QuadraticForms forms = CausalNorms.evaluate(gamma, 5, 2, metric, 1);
    assertEquals(3, forms.negativeCount());
    assertEquals(1, forms.firstNegative());
    assertTrue(Double.isNaN(forms.norms()[1]));
    assertEquals(Math.sqrt(3), forms.norms()[0], 1e-12);
    assertEquals("M is not positive semi-definite: 3 of 5 tokens have γᵀMγ < 0 (first: row 1, γᵀMγ = -3.00000)",
        forms.problem());
  }

  @Test
  void nonFiniteFormsAreReported() {
    float[] metric = {1, 0, 0, 1};
    float[] gamma = {1, 1, Float.NaN, 0, 1, 2};
    CausalNorms.QuadraticForms forms = CausalNorms.evaluate(gamma, 3, 2, metric, 1);
    assertEquals(1, forms.nonFiniteCount());
    assertEquals(1, forms.firstNonFinite());
    assertTrue(forms.problem().startsWith("γᵀMγ is not finite for 1 of 3 tokens (first: row 1"), forms.problem());
  }

  @Test
  void badShapes() {
    assertEquals("gamma: length 5 < rows×d = 6", assertThrows(IllegalArgumentException.class,
        () -> CausalNorms.squaredNorms(new float[5], 3, 2, new float[4])).getMessage());
    assertEquals("metric: length 3 < d×d = 4", assertThrows(IllegalArgumentException.class,
        () -> CausalNorms.squaredNorms(new float[6], 3, 2, new float[3])).getMessage());
    assertEquals(0, CausalNorms.squaredNorms(new float[0], 0, 2, new float[4]).length);
  }
}
