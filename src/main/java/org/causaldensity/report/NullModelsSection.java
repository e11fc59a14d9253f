package org.causaldensity.report;

import static org.causaldensity.report.HtmlText.escape;
import static org.causaldensity.report.ReportNumbers.HEADLINE_DIGITS;
import static org.causaldensity.report.ReportNumbers.real;

import java.util.List;

/**
 * The report's reading of the {@code "null_models"} block: one line per null model beside the observed ratio, the
 * excess over the same-norms null with its statement, and a paragraph on each control (the text of
 * docs/CONTROLS.md, so the page stays self-contained).
 */
final class NullModelsSection {
  /** Summary key, anchor and paragraph of each control, in the order the report lists them. */
  private static final List<String[]> CONTROLS = List.of(
      new String[] {"same_norms_random_directions", "Same norms, random directions",
          "Every token keeps its causal norm, but its direction is drawn uniformly on the sphere of the whitened "
              + "space (where distances are causal distances). What is left is the density profile that norms "
              + "alone produce: in high dimension a point of small norm is closer to everyone, so its kNN "
              + "density is higher without any clustering. The excess of the observed ratio over this null is "
              + "what the tokens' directions add: well above 1, the core is a real cluster; near 1, its density "
              + "is what its norms imply."},
      new String[] {"gaussian", "Gaussian with the tokens' covariance",
          "N draws of a Gaussian with the sampled tokens' mean and covariance in the whitened space: the cloud "
              + "a linear model of the unembedding would give, with the tokens' spread along each direction but "
              + "no structure beyond second moments. Built from the covariance the norm stage accumulates and a "
              + "Cholesky factor of M."},
      new String[] {"uniform_ball", "Uniform ball",
          "N points uniform in a ball of d_eff dimensions whose radius is the tokens' median causal norm: the "
              + "control the notebook's authors ran (core/shell 1.00× at d = 1333). Density is constant in a "
              + "uniform ball, so a ratio far from 1 here would mean the estimator itself is biased."});

  private NullModelsSection() {}

  /** The section; a note when the run did not compute the null models. */
  static void write(SummaryTree nulls, SummaryTree options, StringBuilder out) {
    out.append("<h3 id=\"null-models\">Null models: what geometry alone gives</h3>\n");
    if (!nulls.isMap()) {
      out.append("<p class=\"note\">").append(escape("Not computed in this run (--null-models "
          + (options.get("null_models").text() == null ? "off" : options.get("null_models").text())
          + "; by default they run up to 20,000 tokens, one all-pairs kNN pass per model and seed).")).append("</p>\n");
      return;
    }
    double observed = nulls.get("observed").number();
    out.append("<p>").append(escape("The same statistic (median density ratio core/shell, k = "
        + nulls.get("k").integer(-1) + ", same cut-offs) on point sets that share only part of the tokens' "
        + "geometry, over " + nulls.at("same_norms_random_directions", "seeds").items().size() + " seeds each. "
        + "Observed: " + real(observed, HEADLINE_DIGITS) + "×.")).append("</p>\n<ul>\n");
    for (String[] control : CONTROLS) {
      SummaryTree model = nulls.get(control[0]);
      out.append("<li><a href=\"#control-").append(control[0]).append("\">").append(escape(control[1]))
          .append("</a>: ").append(escape(real(model.get("mean").number(), HEADLINE_DIGITS) + "× (seeds "
              + real(model.get("min").number(), HEADLINE_DIGITS) + "–" + real(model.get("max").number(),
                  HEADLINE_DIGITS) + ", dimension " + model.get("dimension").integer(-1) + ") against "
              + real(observed, HEADLINE_DIGITS) + "× observed")).append("</li>\n");
    }
    out.append("</ul>\n<p><strong>").append(escape("Excess over the same-norms null: "
        + real(nulls.get("excess_over_norm_null").number(), HEADLINE_DIGITS) + "×: the core is "
        + nulls.get("statement").text() + ".")).append("</strong>")
        .append(escape(" (above 1.5 “denser than its norms imply”, below 0.67 “sparser than its norms imply”, "
            + "otherwise “as its norms imply”: the answer's own band.)")).append("</p>\n");
    for (String[] control : CONTROLS) {
      out.append("<p id=\"control-").append(control[0]).append("\"><em>").append(escape(control[1]))
          .append(".</em> ").append(escape(control[2])).append("</p>\n");
    }
    out.append("<p class=\"note\">").append(escape("These paragraphs are those of docs/CONTROLS.md in the "
        + "causal-density repository.")).append("</p>\n");
  }
}
