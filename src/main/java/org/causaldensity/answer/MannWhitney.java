package org.causaldensity.answer;

import java.util.Arrays;

/**
 * Two-sided Mann–Whitney U test by the normal approximation with tie and continuity corrections, as
 * {@code scipy.stats.mannwhitneyu(x, y, method='asymptotic', use_continuity=True)}. +∞ ranks above every finite
 * value (infinities tie with each other).
 */
public final class MannWhitney {
  private MannWhitney() {}

  /**
   * The test's outcome.
   *
   * @param u scipy's statistic: U of the first sample, R₁ − n₁(n₁+1)/2
   * @param pValue two-sided p-value in [0, 1]
   */
  public record Result(double u, double pValue) {
  }

  /** U and p for x against y; both NaN when either sample is empty (scipy raises). NaN values are rejected. */
  public static Result test(double[] x, double[] y) {
    checkNoNaN("x", x);
    checkNoNaN("y", y);
    int n1 = x.length;
    int n2 = y.length;
    if (n1 == 0 || n2 == 0) {
      return new Result(Double.NaN, Double.NaN);
    }
    int n = n1 + n2;
    double[] pooled = new double[n];
    for (int i = 0; i < n1; i++) {
      pooled[i] = x[i] + 0.0; // −0.0 + 0.0 = 0.0: Arrays.sort would otherwise rank −0.0 below 0.0
    }
    for (int i = 0; i < n2; i++) {
      pooled[n1 + i] = y[i] + 0.0;
    }
    Arrays.sort(pooled);
    double rankSumX = 0;
    for (double v : x) {
      rankSumX += averageRank(pooled, v + 0.0);
    }
    double tieTerm = 0;
    for (int start = 0; start < n;) {
      int end = start + 1;
      while (end < n && pooled[end] == pooled[start]) {
        end++;
      }
      double t = end - start;
      tieTerm += t * t * t - t;
      start = end;
    }
    double u1 = rankSumX - n1 * (n1 + 1.0) / 2.0;
    double u2 = (double) n1 * n2 - u1;
    double u = Math.max(u1, u2);
    double mu = (double) n1 * n2 / 2.0;
    double s = Math.sqrt((double) n1 * n2 / 12.0 * ((n + 1) - tieTerm / ((double) n * (n - 1))));
    double z = (u - mu - 0.5) / s;
    double p = Math.min(1.0, Math.max(0.0, 2 * NormalTail.survival(z)));
    return new Result(u1, p);
  }

  /** 1-based average rank of v among the sorted pooled values (ties share the mean of their places). */
  private static double averageRank(double[] sorted, double v) {
    int below = lowerBound(sorted, v);
    int atOrBelow = lowerBound(sorted, Math.nextUp(v));
    if (v == Double.POSITIVE_INFINITY) {
      atOrBelow = sorted.length;
    }
    return (below + 1 + atOrBelow) / 2.0;
  }

  /** Number of sorted values strictly below v. */
  private static int lowerBound(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static void checkNoNaN(String name, double[] values) {
    if (values == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] is NaN; the test needs ordered values");
      }
    }
  }
}
