package org.causaldensity.nulls;

import org.causaldensity.linalg.Gemm;
import org.causaldensity.linalg.PivotedCholesky;

/**
 * The Gaussian with the sampled tokens' mean and covariance, in the whitened space of the causal metric. With
 * M = L·Lᵀ (pivoted Cholesky), w = Lᵀγ is an isometry: ‖w‖ = ‖γ‖_M and ‖w − w'‖ is the causal distance. The tokens'
 * γ have mean μ and covariance C = F·Fᵀ (what the norm stage accumulates), so w ~ N(Lᵀμ, LᵀCL) is drawn as
 * Lᵀμ + G·z with G = LᵀF and z standard normal. Building it needs μ, C and M (two pivoted Cholesky factors, d³/6
 * each, and one d³ product on the float32 GEMM kernel); nothing of size N.
 *
 * @param mean Lᵀμ, the whitened mean (length {@code dimension})
 * @param factor G, row-major dimension × rank, float32 (the GEMM kernel's precision)
 * @param dimension rank of M: the whitened space's dimension
 * @param rank rank of C: the number of independent normals per draw
 */
public record WhitenedGaussian(double[] mean, float[] factor, int dimension, int rank) {

  /**
   * From the tokens' γ mean (length d), covariance (row-major d×d, symmetric positive semi-definite) and the metric
   * (row-major d×d float32, symmetric positive semi-definite). A non-PSD input is an IllegalArgumentException.
   */
  public static WhitenedGaussian of(double[] mean, double[] covariance, float[] metric, int d, int threads) {
    double[] m = new double[d * d];
    for (int i = 0; i < m.length; i++) {
      m[i] = metric[i];
    }
    PivotedCholesky.Factor l = PivotedCholesky.factor(m, d);
    PivotedCholesky.Factor f = PivotedCholesky.factor(covariance, d);
    float[] lt = l.transposedFloats();
    float[] ft = f.transposedFloats();
    float[] g = new float[l.rank() * f.rank()];
    Gemm.multiplyTransposed(lt, l.rank(), ft, f.rank(), d, g, threads); // (Lᵀ)(Fᵀ)ᵀ = LᵀF
    double[] whitenedMean = new double[l.rank()];
    for (int i = 0; i < d; i++) {
      for (int r = 0; r < l.rank(); r++) {
        whitenedMean[r] += l.values()[i * l.rank() + r] * mean[i];
      }
    }
    return new WhitenedGaussian(whitenedMean, g, l.rank(), f.rank());
  }
}
