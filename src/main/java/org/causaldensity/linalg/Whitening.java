package org.causaldensity.linalg;

import java.io.Serializable;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.causaldensity.io.CausalDensityException;

/**
 * A factor F of the causal metric, M = F Fᵀ, computed in float64, and the whitening x = Fᵀγ it defines: then
 * (γᵢ−γⱼ)ᵀM(γᵢ−γⱼ) = ‖xᵢ−xⱼ‖² and γᵀMγ = ‖x‖², so causal distances become Euclidean ones.
 *
 * <p>M (float32, as stored) is symmetrised in float64, (M+Mᵀ)/2, which changes no quadratic form. When it is
 * positive definite F is its Cholesky factor L (lower triangular, d columns). When Cholesky meets a pivot ≤ 0, M is
 * factored through its eigen-decomposition M = VΛVᵀ instead: eigenvalues down to −{@link #NEGATIVE_EIGENVALUE_TOLERANCE}
 * · d · λ_max count as 0 (float32 storage of a semi-definite M moves its eigenvalues by up to about d·2⁻²⁴·‖M‖), F =
 * V·diag(√λ) keeps the r columns with λ &gt; 0, and anything more negative is refused as indefinite, naming the
 * metric file. The eigen path costs O(d³) scalar work (about a minute at d = 2560); the Cholesky path a third of that
 * in vector code.
 *
 * <p>Whitening is deterministic per row: bit-identical γ rows give bit-identical x rows (each entry is summed in the
 * same order whatever the row's position or the number of threads), so their distance is exactly 0.
 */
public final class Whitening implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Unit roundoff of float32, 2⁻²⁴. */
  static final double FLOAT32_UNIT_ROUNDOFF = 0x1p-24;
  /** Negative eigenvalues down to this × d × 2⁻²⁴ × λ_max are rounding of a semi-definite M, treated as 0. */
  public static final double NEGATIVE_EIGENVALUE_TOLERANCE = 4.0;

  private final int d;
  private final int rank;
  /** F, d × rank, row-major. */
  private final double[] factor;
  private final boolean cholesky;

  private Whitening(int d, int rank, double[] factor, boolean cholesky) {
    this.d = d;
    this.rank = rank;
    this.factor = factor;
    this.cholesky = cholesky;
  }

  /**
   * The factor of the d×d row-major metric {@code m}. {@code source} names the metric in errors. A non-finite entry
   * or an indefinite M is a {@link CausalDensityException} (inconsistent input); d &lt; 1 or a short array is an
   * IllegalArgumentException.
   */
  public static Whitening of(float[] m, int d, String source) {
    if (d < 1 || m == null || m.length < (long) d * d) {
      throw new IllegalArgumentException("metric must be d×d with d >= 1, got d = " + d);
    }
    double[] sym = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double v = 0.5 * ((double) m[i * d + j] + (double) m[j * d + i]);
        if (!Double.isFinite(v)) {
          throw CausalDensityException.inconsistent(source, "the metric has a non-finite entry at [%d, %d]", i, j);
        }
        sym[i * d + j] = v;
      }
    }
    double[] lower = cholesky(sym, d);
    if (lower != null) {
      return new Whitening(d, d, lower, true);
    }
    return fromEigen(sym, d, source);
  }

  /**
   * The Cholesky factor (row-major, lower, strict upper triangle 0), or null when a pivot is not positive;
   * {@code a} is not changed.
   */
  static double[] cholesky(double[] a, int d) {
    double[] l = new double[d * d];
    for (int i = 0; i < d; i++) {
      System.arraycopy(a, i * d, l, i * d, i + 1);
    }
    return Cholesky.factorLower(l, d) < 0 ? l : null;
  }

  private static Whitening fromEigen(double[] sym, int d, String source) {
    double[][] rows = new double[d][];
    for (int i = 0; i < d; i++) {
      rows[i] = java.util.Arrays.copyOfRange(sym, i * d, (i + 1) * d);
    }
    EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(rows, false));
    double[] values = eigen.getRealEigenvalues();
    double largest = 0;
    double smallest = Double.POSITIVE_INFINITY;
    for (double v : values) {
      largest = Math.max(largest, Math.abs(v));
      smallest = Math.min(smallest, v);
    }
    double tolerance = NEGATIVE_EIGENVALUE_TOLERANCE * d * FLOAT32_UNIT_ROUNDOFF * largest;
    if (smallest < -tolerance || largest == 0) {
      throw CausalDensityException.inconsistent(source, largest == 0 ? "the metric is zero"
          : "the metric is not positive semi-definite: its smallest eigenvalue is %.6g, below the rounding tolerance "
          + "-%.3g (largest |eigenvalue| %.6g)", smallest, tolerance, largest);
    }
    int rank = 0;
    for (double v : values) {
      if (v > 0) {
        rank++;
      }
    }
    double[] factor = new double[d * rank];
    int column = 0;
    for (int e = 0; e < values.length; e++) {
      if (values[e] > 0) {
        double scale = Math.sqrt(values[e]);
        double[] vector = eigen.getEigenvector(e).toArray();
        for (int i = 0; i < d; i++) {
          factor[i * rank + column] = vector[i] * scale;
        }
        column++;
      }
    }
    return new Whitening(d, rank, factor, false);
  }

  /** Hidden size d of the rows γ this whitens. */
  public int inputDimension() {
    return d;
  }

  /** Length r of a whitened row: d for a positive definite M, the rank of M otherwise. */
  public int dimension() {
    return rank;
  }

  /** Whether F is the Cholesky factor (M positive definite) rather than from the eigen-decomposition. */
  public boolean isCholesky() {
    return cholesky;
  }

  /** F (d × r, row-major); a copy. */
  public double[] factor() {
    return factor.clone();
  }

  /** Fᵀv for a vector v of length d (e.g. the mean of γ: the centre of the whitened rows). */
  public double[] whitenVector(double[] v) {
    if (v.length != d) {
      throw new IllegalArgumentException("vector of length " + v.length + ", expected " + d);
    }
    double[] out = new double[rank];
    DoubleGemm.multiply(v, 1, factor, d, rank, out, 1);
    return out;
  }

  /**
   * x_i = Fᵀγ_i for {@code rows} rows of γ (row-major, float32, row length d), in float64, into
   * {@code out[0 .. rows·r)}.
   */
  public void whiten(float[] gamma, int rows, double[] out, int threads) {
    if (gamma.length < (long) rows * d || out.length < (long) rows * rank) {
      throw new IllegalArgumentException("arrays too short for " + rows + " rows");
    }
    double[] wide = new double[rows * d];
    for (int i = 0; i < wide.length; i++) {
      wide[i] = gamma[i];
    }
    DoubleGemm.multiply(wide, rows, factor, d, rank, out, threads, cholesky);
  }
}
