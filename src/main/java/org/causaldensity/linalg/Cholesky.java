package org.causaldensity.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Inverse of a symmetric positive definite matrix in float64 through its Cholesky factor A = LLᵀ: A⁻¹ = L⁻ᵀL⁻¹.
 * Row-major throughout; every inner loop runs over contiguous memory, about d³/2 multiply-adds in all. Also the
 * factor of {@link Whitening} (M = LLᵀ).
 */
public final class Cholesky {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

  private Cholesky() {}

  /**
   * Overwrites the lower triangle (j ≤ i) of {@code a} (row-major d×d, only its lower triangle read) with L, and
   * returns −1; or, when a pivot is not positive (A not positive definite to working precision, or NaN), returns
   * that pivot's column, leaving {@code a} partly overwritten. The strict upper triangle is not touched.
   */
  public static int factorLower(double[] a, int d) {
    checkShape(a, d);
    for (int i = 0; i < d; i++) {
      int ri = i * d;
      for (int j = 0; j <= i; j++) {
        int rj = j * d;
        double s = a[ri + j] - dot(a, ri, a, rj, j);
        if (i == j) {
          if (!(s > 0)) {
            return i;
          }
          a[ri + i] = Math.sqrt(s);
        } else {
          a[ri + j] = s / a[rj + j];
        }
      }
    }
    return -1;
  }

  /**
   * A⁻¹ (row-major d×d, exactly symmetric) from L in the lower triangle of {@code l}, as {@link #factorLower} leaves
   * it; the upper triangle of {@code l} is ignored.
   */
  public static double[] inverseFromLower(double[] l, int d) {
    checkShape(l, d);
    // Row i of L⁻¹ = (e_i − Σ_{p<i} L[i][p] · row p of L⁻¹) / L[i][i]: row by row, as axpy updates.
    double[] inv = new double[d * d];
    for (int i = 0; i < d; i++) {
      int ri = i * d;
      for (int p = 0; p < i; p++) {
        double f = l[ri + p];
        int rp = p * d;
        for (int j = 0; j <= p; j++) {
          inv[ri + j] -= f * inv[rp + j];
        }
      }
      double diagonal = l[ri + i];
      for (int j = 0; j < i; j++) {
        inv[ri + j] /= diagonal;
      }
      inv[ri + i] = 1 / diagonal;
    }
    // A⁻¹[i][j] = Σ_{p ≥ j} L⁻¹[p][i]·L⁻¹[p][j] for j ≥ i: dot products of rows i and j of L⁻ᵀ (contiguous).
    double[] upper = new double[d * d];
    for (int p = 0; p < d; p++) {
      for (int i = 0; i <= p; i++) {
        upper[i * d + p] = inv[p * d + i];
      }
    }
    double[] out = inv;
    for (int i = 0; i < d; i++) {
      int ri = i * d;
      for (int j = i; j < d; j++) {
        int rj = j * d;
        double v = dot(upper, ri + j, upper, rj + j, d - j);
        out[ri + j] = v;
        out[rj + i] = v;
      }
    }
    return out;
  }

  /** Σ_{p<n} x[xo+p]·y[yo+p], by vector FMAs (the one dot product of the Cholesky factor and of its inverse). */
  private static double dot(double[] x, int xo, double[] y, int yo, int n) {
    int bound = SPECIES.loopBound(n);
    DoubleVector acc = DoubleVector.zero(SPECIES);
    int p = 0;
    for (; p < bound; p += SPECIES.length()) {
      acc = DoubleVector.fromArray(SPECIES, x, xo + p).fma(DoubleVector.fromArray(SPECIES, y, yo + p), acc);
    }
    double sum = acc.reduceLanes(VectorOperators.ADD);
    for (; p < n; p++) {
      sum += x[xo + p] * y[yo + p];
    }
    return sum;
  }

  private static void checkShape(double[] a, int d) {
    if (d < 0 || a == null || a.length < (long) d * d) {
      throw new IllegalArgumentException("array of length " + (a == null ? 0 : a.length) + " cannot hold a " + d
          + "×" + d + " matrix");
    }
  }
}
