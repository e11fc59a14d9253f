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
 * {@link #DOUBLE_MARGIN} for the float64 rounding of the bound itself and of the exact recomputation). A pair never
 * recomputed in float64 is proven not to be among a row's k nearest when this bound exceeds the row's k-th exact
 * distance.
 */
final class FastPassBound {
  static final double U = 0x1p-24;
  /** Relative margin covering the float64 evaluation of the bound and of the recomputed distances (≪ 1e-12). */
  static final double DOUBLE_MARGIN = 1e-12;

  private final double c;

  /** The bound for whitened rows of length {@code dim}. */
  FastPassBound(int dim) {
    double gamma = dim * U / (1 - dim * U);
    this.c = (gamma + 4 * U) * (1 + DOUBLE_MARGIN);
  }

  /** Largest d̂² a pair of rows with these float32 norms can show when their exact distance is 0. */
  double zeroCeiling(double normI, double normJ) {
    double s = normI + normJ;
    return c * s * s;
  }

  /** A lower bound of ‖xᵢ − xⱼ‖ from the fast pass's d̂² and the float32 rows' norms. */
  double lowerBound(double fastSquared, double normI, double normJ) {
    double s = normI + normJ;
    double rest = fastSquared - c * s * s;
    double distance = rest > 0 ? Math.sqrt(rest) : 0;
    return (distance - U * (1 + 2 * U) * s) * (1 - DOUBLE_MARGIN);
  }
}
