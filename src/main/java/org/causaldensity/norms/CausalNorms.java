package org.causaldensity.norms;

import java.util.Locale;
import org.causaldensity.linalg.Gemm;

/**
 * Causal norms ‖γᵢ‖_M = sqrt(γᵢᵀ M γᵢ) of a block of unembedding rows, by {@link Gemm#quadraticForms}: the product
 * with M is a float32 GEMM (as the notebook's torch matmul) on M folded into its upper triangle (γᵀMγ = γᵀ triu(M +
 * Mᵀ, diagonal once) γ, half the multiply-adds); the row-wise dot γᵢ · (Mγᵢ) is summed in float64.
 */
public final class CausalNorms {
  private CausalNorms() {}

  /** The quadratic forms of a block of rows, with what is wrong with them, if anything. Immutable. */
  public static final class QuadraticForms {
    private final double[] squaredNorms;
    private final int negativeCount;
    private final int firstNegative;
    private final int nonFiniteCount;
    private final int firstNonFinite;

    QuadraticForms(double[] squaredNorms) {
      this.squaredNorms = squaredNorms;
      int negatives = 0;
      int firstNeg = -1;
      int nonFinite = 0;
      int firstNf = -1;
      for (int i = 0; i < squaredNorms.length; i++) {
        double q = squaredNorms[i];
        if (!Double.isFinite(q)) {
          nonFinite++;
          if (firstNf < 0) {
            firstNf = i;
          }
        } else if (q < 0) {
          negatives++;
          if (firstNeg < 0) {
            firstNeg = i;
          }
        }
      }
      this.negativeCount = negatives;
      this.firstNegative = firstNeg;
      this.nonFiniteCount = nonFinite;
      this.firstNonFinite = firstNf;
    }

    /** γᵢᵀ M γᵢ per row, as computed (negative values kept); a copy. */
    public double[] squaredNorms() {
      return squaredNorms.clone();
    }

    /** sqrt(γᵢᵀ M γᵢ) per row; NaN where the form is negative (as torch.sqrt gives). */
    public double[] norms() {
      double[] out = new double[squaredNorms.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = Math.sqrt(squaredNorms[i]);
      }
      return out;
    }

    /** Rows with γᵀMγ &lt; 0: impossible for a positive semi-definite M. */
    public int negativeCount() {
      return negativeCount;
    }

    /** First such row, or -1. */
    public int firstNegative() {
      return firstNegative;
    }

    /** Rows whose form is NaN or infinite (a NaN/Inf in γ or M, or overflow). */
    public int nonFiniteCount() {
      return nonFiniteCount;
    }

    /** First such row, or -1. */
    public int firstNonFinite() {
      return firstNonFinite;
    }

    /** What is wrong, in one line ("M is not positive semi-definite: 3 of 32000 tokens ..."), or null. */
    public String problem() {
      int n = squaredNorms.length;
      if (nonFiniteCount > 0) {
        return String.format(Locale.ROOT, "γᵀMγ is not finite for %d of %d tokens (first: row %d, value %s)",
            nonFiniteCount, n, firstNonFinite, squaredNorms[firstNonFinite]);
      }
      if (negativeCount > 0) {
        return String.format(Locale.ROOT,
            "M is not positive semi-definite: %d of %d tokens have γᵀMγ < 0 (first: row %d, γᵀMγ = %.6g)",
            negativeCount, n, firstNegative, squaredNorms[firstNegative]);
      }
      return null;
    }
  }

  /** γᵢᵀ M γᵢ for each of {@code rows} rows of γ (row-major, row length d), M d×d row-major; one thread. */
  public static double[] squaredNorms(float[] gamma, int rows, int d, float[] metric) {
    return evaluate(gamma, rows, d, metric, 1).squaredNorms;
  }

  /** sqrt of {@link #squaredNorms}; NaN where the form is negative. Use {@link #evaluate} to report those. */
  public static double[] norms(float[] gamma, int rows, int d, float[] metric) {
    return evaluate(gamma, rows, d, metric, 1).norms();
  }

  /**
   * The quadratic forms with their diagnostics, the multiply on {@code threads} threads. Arrays shorter than
   * rows×d / d×d, negative sizes or threads &lt; 1 are an IllegalArgumentException; 0 rows give an empty result.
   */
  public static QuadraticForms evaluate(float[] gamma, int rows, int d, float[] metric, int threads) {
    if (rows < 0 || d < 0) {
      throw new IllegalArgumentException("negative shape: rows = " + rows + ", d = " + d);
    }
    if (gamma.length < (long) rows * d) {
      throw new IllegalArgumentException("gamma: length " + gamma.length + " < rows×d = " + (long) rows * d);
    }
    if (metric.length < (long) d * d) {
      throw new IllegalArgumentException("metric: length " + metric.length + " < d×d = " + (long) d * d);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    double[] out = Gemm.quadraticForms(gamma, rows, d, metric, threads);
    return new QuadraticForms(out);
  }
}
