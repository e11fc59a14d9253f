package org.causaldensity.report;

import static org.causaldensity.report.ReportNumbers.HEADLINE_DIGITS;
import static org.causaldensity.report.ReportNumbers.count;
import static org.causaldensity.report.ReportNumbers.distinguishingDigits;
import static org.causaldensity.report.ReportNumbers.percent;
import static org.causaldensity.report.ReportNumbers.real;

import java.util.List;
import java.util.Locale;
import org.causaldensity.stats.Regions;

/**
 * The report's opening sentences, as plain text (the caller escapes them): the verdict with its estimate and
 * interval, what happens without the degenerate tokens, and how the notebook's own estimator compares.
 */
final class AnswerSentences {
  private static final String UNDETERMINED_OPENING =
      "Whether the core is denser or sparser than the shell is undetermined: ";

  private AnswerSentences() {}

  /** One core/shell comparison of the answer block, read from its map. */
  record Comparison(double estimate, double lower, double upper, String verdict, SummaryTree core,
      SummaryTree shell) {
    /** The comparison stored in node (the answer itself, or its excluding_degenerate block); absent parts read NaN. */
    static Comparison of(SummaryTree node) {
      List<SummaryTree> ci = node.get("ci95").items();
      String verdict = node.get("verdict").text();
      return new Comparison(node.get("estimate").number(), ci.size() == 2 ? ci.get(0).number() : Double.NaN,
          ci.size() == 2 ? ci.get(1).number() : Double.NaN, verdict == null ? "undetermined" : verdict,
          node.at("regions", "core"), node.at("regions", "shell"));
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
  static String verdict(SummaryTree answer, long k) {
    if (!answer.isMap()) {
      return "This run has no answer block, so it does not say whether the core is denser or sparser than the "
          + "shell.";
    }
    Comparison c = Comparison.of(answer);
    SummaryTree thresholds = answer.get("norm_thresholds");
    String core = String.format(Locale.ROOT, "core tokens (causal norm below p%s = %s)",
        percentile(Regions.CORE_PERCENTILE), real(thresholds.get("core_below").number(), HEADLINE_DIGITS));
    String shell = String.format(Locale.ROOT, "shell tokens (p%s–p%s, %s–%s)",
        percentile(Regions.SHELL_LOW_PERCENTILE), percentile(Regions.SHELL_HIGH_PERCENTILE),
        real(thresholds.get("shell_above").number(), HEADLINE_DIGITS),
        real(thresholds.get("shell_below").number(), HEADLINE_DIGITS));
    if (Double.isNaN(c.estimate())) {
      return UNDETERMINED_OPENING + undefinedRatio(c, core, shell, k) + ".";
    }
    String interval = c.interval() == null ? null : "95% bootstrap interval " + c.interval();
    if (c.estimate() == Double.POSITIVE_INFINITY) {
      String comparison = "the median local density of " + core + " is infinite, because more than half of them ("
          + count(c.core().get("infinite_densities")) + " of " + count(c.core().get("n")) + ") have all "
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
    if (c.shell().get("median_density").number() == Double.POSITIVE_INFINITY) {
      comparison += ", whose median is infinite because more than half of them have all " + neighbours(k)
          + " nearest neighbours at distance 0 (exact duplicates)";
    }
    switch (c.verdict()) {
      case "similar":
        return opening(c.verdict()) + comparison + ", " + interval + ", inside the band "
            + real(Regions.SPARSER_BELOW, 2) + "–" + real(Regions.DENSER_ABOVE, 2) + " that counts as similar.";
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
  static String withoutDegenerate(SummaryTree answer) {
    if (!answer.isMap()) {
      return "";
    }
    long degenerate = answer.get("degenerate_tokens").integer(-1);
    long tokens = answer.get("tokens").integer(0);
    if (degenerate == 0) {
      return "No token has an exact duplicate, so leaving out degenerate tokens changes nothing.";
    }
    Comparison all = Comparison.of(answer);
    Comparison clean = Comparison.of(answer.get("excluding_degenerate"));
    String opening = "Without the " + count(answer.get("degenerate_tokens")) + " degenerate tokens ("
        + percent(degenerate, tokens) + " of " + count(tokens)
        + "; a token is degenerate when at least one other token lies at distance exactly 0), ";
    if (Double.isNaN(clean.estimate())) {
      return opening + "the ratio is undefined (" + count(clean.core().get("n")) + " core and "
          + count(clean.shell().get("n")) + " shell tokens remain) and the verdict is " + clean.verdict() + ".";
    }
    String interval = clean.interval() == null ? "no bootstrap interval" : "95% bootstrap interval "
        + clean.interval();
    String change = clean.verdict().equals(all.verdict()) ? "stays " + clean.verdict()
        : "becomes " + clean.verdict() + " instead of " + all.verdict();
    return opening + "the ratio is " + clean.ratio() + " (" + interval + ") and the verdict " + change + ".";
  }

  /** The third sentence: the notebook's ratio of means and verdict against this answer; "" without a notebook block. */
  static String notebookContrast(SummaryTree notebook, SummaryTree answer) {
    if (!notebook.isMap()) {
      return "";
    }
    String notebookVerdict = notebook.get("verdict").text();
    String answerVerdict = answer.get("verdict").text();
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
        + "all exact duplicates scores density 0 (" + count(notebook.get("n_zero_density")) + " tokens here), and "
        + "which compares mean densities, gives a core/shell ratio of "
        + real(notebook.get("core_shell_ratio").number(), HEADLINE_DIGITS) + "× and the verdict "
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

  private static String undeterminedInterval(Comparison c, String interval) {
    if (interval == null) {
      return "bootstrap gave no 95% interval (every resample's ratio was undefined)";
    }
    double sparser = Regions.SPARSER_BELOW;
    double denser = Regions.DENSER_ABOVE;
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

  private static String undefinedRatio(Comparison c, String core, String shell, long k) {
    long coreN = c.core().get("n").integer(-1);
    long shellN = c.shell().get("n").integer(-1);
    if (coreN == 0 || shellN == 0) {
      return "the core has " + count(c.core().get("n")) + " tokens and the shell " + count(c.shell().get("n"))
          + ", so there is nothing to compare (" + core + "; " + shell + ")";
    }
    if (c.core().get("median_density").number() == Double.POSITIVE_INFINITY
        && c.shell().get("median_density").number() == Double.POSITIVE_INFINITY) {
      return "the median local densities of both " + core + " and " + shell + " are infinite, because more than "
          + "half of each region's tokens have all " + neighbours(k)
          + " nearest neighbours at distance 0 (exact duplicates)";
    }
    return "the ratio of the median local densities of " + core + " and " + shell + " is undefined (medians "
        + real(c.core().get("median_density").number()) + " and " + real(c.shell().get("median_density").number())
        + ")";
  }
}
