package org.causaldensity.answer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /**
   * {statistic, estimate, ci95 [lo, hi], verdict, bootstrap {…}, ratio_of_means, mean_log10_density_difference
   * (finite densities only; counts of excluded ones are each region's infinite_densities), mann_whitney {u, p_value},
   * regions {core, shell, outer}}.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("statistic", STATISTIC);
    map.put("estimate", estimate);
    map.put("ci95", List.of(interval.lower(), interval.upper()));
    map.put("verdict", verdict.label());
    map.put("bootstrap", interval.toMap());
    map.put("ratio_of_means", ratioOfMeans);
    map.put("mean_log10_density_difference", meanLog10DensityDifference);
    map.put("mann_whitney", mannWhitney.toMap());
    Map<String, Object> regions = new LinkedHashMap<>();
    regions.put("core", core.toMap());
    regions.put("shell", shell.toMap());
    regions.put("outer", outer.toMap());
    map.put("regions", regions);
    return map;
  }

  private static double mean(double[] values) {
    return values.length == 0 ? Double.NaN : Arrays.stream(values).sum() / values.length;
  }
}
