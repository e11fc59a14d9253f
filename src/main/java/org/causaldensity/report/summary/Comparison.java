package org.causaldensity.report.summary;

import org.causaldensity.answer.DensityComparison;
import org.causaldensity.answer.MannWhitney;
import org.causaldensity.answer.RegionSummary;

/**
 * One core/shell comparison as summary.json holds it: the answer's own fields, and its
 * {@code "excluding_degenerate"} block.
 *
 * @param statistic always {@link DensityComparison#STATISTIC}
 * @param ci95 [lower, upper] of the percentile bootstrap; NaN when no resample was defined
 * @param verdict {@code denser}, {@code sparser}, {@code similar} or {@code undetermined}
 */
public record Comparison(String statistic, double estimate, double[] ci95, String verdict, Bootstrap bootstrap,
    double ratioOfMeans, double meanLog10DensityDifference, MannWhitney.Result mannWhitney, Regions regions) {

  /** How the bootstrap was drawn. */
  public record Bootstrap(int resamples, long seed, int undefinedResamples) {}

  /** Each region's densities in a few numbers. */
  public record Regions(RegionSummary core, RegionSummary shell, RegionSummary outer) {}

  /** The block of a computed comparison. */
  public static Comparison of(DensityComparison c) {
    return new Comparison(DensityComparison.STATISTIC, c.estimate(),
        new double[] {c.interval().lower(), c.interval().upper()}, c.verdict().label(),
        new Bootstrap(c.interval().resamples(), c.interval().seed(), c.interval().undefinedResamples()),
        c.ratioOfMeans(), c.meanLog10DensityDifference(), c.mannWhitney(),
        new Regions(c.core(), c.shell(), c.outer()));
  }

  /** The interval's lower end (NaN when undefined). */
  public double lower() {
    return ci95 == null || ci95.length != 2 ? Double.NaN : ci95[0];
  }

  /** The interval's upper end (NaN when undefined). */
  public double upper() {
    return ci95 == null || ci95.length != 2 ? Double.NaN : ci95[1];
  }
}
