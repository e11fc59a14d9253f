package org.causaldensity.answer;

/**
 * Density estimators in log space, where the notebook's linear-space volumes overflow: the log of the kNN density
 * 1/(mean distance) and the Loftsgaarden–Quesenberry estimator log ρ = log k − log N − log V_d(r_k).
 */
public final class LogDensity {
  private static final double LOG_PI = Math.log(Math.PI);
  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
  /** Lanczos coefficients for g = 7, n = 9 (relative error of Γ below 1e-15 for positive arguments). */
  private static final double LANCZOS_G = 7.0;
  private static final double[] LANCZOS = {
      0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
      12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};

  private LogDensity() {}

  /**
   * Natural log of the kNN density 1/meanDistance, i.e. −log(meanDistance); +∞ when the mean is 0 (every neighbour is
   * an exact duplicate). A negative or NaN mean is rejected.
   */
  public static double ofInverseMeanDistance(double meanDistance) {
    if (!(meanDistance >= 0)) {
      throw new IllegalArgumentException("meanDistance must be >= 0, got " + meanDistance);
    }
    return 0.0 - Math.log(meanDistance); // not -log: a mean of 1 gives +0.0, not -0.0, in summary.json
  }

  /**
   * Loftsgaarden–Quesenberry log density log k − log n − logBallVolume, where logBallVolume is log V_d(r_k) of the ball
   * reaching the k-th neighbour; logBallVolume = −∞ (radius 0) gives +∞. Requires 1 ≤ k < n.
   */
  public static double loftsgaardenQuesenberry(int k, long n, double logBallVolume) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    if (n <= k) {
      throw new IllegalArgumentException("n must exceed k = " + k + ", got " + n);
    }
    if (Double.isNaN(logBallVolume) || logBallVolume == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("logBallVolume must be finite or -Infinity, got " + logBallVolume);
    }
    return Math.log(k) - Math.log(n) - logBallVolume;
  }

  /**
   * Loftsgaarden–Quesenberry log density in dimension d with the ball volume computed here; a k-th neighbour distance
   * of 0 gives +∞. Requires 1 ≤ k < n, d ≥ 1 and a finite distance ≥ 0.
   */
  public static double loftsgaardenQuesenberry(int k, long n, int d, double kthNeighbourDistance) {
    return loftsgaardenQuesenberry(k, n, logBallVolume(d, kthNeighbourDistance));
  }

  /** log V_d(r) = (d/2) log π − log Γ(d/2 + 1) + d log r; −∞ at r = 0. */
  static double logBallVolume(int d, double radius) {
    if (d < 1) {
      throw new IllegalArgumentException("d must be >= 1, got " + d);
    }
    if (!(radius >= 0) || radius == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("radius must be finite and >= 0, got " + radius);
    }
    if (radius == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    return 0.5 * d * LOG_PI - logGamma(0.5 * d + 1) + d * Math.log(radius);
  }

  /**
   * log Γ(x) for x ≥ 0.5 by the Lanczos approximation (g = 7, 9 terms). Private to this package on purpose: the
   * {@code density} package has its own; the lead may merge the two.
   */
  static double logGamma(double x) {
    if (!(x >= 0.5) || x == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("x must be finite and >= 0.5, got " + x);
    }
    double z = x - 1;
    double sum = LANCZOS[0];
    for (int i = 1; i < LANCZOS.length; i++) {
      sum += LANCZOS[i] / (z + i);
    }
    double t = z + LANCZOS_G + 0.5;
    return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
  }
}
