package org.causaldensity.knn.exact;

/**
 * The error bound of the float32 fast pass, which ranks pairs by d̂² = ‖fᵢ‖² + ‖fⱼ‖² − 2·fᵢᵀfⱼ where f = fl32(x) is the
 * float32 rounding of a float64 whitened row x and fᵢᵀfⱼ comes from the float32 GEMM kernel (any summation order).
 * Rigorous, from the standard rounding-error model (Higham, Accuracy and Stability of Numerical Algorithms, §3.1),
 * u = 2⁻²⁴:
 * <ul>
 *   <li>a dot product of length r summed in any order, with or without FMA: |fl(fᵢᵀfⱼ) − fᵢᵀfⱼ| ≤ γ_r‖fᵢ‖‖fⱼ‖,
 *       γ_r = ru/(1 − ru);</li>
 *   <li>the float32 squared norms (rounded once) and the two additions add at most (N_i + N_j + 2|S|)·u each, so
 *       |d̂² − ‖fᵢ − fⱼ‖²| ≤ c·(‖fᵢ‖ + ‖fⱼ‖)² with c = γ_r + 4u, plus a relative margin for the
 *       float64 arithmetic that evaluates the bound;</li>
 *   <li>rounding the inputs: |‖fᵢ − fⱼ‖ − ‖xᵢ − xⱼ‖| ≤ u(‖xᵢ‖ + ‖xⱼ‖) ≤ u(1+2u)(‖fᵢ‖ + ‖fⱼ‖).</li>
 * </ul>
 * Hence ‖xᵢ − xⱼ‖ ≥ √max(0, d̂² − c(‖fᵢ‖+‖fⱼ‖)²) − u(1+2u)(‖fᵢ‖+‖fⱼ‖), which {@link #lowerBound} returns (shrunk by
 * {@link #DOUBLE_MARGIN} for the float64 rounding of the bound itself and of the exact recomputation); the scan uses
 * its float32 form {@link #lowerSquare} and {@link #distanceBound}. A pair never
 * recomputed in float64 is proven not to be among a row's k nearest when this bound exceeds the row's k-th exact
 * distance.
 */
final class FastPassBound {
  static final double U = 0x1p-24;
  /** Relative margin covering the float64 evaluation of the bound and of the recomputed distances (≪ 1e-12). */
  static final double DOUBLE_MARGIN = 1e-12;

  private final double c;
  /**
   * c + 4u, as a float32: with it, {@link #lowerSquare} computed in float32 (norm sum, square, product, subtraction,
   * each rounded once) stays below ‖fᵢ − fⱼ‖²: the product's rounding (≤ 3u relative, c &lt; 0.1) is covered by the
   * extra 4u·s², the subtraction's (≤ u·1.1·s², since d̂² ≤ (1+c)s²) by what remains.
   */
  private final float cFloat;

  /** The bound for whitened rows of length {@code dim}. */
  FastPassBound(int dim) {
    double gamma = dim * U / (1 - dim * U);
    this.c = (gamma + 4 * U) * (1 + DOUBLE_MARGIN);
    this.cFloat = Math.nextUp((float) (c + 4 * U));
  }

  /** The constant of {@link #lowerSquare}, for vector code that computes it lane by lane. */
  float squareSlack() {
    return cFloat;
  }

  /**
   * A lower bound of ‖fᵢ − fⱼ‖² from d̂² and the float32 norms: d̂² − (c+4u)(‖fᵢ‖+‖fⱼ‖)², in float32 (may be
   * negative). The fast pass ranks columns by it, so what a heap drops is bounded pair by pair, with each column's
   * own norm.
   */
  float lowerSquare(float fastSquared, float normI, float normJ) {
    float s = normI + normJ;
    return fastSquared - cFloat * (s * s);
  }

  /** ‖xᵢ − xⱼ‖ ≥ this, from a lower bound of ‖fᵢ − fⱼ‖² and the two norms (input rounding: u(1+2u) per norm). */
  double distanceBound(double lowerSquare, double normI, double normJ) {
    double distance = lowerSquare > 0 ? Math.sqrt(lowerSquare) : 0;
    return (distance - U * (1 + 2 * U) * (normI + normJ)) * (1 - DOUBLE_MARGIN);
  }

  /** Largest {@link #lowerSquare} a pair of rows with these norms can show when their exact distance is 0. */
  float zeroCeiling(double normI, double normJ) {
    double s = U * (1 + 2 * U) * (normI + normJ);
    return Math.nextUp((float) (s * s * (1 + 1e-3)));
  }

  /** A lower bound of ‖xᵢ − xⱼ‖ from the fast pass's d̂² and the float32 rows' norms. */
  double lowerBound(float fastSquared, double normI, double normJ) {
    return distanceBound(lowerSquare(fastSquared, Math.nextUp((float) normI), Math.nextUp((float) normJ)), normI,
        normJ);
  }
}
