package org.causaldensity.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class GemmTest {
  /** Float32 accumulation error bound, relative to sum_p |a||b| of each entry. */
  private static final double RELATIVE_TOLERANCE = 1e-5;
  private static final int[] SIZES = {1, 7, 33, 257};

  private static float[] random(Random random, int length) {
    float[] x = new float[length];
    for (int i = 0; i < length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }

  /** Checks c against double loops; bT selects whether b is n×d (A·Bᵀ) or d×n (A·B). */
  private static void assertProduct(float[] a, int m, float[] b, int n, int d, boolean bT, float[] c) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double exact = 0;
        double scale = 0;
        for (int p = 0; p < d; p++) {
          double bv = bT ? b[j * d + p] : b[p * n + j];
          exact += (double) a[i * d + p] * bv;
          scale += Math.abs((double) a[i * d + p] * bv);
        }
        double tolerance = RELATIVE_TOLERANCE * scale + Double.MIN_NORMAL;
        assertEquals(exact, c[i * n + j], tolerance, "c[" + i + "," + j + "] of " + m + "×" + n + "×" + d);
      }
    }
  }

  @Test
  void transposedProductMatchesDoubleLoopsOnOddShapes() {
    Random random = new Random(42);
    for (int m : SIZES) {
      for (int n : SIZES) {
        for (int d : SIZES) {
          float[] a = random(random, m * d);
          float[] b = random(random, n * d);
          float[] c = random(random, m * n); // garbage that must be overwritten
          Gemm.multiplyTransposed(a, m, b, n, d, c, 2);
          assertProduct(a, m, b, n, d, true, c);
        }
      }
    }
  }

  @Test
  void plainProductMatchesDoubleLoopsOnOddShapes() {
    Random random = new Random(7);
    for (int m : SIZES) {
      for (int n : SIZES) {
        for (int d : SIZES) {
          float[] a = random(random, m * d);
          float[] b = random(random, d * n);
          float[] c = random(random, m * n);
          Gemm.multiply(a, m, b, d, n, c, 2);
          assertProduct(a, m, b, n, d, false, c);
        }
      }
    }
  }

  @Test
  void severalKBlocksAndThreadSplitsAgree() {
    // d > KC (several k-blocks, accumulation into C, the last one partial), rows > MC, and both split directions;
    // derived from the kernel's blocking so that they keep covering it when KC changes.
    Random random = new Random(3);
    int[][] shapes = {{Gemm.MC * 6 + 12, 70, 2 * Gemm.KC + 37}, {70, Gemm.MC * 6 + 12, 2 * Gemm.KC + 37},
        {Gemm.MC * 4 + 11, Gemm.MC * 4 + 11, Gemm.KC + 1}};
    for (int[] s : shapes) {
      int m = s[0];
      int n = s[1];
      int d = s[2];
      assertTrue(d > Gemm.KC && Math.max(m, n) > Gemm.MC, "the shape must span several blocks");
      float[] a = random(random, m * d);
      float[] b = random(random, n * d);
      float[] c1 = new float[m * n];
      float[] c2 = new float[m * n];
      Gemm.multiplyTransposed(a, m, b, n, d, c1, 1);
      Gemm.multiplyTransposed(a, m, b, n, d, c2, 2);
      assertProduct(a, m, b, n, d, true, c1);
      assertProduct(a, m, b, n, d, true, c2);
      float[] bt = new float[d * n];
      for (int j = 0; j < n; j++) {
        for (int p = 0; p < d; p++) {
          bt[p * n + j] = b[j * d + p];
        }
      }
      float[] c3 = new float[m * n];
      Gemm.multiply(a, m, bt, d, n, c3, 2);
      assertProduct(a, m, bt, n, d, false, c3);
    }
  }

  /** Checks the upper triangle of c against XᵀX for x with n rows of d, in double. */
  private static void assertGramUpper(float[] x, int n, int d, float[] c) {
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        double exact = 0;
        double scale = 0;
        for (int r = 0; r < n; r++) {
          double t = (double) x[r * d + i] * x[r * d + j];
          exact += t;
          scale += Math.abs(t);
        }
        assertEquals(exact, c[i * d + j], RELATIVE_TOLERANCE * scale + Double.MIN_NORMAL,
            "c[" + i + "," + j + "] of " + n + "×" + d);
      }
    }
  }

  @Test
  void gramUpperMatchesDoubleLoopsOnOddShapes() {
    Random random = new Random(11);
    for (int n : SIZES) {
      for (int d : SIZES) {
        float[] x = random(random, n * d);
        float[] c = new float[d * d];
        Gemm.gramUpper(x, n, d, c, 2);
        assertGramUpper(x, n, d, c);
      }
    }
  }

  @Test
  void gramUpperOverSeveralBlocksAndThreads() {
    // n > KC: several k-blocks; d > NC: two column blocks, the second starting below the diagonal of the first.
    Random random = new Random(12);
    int[][] shapes = {{Gemm.KC + 76, 70}, {3, Gemm.NC + 37}};
    for (int[] s : shapes) {
      int n = s[0];
      int d = s[1];
      float[] x = random(random, n * d);
      float[] c1 = new float[d * d];
      float[] c2 = new float[d * d];
      Gemm.gramUpper(x, n, d, c1, 1);
      Gemm.gramUpper(x, n, d, c2, 2);
      assertGramUpper(x, n, d, c1);
      assertGramUpper(x, n, d, c2);
    }
  }

  /** Checks out[i] = x_iᵀ M x_i in double, relative to Σ |x_p M_pq x_q|. */
  private static void assertForms(float[] x, int rows, int d, float[] m, double[] out) {
    assertEquals(rows, out.length);
    for (int i = 0; i < rows; i++) {
      double exact = 0;
      double scale = 0;
      for (int p = 0; p < d; p++) {
        double xp = x[i * d + p];
        for (int q = 0; q < d; q++) {
          double t = xp * m[p * d + q] * x[i * d + q];
          exact += t;
          scale += Math.abs(t);
        }
      }
      assertEquals(exact, out[i], RELATIVE_TOLERANCE * scale + Double.MIN_NORMAL, "row " + i + " of d=" + d);
    }
  }

  @Test
  void quadraticFormsOfANonSymmetricMatrixMatchDoubleLoops() {
    // M is not symmetric: the fold into triu(M + Mᵀ) must keep both halves.
    Random random = new Random(13);
    for (int rows : SIZES) {
      for (int d : SIZES) {
        float[] x = random(random, rows * d);
        float[] m = random(random, d * d);
        assertForms(x, rows, d, m, Gemm.quadraticForms(x, rows, d, m, 2));
      }
    }
  }

  @Test
  void quadraticFormsOverSeveralBlocksAndThreads() {
    // rows > FORM_ROWS (two row blocks); d > KC (several k-blocks); d > NC (two column blocks).
    Random random = new Random(14);
    int[][] shapes = {{Gemm.FORM_ROWS + 5, 9}, {5, Gemm.KC + 70}, {2, Gemm.NC + 37}};
    for (int[] s : shapes) {
      int rows = s[0];
      int d = s[1];
      float[] x = random(random, rows * d);
      float[] m = random(random, d * d);
      double[] one = Gemm.quadraticForms(x, rows, d, m, 1);
      assertForms(x, rows, d, m, one);
      assertForms(x, rows, d, m, Gemm.quadraticForms(x, rows, d, m, 2));
    }
  }

  @Test
  void quadraticFormsEdges() {
    assertEquals(0, Gemm.quadraticForms(new float[0], 0, 3, new float[9], 1).length);
    double[] zeroDepth = Gemm.quadraticForms(new float[0], 2, 0, new float[0], 1);
    assertEquals(0.0, zeroDepth[0]);
    assertEquals(0.0, zeroDepth[1]);
    // A NaN anywhere in M reaches every row, as in the unfolded product.
    float[] m = {1, 0, Float.NaN, 1};
    double[] out = Gemm.quadraticForms(new float[] {1, 2, 3, 4}, 2, 2, m, 1);
    assertTrue(Double.isNaN(out[0]) && Double.isNaN(out[1]), java.util.Arrays.toString(out));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Gemm.quadraticForms(new float[5], 3, 2, new float[4], 1));
    assertTrue(e.getMessage().startsWith("x: length 5 < 3×2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Gemm.quadraticForms(new float[6], 3, 2, new float[3], 1));
    assertTrue(e.getMessage().startsWith("m: length 3 < 2×2"), e.getMessage());
  }

  @Test
  void zeroDepthWritesZeros() {
    float[] c = {5f, 6f, 7f, 8f, 9f, 10f};
    Gemm.multiplyTransposed(new float[0], 2, new float[0], 3, 0, c, 1);
    for (float v : c) {
      assertEquals(0f, v);
    }
  }

  @Test
  void badArgumentsNameTheArgument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Gemm.multiplyTransposed(new float[5], 2, new float[6], 2, 3, new float[4], 1));
    assertTrue(e.getMessage().startsWith("a: length 5 < 2×3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Gemm.multiply(new float[6], 2, new float[6], 3, 2, new float[3], 1));
    assertTrue(e.getMessage().startsWith("c: length 3 < 2×2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Gemm.multiply(new float[6], 2, new float[6], 3, 2, new float[4], 0));
    assertTrue(e.getMessage().contains("threads must be >= 1, got 0"), e.getMessage());
  }

  /** Prints speed; never fails on it. Skipped unless -Dcausaldensity.perf=true (it takes seconds). */
  @Test
  @Tag("perf")
  void printsGflops() {
    Assumptions.assumeTrue(Boolean.getBoolean("causaldensity.perf"), "speed check: set -Dcausaldensity.perf=true");
    System.out.println(GemmBenchmark.report(2048, 2048, 2560, 2, 3));
  }
}
