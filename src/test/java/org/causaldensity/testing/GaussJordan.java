package org.causaldensity.testing;

/** A matrix inverse by the textbook method, to check faster or different code against. */
public final class GaussJordan {
  private GaussJordan() {}

  /** Gauss–Jordan with partial pivoting on [A | I]. */
  public static double[] inverse(double[] a, int d) {
    double[][] m = new double[d][2 * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        m[i][j] = a[i * d + j];
      }
      m[i][d + i] = 1;
    }
    for (int c = 0; c < d; c++) {
      int pivot = c;
      for (int r = c + 1; r < d; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
          pivot = r;
        }
      }
      double[] swap = m[c];
      m[c] = m[pivot];
      m[pivot] = swap;
      double p = m[c][c];
      for (int j = 0; j < 2 * d; j++) {
        m[c][j] /= p;
      }
      for (int r = 0; r < d; r++) {
        if (r != c) {
          double f = m[r][c];
          for (int j = 0; j < 2 * d; j++) {
            m[r][j] -= f * m[c][j];
          }
        }
      }
    }
    double[] inv = new double[d * d];
    for (int i = 0; i < d; i++) {
      System.arraycopy(m[i], d, inv, i * d, d);
    }
    return inv;
  }
}
