package org.causaldensity.answer;

import org.causaldensity.stats.RegionBands;

/**
 * How the core/shell comparison is set up. Regions are percentile bands of the causal norm: core below
 * {@code corePercentile}, shell strictly between {@code shellLowerPercentile} and {@code shellUpperPercentile}, outer
 * above {@code outerPercentile} (the notebook's 10 / 40–60 / 90).
 *
 * @param resamples bootstrap resamples (≥ 1)
 * @param seed bootstrap seed
 * @param sparserBelow ratio cut-off for "sparser" (the notebook's 0.67)
 * @param denserAbove ratio cut-off for "denser" (the notebook's 1.5)
 */
public record ComparisonSettings(double corePercentile, double shellLowerPercentile, double shellUpperPercentile,
    double outerPercentile, int resamples, long seed, double sparserBelow, double denserAbove) {

  public static final int DEFAULT_RESAMPLES = 2000;
  public static final long DEFAULT_SEED = 20170417L;

  /** Percentiles must be ordered within [0, 100], resamples ≥ 1, and 0 &lt; sparserBelow ≤ denserAbove. */
  public ComparisonSettings {
    if (!(0 <= corePercentile && corePercentile <= shellLowerPercentile && shellLowerPercentile < shellUpperPercentile
        && shellUpperPercentile <= outerPercentile && outerPercentile <= 100)) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "percentiles must satisfy 0 <= core <= shell lower < shell upper <= outer <= 100, got %s, %s, %s, %s",
          corePercentile, shellLowerPercentile, shellUpperPercentile, outerPercentile));
    }
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
    }
    if (!(sparserBelow > 0 && sparserBelow <= denserAbove && denserAbove < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("need 0 < sparserBelow <= denserAbove < Infinity, got " + sparserBelow
          + " and " + denserAbove);
    }
  }

  /** The notebook's regions and cut-offs ({@link RegionBands}), 2000 resamples, {@link #DEFAULT_SEED}. */
  public static ComparisonSettings defaults() {
    return new ComparisonSettings(RegionBands.CORE_PERCENTILE, RegionBands.SHELL_LOWER_PERCENTILE,
        RegionBands.SHELL_UPPER_PERCENTILE, RegionBands.OUTER_PERCENTILE, DEFAULT_RESAMPLES, DEFAULT_SEED,
        RegionBands.SPARSER_BELOW, RegionBands.DENSER_ABOVE);
  }

  /** These settings with another seed. */
  public ComparisonSettings withSeed(long newSeed) {
    return new ComparisonSettings(corePercentile, shellLowerPercentile, shellUpperPercentile, outerPercentile,
        resamples, newSeed, sparserBelow, denserAbove);
  }

  /** These settings with another core cut-off (a percentile in [0, shellLowerPercentile]). */
  public ComparisonSettings withCorePercentile(double newCorePercentile) {
    return new ComparisonSettings(newCorePercentile, shellLowerPercentile, shellUpperPercentile, outerPercentile,
        resamples, seed, sparserBelow, denserAbove);
  }

  /** These settings with another number of resamples (≥ 1). */
  public ComparisonSettings withResamples(int newResamples) {
    return new ComparisonSettings(corePercentile, shellLowerPercentile, shellUpperPercentile, outerPercentile,
        newResamples, seed, sparserBelow, denserAbove);
  }
}
