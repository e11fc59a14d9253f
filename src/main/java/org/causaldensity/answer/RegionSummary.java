package org.causaldensity.answer;

import org.causaldensity.stats.NumpyStats;

/**
 * Densities of one region in a few numbers.
 *
 * @param n tokens in the region
 * @param medianDensity {@code np.median} of the densities, +∞ ranking highest; NaN for an empty region
 * @param meanLog10Density mean of log10(density) over the FINITE densities; NaN when there is none
 * @param infiniteDensities tokens with density +∞ (all k neighbours at distance 0), left out of the log mean
 */
public record RegionSummary(int n, double medianDensity, double meanLog10Density, int infiniteDensities) {

  /** Summarises the densities (non-NaN, ≥ 0; a density of 0 gives a log of −∞). */
  public static RegionSummary of(double[] densities) {
    double[] sorted = MedianRatioBootstrap.sortedCopy("densities", densities);
    int n = sorted.length;
    double sumLog = 0;
    int finite = 0;
    for (double density : sorted) {
      if (density != Double.POSITIVE_INFINITY) {
        sumLog += Math.log10(density);
        finite++;
      }
    }
    return new RegionSummary(n, NumpyStats.medianOfSorted(sorted, 0, n), finite == 0 ? Double.NaN : sumLog / finite,
        n - finite);
  }
}
