package org.causaldensity.answer;

import java.util.Arrays;

/**
 * Core against shell for one set of tokens. The primary statistic is the ratio of median densities core/shell with a
 * percentile-bootstrap 95% interval; beside it the notebook's ratio of means, the difference of mean log10 densities
 * and a Mann–Whitney test. Non-finite values stay as Double (∞/finite = ∞, ∞/∞ = NaN).
 */
public record DensityComparison(double estimate, BootstrapInterval interval, Verdict verdict, double ratioOfMeans,
    double meanLog10DensityDifference, MannWhitney.Result mannWhitney, RegionSummary core, RegionSummary shell,
    RegionSummary outer) {

  public static final String STATISTIC = "median_density_ratio_core_over_shell";

  /**
   * Compares the core's densities with the shell's (outer is only summarised). An empty core or shell gives NaN
   * statistics and an undetermined verdict. Densities must be non-NaN and ≥ 0; +∞ is allowed.
   */
  public static DensityComparison of(double[] core, double[] shell, double[] outer, ComparisonSettings settings) {
    RegionSummary coreSummary = RegionSummary.of(core);
    RegionSummary shellSummary = RegionSummary.of(shell);
    RegionSummary outerSummary = RegionSummary.of(outer);
    BootstrapInterval interval =
        MedianRatioBootstrap.percentileInterval(core, shell, settings.resamples(), settings.seed());
    double estimate = coreSummary.medianDensity() / shellSummary.medianDensity();
    Verdict verdict = verdict(estimate, interval, settings);
    return new DensityComparison(estimate, interval, verdict, mean(core) / mean(shell),
        coreSummary.meanLog10Density() - shellSummary.meanLog10Density(), MannWhitney.test(core, shell), coreSummary,
        shellSummary, outerSummary);
  }

  /** The verdict of an estimate and its interval: undetermined when the estimate is NaN, else {@link Verdict#of}. */
  static Verdict verdict(double estimate, BootstrapInterval interval, ComparisonSettings settings) {
    return Double.isNaN(estimate) ? Verdict.UNDETERMINED
        : Verdict.of(interval.lower(), interval.upper(), settings.sparserBelow(), settings.denserAbove());
  }

  private static double mean(double[] values) {
    return values.length == 0 ? Double.NaN : Arrays.stream(values).sum() / values.length;
  }
}
