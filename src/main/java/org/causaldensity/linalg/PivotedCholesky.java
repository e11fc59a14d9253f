package org.causaldensity.linalg;

/**
 * Cholesky factor with diagonal pivoting of a symmetric positive semi-definite matrix, A ≈ L·Lᵀ with L of d×r: the
 * rank r is where the largest remaining diagonal falls below {@link #RELATIVE_TOLERANCE} of A's largest diagonal, so
 * a singular covariance (fewer samples than dimensions) or metric factors without failing. Float64, d³/6
 * multiply-adds at full rank.
 */
public final class PivotedCholesky {
  /** A remaining diagonal below this fraction of the largest diagonal of A counts as zero (rounding of float32 input). */
  public static final double RELATIVE_TOLERANCE = 1e-9;

  private PivotedCholesky() {}

  /**
   * The factor of a symmetric row-major d×d matrix: {@code L} row-major d×r in A's own row order (not permuted), so
   * A[i][j] ≈ Σₘ L[i][m]·L[j][m]. Only the lower triangle as read column by column is used. An all-zero A gives
   * r = 0. A negative or NaN diagonal is an IllegalArgumentException (not positive semi-definite).
   */
  public static Factor factor(double[] a, int d) {
    if (d < 1 || a == null || a.length != (long) d * d) {
      throw new IllegalArgumentException("need a d*d matrix with d >= 1, got d = " + d + ", "
          + (a == null ? 0 : a.length) + " values");
    }
    double[] diagonal = new double[d];
    double largest = 0;
    for (int i = 0; i < d; i++) {
      diagonal[i] = a[i * d + i];
      if (!(diagonal[i] >= 0)) {
        throw new IllegalArgumentException("diagonal entry " + i + " is " + diagonal[i]
            + ": the matrix is not positive semi-definite");
      }
      largest = Math.max(largest, diagonal[i]);
    }
    double tolerance = RELATIVE_TOLERANCE * largest;
    // l[i*d + m]: column m of the factor for row i; columns fill up to the rank.
    double[] l = new double[d * d];
    boolean[] pivoted = new boolean[d];
    int rank = 0;
    while (rank < d) {
      int pivot = -1;
      for (int i = 0; i < d; i++) {
        if (!pivoted[i] && (pivot < 0 || diagonal[i] > diagonal[pivot])) {
          pivot = i;
        }
      }
      if (!(diagonal[pivot] > tolerance)) {
        break;
      }
      pivoted[pivot] = true;
      double root = Math.sqrt(diagonal[pivot]);
      int m = rank;
      l[pivot * d + m] = root;
      int rowP = pivot * d;
      for (int i = 0; i < d; i++) {
        if (pivoted[i]) {
          continue;
        }
        int rowI = i * d;
        double sum = a[rowI + pivot];
        for (int c = 0; c < m; c++) {
          sum -= l[rowI + c] * l[rowP + c];
        }
        double value = sum / root;
        l[rowI + m] = value;
        diagonal[i] -= value * value;
      }
      rank++;
    }
    double[] factor = new double[d * rank];
    for (int i = 0; i < d; i++) {
      System.arraycopy(l, i * d, factor, i * rank, rank);
    }
    return new Factor(d, rank, factor);
  }

  /**
   * A factor L of d×r, row-major.
   *
   * @param d rows (the matrix's dimension)
   * @param rank columns
   * @param values L[i][m] at i·rank + m
   */
  public record Factor(int d, int rank, double[] values) {
    /** Lᵀ as row-major r×d float32, the layout {@link Gemm#multiplyTransposed} reads. */
    public float[] transposedFloats() {
      float[] t = new float[rank * d];
      for (int i = 0; i < d; i++) {
        for (int m = 0; m < rank; m++) {
          t[m * d + i] = (float) values[i * rank + m];
        }
      }
      return t;
    }
  }
}
