package org.causaldensity.report.summary;

import org.causaldensity.stats.NotebookSummary;
import org.causaldensity.stats.RadialProfile;
import org.causaldensity.stats.Regions;

/**
 * {@code "notebook"}: every number the notebook prints or plots, with numpy's semantics (data-schema/summary.md).
 * Statistics of an empty set are NaN.
 */
public record NotebookBlock(long nTokens, long k, double dEff, long[] tokenIndexRange, Stats density,
    long nZeroDensity, LogVolumetricStats logVolumetricDensity, Stats causalNorm, Profile radialProfile,
    RegionsBlock regions, Thresholds thresholds, double coreShellRatio, String verdict) {

  /** min, max, mean, median. */
  public record Stats(double min, double max, double mean, double median) {
    static Stats of(double[] fourStats) {
      return new Stats(fourStats[0], fourStats[1], fourStats[2], fourStats[3]);
    }
  }

  /** {@link Stats} of the valid entries, and how many there are. */
  public record LogVolumetricStats(double min, double max, double mean, double median, long valid) {}

  /** The radial profile: {@code np.linspace} edges, bin centers, per-bin mean, population std and count. */
  public record Profile(double[] edges, double[] centers, double[] meanDensity, double[] stdDensity, long[] count) {
    static Profile of(RadialProfile profile) {
      return new Profile(profile.edges(), profile.centers(), profile.meanDensity(), profile.stdDensity(),
          profile.count());
    }
  }

  /** One of the notebook's regions: count, mean and population std of the notebook's density. */
  public record Region(long n, double meanDensity, double stdDensity) {
    static Region of(Regions.Region region) {
      return new Region(region.n(), region.meanDensity(), region.stdDensity());
    }
  }

  /** The three regions. */
  public record RegionsBlock(Region core, Region shell, Region outer) {}

  /** numpy's linear percentiles of the causal norm. */
  public record Thresholds(double p10, double p40, double p50, double p60, double p90) {}

  /** The block of a computed summary. */
  public static NotebookBlock of(NotebookSummary s) {
    double[] t = s.thresholds();
    double[] lv = s.logVolumetricStats();
    Regions regions = s.regions();
    return new NotebookBlock(s.nTokens(), s.k(), s.dEff(), s.tokenIndexRange(), Stats.of(s.densityStats()),
        s.zeroDensityCount(), new LogVolumetricStats(lv[0], lv[1], lv[2], lv[3], s.logVolumetricValid()),
        Stats.of(s.causalNormStats()), Profile.of(s.radialProfile()), new RegionsBlock(Region.of(regions.core()),
            Region.of(regions.shell()), Region.of(regions.outer())),
        new Thresholds(t[0], t[1], t[2], t[3], t[4]), regions.coreShellRatio(), regions.verdict());
  }
}
