package org.causaldensity.answer;

import java.util.Arrays;

/**
 * Splits tokens into core / shell / outer by causal norm and compares their densities, once with every token and
 * once without the degenerate ones. The thresholds are the same for both passes: a region is a band of norms, and
 * dropping duplicates should not move it.
 */
public final class RegionComparison {
  private RegionComparison() {}

  /** {@link #compare(double[], double[], int[], RegionBounds, ComparisonSettings)} with percentile thresholds. */
  public static CoreDensityAnswer compare(double[] causalNorms, double[] densities, int[] exactDuplicates,
      ComparisonSettings settings) {
    return compare(causalNorms, densities, exactDuplicates, RegionBounds.fromPercentiles(causalNorms, settings),
        settings);
  }

  /**
   * Token i has norm causalNorms[i], density densities[i] (1/mean kNN distance, +∞ when that mean is 0) and
   * exactDuplicates[i] other tokens at distance 0; a token is degenerate when that count is ≥ 1. Arrays must have
   * equal lengths, finite norms, non-NaN densities ≥ 0 and counts ≥ 0.
   */
  public static CoreDensityAnswer compare(double[] causalNorms, double[] densities, int[] exactDuplicates,
      RegionBounds bounds, ComparisonSettings settings) {
    check(causalNorms, densities, exactDuplicates);
    int degenerate = (int) Arrays.stream(exactDuplicates).filter(c -> c > 0).count();
    DensityComparison all = compareRegions(causalNorms, densities, exactDuplicates, bounds, settings, false);
    DensityComparison clean = compareRegions(causalNorms, densities, exactDuplicates, bounds, settings, true);
    return new CoreDensityAnswer(bounds, causalNorms.length, degenerate, all, clean, null);
  }

  private static DensityComparison compareRegions(double[] norms, double[] densities, int[] duplicates,
      RegionBounds bounds, ComparisonSettings settings, boolean skipDegenerate) {
    double[][] regions = regionDensities(norms, densities, duplicates, bounds, skipDegenerate);
    return DensityComparison.of(regions[0], regions[1], regions[2], settings);
  }

  /** The densities of the core, shell and outer tokens {core, shell, outer}, without the degenerate ones if asked. */
  static double[][] regionDensities(double[] norms, double[] densities, int[] duplicates, RegionBounds bounds,
      boolean skipDegenerate) {
    double[] core = new double[norms.length];
    double[] shell = new double[norms.length];
    double[] outer = new double[norms.length];
    int nCore = 0;
    int nShell = 0;
    int nOuter = 0;
    for (int i = 0; i < norms.length; i++) {
      if (skipDegenerate && duplicates[i] > 0) {
        continue;
      }
      if (bounds.isCore(norms[i])) {
        core[nCore++] = densities[i];
      }
      if (bounds.isShell(norms[i])) {
        shell[nShell++] = densities[i];
      }
      if (bounds.isOuter(norms[i])) {
        outer[nOuter++] = densities[i];
      }
    }
    return new double[][] {Arrays.copyOf(core, nCore), Arrays.copyOf(shell, nShell), Arrays.copyOf(outer, nOuter)};
  }

  private static void check(double[] norms, double[] densities, int[] duplicates) {
    if (norms == null || densities == null || duplicates == null) {
      throw new IllegalArgumentException("causalNorms, densities and exactDuplicates must not be null");
    }
    if (densities.length != norms.length || duplicates.length != norms.length) {
      throw InvalidArgument.of("token table", "%d causal norms, %d densities and %d duplicate counts, "
          + "expected equal lengths", norms.length, densities.length, duplicates.length);
    }
    for (int i = 0; i < norms.length; i++) {
      if (!Double.isFinite(norms[i])) {
        throw InvalidArgument.of("causal norms", "token %d has norm %s, expected finite", i, norms[i]);
      }
      if (!(densities[i] >= 0)) {
        throw InvalidArgument.of("densities", "token %d has density %s, expected >= 0 or Infinity",
            i, densities[i]);
      }
      if (duplicates[i] < 0) {
        throw InvalidArgument.of("duplicate counts", "token %d has %d exact duplicates, expected >= 0",
            i, duplicates[i]);
      }
    }
  }
}
