package org.causaldensity.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PivotedCholeskyTest {
  /** Float64 factorisation of well-conditioned entries of order 1..10. */
  private static final double ABSOLUTE = 1e-9;

  @Test
  void rankDeficientProductIsReproducedWithItsRank() {
    Random random = new Random(8);
    for (int[] shape : new int[][] {{1, 1}, {6, 6}, {12, 4}, {30, 29}}) {
      int d = shape[0];
      int r = shape[1];
      double[] b = new double[d * r];
      for (int i = 0; i < b.length; i++) {
        b[i] = random.nextGaussian();
      }
      double[] a = new double[d * d];
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          for (int m = 0; m < r; m++) {
            a[i * d + j] += b[i * r + m] * b[j * r + m];
          }
        }
      }
      PivotedCholesky.Factor f = PivotedCholesky.factor(a, d);
      assertEquals(r, f.rank(), "d=" + d);
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          double product = 0;
          for (int m = 0; m < f.rank(); m++) {
            product += f.values()[i * f.rank() + m] * f.values()[j * f.rank() + m];
          }
          assertEquals(a[i * d + j], product, ABSOLUTE, "d=" + d + " (" + i + ", " + j + ")");
        }
      }
    }
  }

  @Test
  void zeroMatrixHasRankZeroAndNegativeDiagonalIsRefused() {
    assertEquals(0, PivotedCholesky.factor(new double[9], 3).rank());
    assertThrows(IllegalArgumentException.class, () -> PivotedCholesky.factor(new double[] {1, 0, 0, -1}, 2));
  }
}
