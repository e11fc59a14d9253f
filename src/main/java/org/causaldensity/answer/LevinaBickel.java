package org.causaldensity.answer;

/**
 * Levina–Bickel maximum-likelihood intrinsic dimension from each token's k nearest other tokens. Per token the
 * inverse estimate is (1/(k−1)) Σ_{j&lt;k} log(r_k/r_j); the global estimate inverts the MEAN of those inverses
 * (MacKay &amp; Ghahramani's correction), because the per-token inverse is the unbiased quantity and averaging the
 * per-token dimensions instead (Levina–Bickel's original) overweights tokens with nearly equal distances.
 */
public final class LevinaBickel {
  private LevinaBickel() {}

  /**
   * Global estimate from the first k distances of each row; tokens with r₁ = 0 (an exact duplicate, so some log(r_k/r_j)
   * is infinite) are skipped. NaN when no token is usable, +∞ when every usable token has r₁ = r_k. Requires k ≥ 2.
   */
  public static DimensionEstimate estimate(double[][] knnDistances, int k) {
    if (k < 2) {
      throw new IllegalArgumentException("k must be >= 2, got " + k);
    }
    NeighbourDistances.check(knnDistances, k);
    long used = 0;
    double sumInverse = 0;
    for (double[] row : knnDistances) {
      if (row[0] > 0) {
        sumInverse += inverseEstimate(row, k);
        used++;
      }
    }
    double estimate = used == 0 ? Double.NaN : used / sumInverse;
    return new DimensionEstimate("levina_bickel_mle_mackay_ghahramani", estimate, used, knnDistances.length - used);
  }

  /** (1/(k−1)) Σ_{j&lt;k} log(r_k/r_j) for one token with r₁ &gt; 0. */
  static double inverseEstimate(double[] row, int k) {
    double logRk = Math.log(row[k - 1]);
    double sum = 0;
    for (int j = 0; j < k - 1; j++) {
      sum += logRk - Math.log(row[j]);
    }
    return sum / (k - 1);
  }
}
