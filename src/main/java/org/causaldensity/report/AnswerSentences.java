package org.causaldensity.report;

import static org.causaldensity.report.ReportNumbers.HEADLINE_DIGITS;
import static org.causaldensity.report.ReportNumbers.count;
import static org.causaldensity.report.ReportNumbers.distinguishingDigits;
import static org.causaldensity.report.ReportNumbers.percent;
import static org.causaldensity.report.ReportNumbers.real;

import java.util.List;
import java.util.Locale;
import org.causaldensity.answer.RegionBounds;
import org.causaldensity.answer.RegionSummary;
import org.causaldensity.report.summary.AnswerBlock;
import org.causaldensity.report.summary.Comparison;
import org.causaldensity.report.summary.NotebookBlock;
import org.causaldensity.stats.RegionBands;

/**
 * The report's opening sentences, as plain text (the caller escapes them): the verdict with its estimate and
 * interval, what happens without the degenerate tokens, and how the notebook's own estimator compares.
 */
final class AnswerSentences {
  private static final String UNDETERMINED_OPENING =
      "Whether the core is denser or sparser than the shell is undetermined: ";

  private AnswerSentences() {}

  /** One core/shell comparison of the answer block, as the sentences read it; absent parts read NaN. */
  record Ratio(double estimate, double lower, double upper, String verdict, RegionSummary core,
      RegionSummary shell) {
    private static final RegionSummary ABSENT = new RegionSummary(0, Double.NaN, Double.NaN, 0);

    /** The view of a comparison (the answer's own, or its excluding_degenerate block; null reads as absent). */
    static Ratio of(Comparison c) {
      if (c == null) {
        return new Ratio(Double.NaN, Double.NaN, Double.NaN, "undetermined", ABSENT, ABSENT);
      }
      RegionSummary core = HtmlReport.region(c, "core");
      RegionSummary shell = HtmlReport.region(c, "shell");
      return new Ratio(c.estimate(), c.lower(), c.upper(), c.verdict() == null ? "undetermined" : c.verdict(),
          core == null ? ABSENT : core, shell == null ? ABSENT : shell);
    }

    /** Digits at which estimate and interval print distinctly. */
    int digits() {
      return distinguishingDigits(lower, estimate, upper);
    }

    /** "4.63–4.74", or null when the interval is undefined. */
    String interval() {
      if (Double.isNaN(lower) && Double.isNaN(upper)) {
        return null;
      }
      return real(lower, digits()) + "–" + real(upper, digits());
    }

    /** "4.67×"; "n/a" for an undefined ratio. */
    String ratio() {
      return Double.isNaN(estimate) ? ReportNumbers.NOT_AVAILABLE : real(estimate, digits()) + "×";
    }
  }

  /**
   * The first sentence: verdict, estimate and 95% interval, with the regions' norm thresholds; worded for each
   * verdict, for an infinite estimate (duplicates) and for an undefined one. A missing answer says so.
   */
  static String verdict(AnswerBlock answer, long k) {
    if (answer == null) {
      return "This run has no answer block, so it does not say whether the core is denser or sparser than the "
          + "shell.";
    }
    Ratio c = Ratio.of(answer.all());
    RegionBounds thresholds = answer.normThresholds();
    String core = String.format(Locale.ROOT, "core tokens (causal norm below p%s = %s)",
        percentile(RegionBands.CORE_PERCENTILE), real(thresholds.coreBelow(), HEADLINE_DIGITS));
    String shell = String.format(Locale.ROOT, "shell tokens (p%s–p%s, %s–%s)",
        percentile(RegionBands.SHELL_LOWER_PERCENTILE), percentile(RegionBands.SHELL_UPPER_PERCENTILE),
        real(thresholds.shellAbove(), HEADLINE_DIGITS),
        real(thresholds.shellBelow(), HEADLINE_DIGITS));
    if (Double.isNaN(c.estimate())) {
      return UNDETERMINED_OPENING + undefinedRatio(c, core, shell, k) + ".";
    }
    String interval = c.interval() == null ? null : "95% bootstrap interval " + c.interval();
    if (c.estimate() == Double.POSITIVE_INFINITY) {
      String comparison = "the median local density of " + core + " is infinite, because more than half of them ("
          + count(c.core().infiniteDensities()) + " of " + count(c.core().n()) + ") have all "
          + neighbours(k) + " nearest neighbours at distance 0 (exact duplicates), which makes it ∞× that of "
          + shell;
      if (c.lower() == Double.POSITIVE_INFINITY && c.upper() == Double.POSITIVE_INFINITY) {
        interval += ", as every resample's core median is infinite too";
      }
      if ("denser".equals(c.verdict())) {
        return "The core is denser than the shell only because of exact duplicate tokens: " + comparison + ", "
            + interval + ".";
      }
      if ("undetermined".equals(c.verdict())) {
        return UNDETERMINED_OPENING + comparison + ", but the " + undeterminedInterval(c, interval) + ".";
      }
      return opening(c.verdict()) + comparison + (interval == null ? "" : ", " + interval) + ".";
    }
    String comparison = "the median local density of " + core + " is " + c.ratio() + " that of " + shell;
    if (c.shell().medianDensity() == Double.POSITIVE_INFINITY) {
      comparison += ", whose median is infinite because more than half of them have all " + neighbours(k)
          + " nearest neighbours at distance 0 (exact duplicates)";
    }
    switch (c.verdict()) {
      case "similar":
        return opening(c.verdict()) + comparison + ", " + interval + ", inside the band "
            + real(RegionBands.SPARSER_BELOW, 2) + "–" + real(RegionBands.DENSER_ABOVE, 2) + " that counts as similar.";
      case "undetermined":
        return UNDETERMINED_OPENING + comparison + ", but the " + undeterminedInterval(c, interval) + ".";
      default:
        return opening(c.verdict()) + comparison + (interval == null ? "" : ", " + interval) + ".";
    }
  }

  /**
   * The second sentence: the comparison without the degenerate tokens (≥ 1 exact duplicate), or that there are
   * none; "" when the answer block is missing.
   */
  static String withoutDegenerate(AnswerBlock answer) {
    if (answer == null) {
      return "";
    }
    long degenerate = answer.degenerateTokens();
    long tokens = answer.tokens();
    if (degenerate == 0) {
      return "No token has an exact duplicate, so leaving out degenerate tokens changes nothing.";
    }
    Ratio all = Ratio.of(answer.all());
    Ratio clean = Ratio.of(answer.excludingDegenerate());
    String opening = "Without the " + count(degenerate) + " degenerate tokens ("
        + percent(degenerate, tokens) + " of " + count(tokens)
        + "; a token is degenerate when at least one other token lies at distance exactly 0), ";
    if (Double.isNaN(clean.estimate())) {
      return opening + "the ratio is undefined (" + count(clean.core().n()) + " core and "
          + count(clean.shell().n()) + " shell tokens remain) and the verdict is " + clean.verdict() + ".";
    }
    String interval = clean.interval() == null ? "no bootstrap interval" : "95% bootstrap interval "
        + clean.interval();
    String change = clean.verdict().equals(all.verdict()) ? "stays " + clean.verdict()
        : "becomes " + clean.verdict() + " instead of " + all.verdict();
    return opening + "the ratio is " + clean.ratio() + " (" + interval + ") and the verdict " + change + ".";
  }

  /** The third sentence: the notebook's ratio of means and verdict against this answer; "" without a notebook block. */
  static String notebookContrast(NotebookBlock notebook, AnswerBlock answer) {
    if (notebook == null) {
      return "";
    }
    String notebookVerdict = notebook.verdict();
    String answerVerdict = answer == null ? null : answer.verdict();
    String relation;
    if (notebookVerdict == null || answerVerdict == null) {
      relation = "";
    } else if (notebookVerdict.equals(answerVerdict)) {
      relation = ", agreeing with the answer above";
    } else if ("undetermined".equals(answerVerdict)) {
      relation = ", a verdict the bootstrap interval above does not support";
    } else {
      relation = ", contradicting the answer above";
    }
    return "The notebook's own estimator, which drops zero distances so that a token whose nearest neighbours are "
        + "all exact duplicates scores density 0 (" + count(notebook.nZeroDensity()) + " tokens here), and "
        + "which compares mean densities, gives a core/shell ratio of "
        + real(notebook.coreShellRatio(), HEADLINE_DIGITS) + "× and the verdict "
        + (notebookVerdict == null ? "n/a" : notebookVerdict) + relation + ".";
  }

  /** "10" for 10.0: the percentile as the notebook names it. */
  static String percentile(double p) {
    return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
  }

  /** "k = 20", or "k" when k is unknown (≤ 0). */
  private static String neighbours(long k) {
    return k > 0 ? "k = " + k : "k";
  }

  private static String opening(String verdict) {
    switch (verdict) {
      case "denser":
        return "The core is denser than the shell: ";
      case "sparser":
        return "The core is sparser than the shell: ";
      case "similar":
        return "The core and the shell have similar density: ";
      default:
        return "The verdict is " + verdict + ": ";
    }
  }

  private static String undeterminedInterval(Ratio c, String interval) {
    if (interval == null) {
      return "bootstrap gave no 95% interval (every resample's ratio was undefined)";
    }
    double sparser = RegionBands.SPARSER_BELOW;
    double denser = RegionBands.DENSER_ABOVE;
    boolean spansSparser = c.lower() < sparser && c.upper() >= sparser;
    boolean spansDenser = c.lower() <= denser && c.upper() > denser;
    String cutSparser = real(sparser, 2);
    String cutDenser = real(denser, 2);
    if (spansSparser && spansDenser) {
      return interval + " spans both cut-offs, " + cutSparser + " (sparser) and " + cutDenser + " (denser)";
    }
    if (spansDenser) {
      return interval + " straddles the cut-off " + cutDenser + " above which the core would be denser";
    }
    if (spansSparser) {
      return interval + " straddles the cut-off " + cutSparser + " below which the core would be sparser";
    }
    return interval + " does not settle it against the cut-offs " + cutSparser + " and " + cutDenser;
  }

  private static String undefinedRatio(Ratio c, String core, String shell, long k) {
    long coreN = c.core().n();
    long shellN = c.shell().n();
    if (coreN == 0 || shellN == 0) {
      return "the core has " + count(c.core().n()) + " tokens and the shell " + count(c.shell().n())
          + ", so there is nothing to compare (" + core + "; " + shell + ")";
    }
    if (c.core().medianDensity() == Double.POSITIVE_INFINITY
        && c.shell().medianDensity() == Double.POSITIVE_INFINITY) {
      return "the median local densities of both " + core + " and " + shell + " are infinite, because more than "
          + "half of each region's tokens have all " + neighbours(k)
          + " nearest neighbours at distance 0 (exact duplicates)";
    }
    return "the ratio of the median local densities of " + core + " and " + shell + " is undefined (medians "
        + real(c.core().medianDensity()) + " and " + real(c.shell().medianDensity())
        + ")";
  }
}
