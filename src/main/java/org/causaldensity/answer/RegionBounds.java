package org.causaldensity.answer;

import java.util.Arrays;
import org.causaldensity.stats.NumpyStats;

/**
 * Causal-norm thresholds of the three regions: core = norm &lt; coreBelow, shell = shellAbove &lt; norm &lt; shellBelow,
 * outer = norm &gt; outerAbove (all strict, as the notebook's masks).
 */
public record RegionBounds(double coreBelow, double shellAbove, double shellBelow, double outerAbove) {

  /** Thresholds must be non-NaN. */
  public RegionBounds {
    if (Double.isNaN(coreBelow) || Double.isNaN(shellAbove) || Double.isNaN(shellBelow) || Double.isNaN(outerAbove)) {
      throw new IllegalArgumentException("region thresholds must not be NaN, got " + coreBelow + ", " + shellAbove
          + ", " + shellBelow + ", " + outerAbove);
    }
  }

  /**
   * Thresholds at the settings' percentiles of the norms, numpy's linear interpolation ({@code np.percentile}).
   * Norms must be finite; an empty array is rejected.
   */
  public static RegionBounds fromPercentiles(double[] causalNorms, ComparisonSettings settings) {
    if (causalNorms == null || causalNorms.length == 0) {
      throw InvalidArgument.of("causal norms", "no tokens, expected at least one");
    }
    double[] sorted = causalNorms.clone();
    for (int i = 0; i < sorted.length; i++) {
      if (!Double.isFinite(sorted[i])) {
        throw InvalidArgument.of("causal norms", "token %d has norm %s, expected finite", i, sorted[i]);
      }
    }
    Arrays.sort(sorted);
    int n = sorted.length;
    return new RegionBounds(NumpyStats.percentileOfSorted(sorted, 0, n, settings.corePercentile()),
        NumpyStats.percentileOfSorted(sorted, 0, n, settings.shellLowerPercentile()),
        NumpyStats.percentileOfSorted(sorted, 0, n, settings.shellUpperPercentile()),
        NumpyStats.percentileOfSorted(sorted, 0, n, settings.outerPercentile()));
  }

  /** norm &lt; coreBelow; false for NaN. */
  public boolean isCore(double norm) {
    return norm < coreBelow;
  }

  /** shellAbove &lt; norm &lt; shellBelow; false for NaN. */
  public boolean isShell(double norm) {
    return norm > shellAbove && norm < shellBelow;
  }

  /** norm &gt; outerAbove; false for NaN. */
  public boolean isOuter(double norm) {
    return norm > outerAbove;
  }
}
