package org.causaldensity.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.causaldensity.testing.GaussJordan;
import org.junit.jupiter.api.Test;

/** {@link Cholesky} against closed forms and against Gauss–Jordan elimination written out here. */
class CholeskyTest {
  /** Relative agreement of two float64 inverses of a well-conditioned matrix. */
  static final double INVERSE_TOLERANCE = 1e-11;

  static double[] inverse(double[] a, int d) {
    double[] l = a.clone();
    assertEquals(-1, Cholesky.factorLower(l, d));
    return Cholesky.inverseFromLower(l, d);
  }

  static double[] randomSpd(int d, long seed) {
    Random random = new Random(seed);
    double[] b = new double[d * d];
    for (int i = 0; i < b.length; i++) {
      b[i] = random.nextGaussian();
    }
    double[] a = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double s = i == j ? 0.5 : 0;
        for (int p = 0; p < d; p++) {
          s += b[i * d + p] * b[j * d + p] / d;
        }
        a[i * d + j] = s;
      }
    }
    return a;
  }

  @Test
  void twoByTwoClosedForm() {
    double a = 4;
    double b = 1.5;
    double c = 3;
    double det = a * c - b * b;
    double[] inv = inverse(new double[] {a, b, b, c}, 2);
    assertArrayEquals(new double[] {c / det, -b / det, -b / det, a / det}, inv, 1e-15);
  }

  @Test
  void diagonalInvertsEntrywise() {
    double[] diag = {2, 0.25, 8, 1e-6};
    int d = diag.length;
    double[] a = new double[d * d];
    for (int i = 0; i < d; i++) {
      a[i * d + i] = diag[i];
    }
    double[] inv = inverse(a, d);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        assertEquals(i == j ? 1 / diag[i] : 0, inv[i * d + j], 1e-9 / diag[i]);
      }
    }
  }

  @Test
  void equalsGaussJordanAndIsExactlySymmetric() {
    for (int d : new int[] {1, 3, 7, 33, 70}) {
      double[] a = randomSpd(d, d);
      double[] inv = inverse(a, d);
      double[] expected = GaussJordan.inverse(a, d);
      double scale = 0;
      for (double v : expected) {
        scale = Math.max(scale, Math.abs(v));
      }
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          assertEquals(expected[i * d + j], inv[i * d + j], INVERSE_TOLERANCE * scale, "d=" + d + " " + i + "," + j);
          assertEquals(inv[i * d + j], inv[j * d + i], 0.0);
        }
      }
    }
  }

  @Test
  void notPositiveDefiniteNamesThePivot() {
    assertEquals(1, Cholesky.factorLower(new double[] {1, 2, 2, 1}, 2));
    assertEquals(1, Cholesky.factorLower(new double[] {1, 1, 1, 1}, 2)); // semi-definite: pivot exactly 0
    assertEquals(0, Cholesky.factorLower(new double[] {-1}, 1));
    assertEquals(0, Cholesky.factorLower(new double[] {Double.NaN}, 1));
    assertEquals(-1, Cholesky.factorLower(new double[0], 0));
    assertThrows(IllegalArgumentException.class, () -> Cholesky.factorLower(new double[3], 2));
  }
}
