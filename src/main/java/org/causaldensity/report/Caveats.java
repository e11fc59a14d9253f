package org.causaldensity.report;

import static org.causaldensity.report.ReportNumbers.HEADLINE_DIGITS;
import static org.causaldensity.report.ReportNumbers.count;
import static org.causaldensity.report.ReportNumbers.countOrReal;
import static org.causaldensity.report.ReportNumbers.real;

import java.util.ArrayList;
import java.util.List;
import org.causaldensity.report.summary.AnswerBlock;
import org.causaldensity.report.summary.Comparison;
import org.causaldensity.report.summary.IntrinsicDimensionBlock;
import org.causaldensity.report.summary.OptionsBlock;
import org.causaldensity.report.summary.Summary;
import org.causaldensity.stats.RegionBands;

/** The report's caveats, as plain text (the caller escapes them), with this run's numbers filled in. */
final class Caveats {
  private Caveats() {}

  /**
   * Estimator, d_eff and its source, duplicates and +∞ densities, strict percentile bands, the notebook's means,
   * and the bootstrap; absent numbers read "n/a".
   */
  static List<String> all(Summary root, long k) {
    AnswerBlock answer = root.answer();
    OptionsBlock options = root.options();
    List<String> caveats = new ArrayList<>();
    caveats.add(estimator(answer, options, k));
    caveats.add(effectiveDimension(answer, options));
    caveats.add(duplicates(root, k));
    caveats.add(bands(answer));
    caveats.add("The notebook compares mean densities; a few tokens with huge densities (near-duplicates) can "
        + "dominate a mean, and exact duplicates make it infinite or, scored 0 as the notebook does, pull it down. "
        + "The answer compares medians, which such tokens barely move.");
    caveats.add(bootstrap(answer));
    return caveats;
  }

  private static String estimator(AnswerBlock answer, OptionsBlock options, long k) {
    String text = "The local density is the notebook's estimator, 1/(mean distance to the "
        + (k > 0 ? "k = " + k : "k") + " nearest other tokens): an inverse length, not a count per unit volume. "
        + "The Loftsgaarden–Quesenberry estimator k/(n·V_d(r_k)), with r_k the distance to the k-th neighbour, is "
        + "a density per unit volume but needs the dimension d: a ratio R of inverse distances becomes about R^d "
        + "in volume density";
    double ratio = answer == null ? Double.NaN : answer.estimate();
    double dEff = options == null ? Double.NaN : options.dEff();
    if (ratio > 0 && Double.isFinite(ratio) && dEff > 0 && Double.isFinite(dEff)) {
      long exponent = Math.round(dEff * Math.log10(ratio));
      text += " (with d = d_eff = " + countOrReal(dEff) + ", the ratio " + real(ratio, HEADLINE_DIGITS)
          + "× would read as about " + ReportNumbers.powerOfTen(exponent) + "×)";
    }
    return text + ", so its size says more about d than about the tokens. Both estimators fall as neighbour "
        + "distances grow and order tokens much alike; the report uses 1/mean distance, as the notebook did.";
  }

  private static String effectiveDimension(AnswerBlock answer, OptionsBlock options) {
    String source = options == null ? null : options.dEffSource();
    String how;
    if ("sample-participation-ratio".equals(source)) {
      how = "computed as the participation ratio tr(MC)²/tr(MCMC) of the sampled tokens' covariance C";
    } else if ("metric-participation-ratio".equals(source)) {
      how = "computed as the participation ratio tr(M)²/tr(M²) of the metric's eigenvalues, as the notebook's 1333 "
          + "was";
    } else if ("option".equals(source)) {
      how = "given as an option";
    } else {
      how = source == null ? "source not recorded" : "source: " + source;
    }
    String text = "d_eff = " + (options == null ? "—" : countOrReal(options.dEff())) + " (" + how + ") enters only the log volumetric "
        + "density, which equals d_eff · log(local density) plus a constant: it changes neither the order of the "
        + "tokens nor the medians' ratio nor the verdict.";
    IntrinsicDimensionBlock dimension = answer == null ? null : answer.intrinsicDimension();
    List<String> estimates = new ArrayList<>();
    if (dimension != null && dimension.twonn() != null) {
      estimates.add("TwoNN " + real(dimension.twonn().estimate(), HEADLINE_DIGITS));
    }
    if (dimension != null && dimension.levinaBickel() != null) {
      estimates.add("Levina–Bickel " + real(dimension.levinaBickel().estimate(), HEADLINE_DIGITS));
    }
    if (dimension != null && dimension.participationRatio() != null) {
      estimates.add("sample participation ratio " + real(dimension.participationRatio().estimate(),
          HEADLINE_DIGITS));
    }
    if (dimension != null && dimension.metricParticipationRatio() != null) {
      estimates.add("metric participation ratio " + real(dimension.metricParticipationRatio().estimate(),
          HEADLINE_DIGITS));
    }
    if (!estimates.isEmpty()) {
      text += " For comparison, this run's intrinsic-dimension estimates are " + String.join(", ", estimates) + ".";
    }
    return text;
  }

  private static String duplicates(Summary root, long k) {
    Long degenerate = HtmlReport.degenerateTokens(root);
    return (degenerate == null ? "—" : count(degenerate)) + " tokens have at least one exact duplicate (distance "
        + "exactly 0), and " + (root.product() == null ? "—" : count(root.product().density().nInfinite()))
        + " have all " + (k > 0 ? "k = " + k : "k")
        + " nearest neighbours at distance 0, so their density is +∞. Medians and the Mann–Whitney test rank +∞ "
        + "above every finite density; the mean of log10 density leaves such tokens out and the tables count them "
        + "separately. The notebook drops zero distances instead, so the same tokens score 0 (and tokens with only "
        + "some duplicate neighbours score lower than they should): the opposite extreme. The comparison without "
        + "degenerate tokens shows the answer free of either choice.";
  }

  private static String bands(AnswerBlock answer) {
    Comparison all = answer == null ? null : answer.all();
    return "Regions are strict percentile bands of the causal norm, as in the notebook: core = norm < p"
        + AnswerSentences.percentile(RegionBands.CORE_PERCENTILE) + ", shell = p"
        + AnswerSentences.percentile(RegionBands.SHELL_LOWER_PERCENTILE) + " < norm < p"
        + AnswerSentences.percentile(RegionBands.SHELL_UPPER_PERCENTILE) + ", outer = norm > p"
        + AnswerSentences.percentile(RegionBands.OUTER_PERCENTILE) + " (np.percentile, linear interpolation). A token "
        + "exactly on a threshold is in no band, so ties (for example a duplicate group sharing one norm) can leave "
        + "a band smaller than its nominal share: here core " + regionCount(all, "core") + ", shell "
        + regionCount(all, "shell") + " and outer " + regionCount(all, "outer") + " of "
        + (answer == null ? "—" : count(answer.tokens())) + " tokens.";
  }

  private static String regionCount(Comparison c, String region) {
    return HtmlReport.region(c, region) == null ? "—" : count(HtmlReport.region(c, region).n());
  }

  private static String bootstrap(AnswerBlock answer) {
    Comparison.Bootstrap b = answer == null ? null : answer.bootstrap();
    return "The 95% interval is a percentile bootstrap with " + (b == null ? "—" : count(b.resamples()))
        + " resamples (seed " + (b == null ? "n/a" : Long.toString(b.seed())) + "): core and shell densities are "
        + "resampled independently with replacement and the ratio of medians recomputed; "
        + (b == null ? "—" : count(b.undefinedResamples()))
        + " resamples with an undefined ratio (∞/∞) were left out. It treats tokens as independent draws, but "
        + "neighbouring tokens share neighbours and their densities are correlated, so the real uncertainty is "
        + "larger than the interval. The verdict is denser when the whole interval lies above "
        + real(RegionBands.DENSER_ABOVE, 2) + ", sparser when it lies below " + real(RegionBands.SPARSER_BELOW, 2)
        + ", similar when it lies within " + real(RegionBands.SPARSER_BELOW, 2) + "–" + real(RegionBands.DENSER_ABOVE, 2)
        + ", and undetermined otherwise: the notebook's cut-offs, applied to the interval instead of one number.";
  }
}
