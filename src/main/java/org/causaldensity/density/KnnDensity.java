package org.causaldensity.density;

/**
 * Densities from neighbour distances: the notebook's 1/mean distance, and the volumetric densities it meant to
 * compute, in log space so that r^d for d in the thousands neither overflows nor underflows.
 */
public final class KnnDensity {
  private KnnDensity() {}

  private static final double LOG_PI = Math.log(Math.PI);

  /** 1/meanDistance; +Infinity when it is 0; NaN for NaN; negative input gives 1/mean (negative). */
  public static double density(double meanDistance) {
    return 1.0 / meanDistance; // IEEE: 1/+0 = +Infinity, 1/NaN = NaN
  }

  /**
   * log V_d(r) = (d/2)·log π − logΓ(d/2+1) + d·log r, the log volume of the d-ball of radius r; −Infinity at
   * r = 0, +Infinity at r = +Infinity. d &lt;= 0, r &lt; 0 or either NaN is an IllegalArgumentException.
   */
  public static double logBallVolume(double d, double r) {
    checkDimension(d);
    if (!(r >= 0)) {
      throw new IllegalArgumentException("r must be >= 0, got " + r);
    }
    return (d / 2) * LOG_PI - LogGamma.logGamma(d / 2 + 1) + d * Math.log(r);
  }

  /**
   * log(k / V_d(r)) = log k − logBallVolume(d, r): k points per unit d-volume of the ball of radius r; +Infinity
   * at r = 0. k &lt; 1 is an IllegalArgumentException, d and r as {@link #logBallVolume}.
   */
  public static double logVolumetricDensity(int k, double d, double r) {
    checkK(k);
    return Math.log(k) - logBallVolume(d, r);
  }

  /**
   * Loftsgaarden–Quesenberry: log(k / (n · V_d(r_k))) = log k − log n − logBallVolume(d, r_k), with r_k the
   * distance to the k-th neighbour; +Infinity at r_k = 0. k &lt; 1, n &lt; 1 or d, r_k as {@link #logBallVolume}
   * is an IllegalArgumentException.
   */
  public static double logLoftsgaardenQuesenberry(int k, long n, double d, double rk) {
    checkK(k);
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    return Math.log(k) - Math.log(n) - logBallVolume(d, rk);
  }

  private static void checkDimension(double d) {
    if (!(d > 0) || d == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("d must be a finite dimension > 0, got " + d);
    }
  }

  private static void checkK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
  }
}
