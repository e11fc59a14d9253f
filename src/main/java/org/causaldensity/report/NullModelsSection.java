package org.causaldensity.report;

import static org.causaldensity.report.HtmlText.escape;
import static org.causaldensity.report.ReportNumbers.HEADLINE_DIGITS;
import static org.causaldensity.report.ReportNumbers.real;

import java.util.List;
import java.util.function.Function;
import org.causaldensity.inputs.AnalysisOptions;
import org.causaldensity.nulls.NullModelEstimates;
import org.causaldensity.nulls.NullModels;
import org.causaldensity.report.summary.OptionsBlock;

/**
 * The report's reading of the {@code "null_models"} block: one line per null model beside the observed ratio, the
 * excess over the same-norms null with its statement, and a paragraph on each control (the text of
 * docs/CONTROLS.md, so the page stays self-contained).
 */
final class NullModelsSection {
  /** Anchor, name and paragraph of each control, in the order the report lists them (and its block's estimates). */
  private record Control(String anchor, String name, String paragraph, Function<NullModels, NullModelEstimates> of) {}

  private static final List<Control> CONTROLS = List.of(
      new Control("same_norms_random_directions", "Same norms, random directions",
          "Every token keeps its causal norm, but its direction is drawn uniformly on the sphere of the whitened "
              + "space (where distances are causal distances). What is left is the density profile that norms "
              + "alone produce: in high dimension a point of small norm is closer to everyone, so its kNN "
              + "density is higher without any clustering. The excess of the observed ratio over this null is "
              + "what the tokens' directions add: well above 1, the core is a real cluster; near 1, its density "
              + "is what its norms imply.", NullModels::sameNormsRandomDirections),
      new Control("gaussian", "Gaussian with the tokens' covariance",
          "N draws of a Gaussian with the sampled tokens' mean and covariance in the whitened space: the cloud "
              + "a linear model of the unembedding would give, with the tokens' spread along each direction but "
              + "no structure beyond second moments. Built from the covariance the norm stage accumulates and a "
              + "Cholesky factor of M.", NullModels::gaussian),
      new Control("uniform_ball", "Uniform ball",
          "N points uniform in a ball of d_eff dimensions whose radius is the tokens' median causal norm: the "
              + "control the notebook's authors ran (core/shell 1.00× at d = 1333). Density is constant in a "
              + "uniform ball, so a ratio far from 1 here would mean the estimator itself is biased.", NullModels::uniformBall));

  private NullModelsSection() {}

  /** The section; a note when the run did not compute the null models. */
  static void write(NullModels nulls, OptionsBlock options, StringBuilder out) {
    out.append("<h3 id=\"null-models\">Null models: what geometry alone gives</h3>\n");
    if (nulls == null) {
      out.append("<p class=\"note\">").append(escape("Not computed in this run (--null-models "
          + (options == null || options.nullModels() == null ? "off" : options.nullModels())
          + "; by default they run up to " + String.format(java.util.Locale.ROOT, "%,d",
              AnalysisOptions.NULL_MODELS_AUTO_MAX_TOKENS) + " tokens, one all-pairs kNN pass per model and seed)."))
          .append(escape(" How each control is built: " + NullModels.DOCUMENTATION + " in the causal-density "
              + "repository.")).append("</p>\n");
      return;
    }
    double observed = nulls.observed();
    NullModelEstimates sameNorms = nulls.sameNormsRandomDirections();
    out.append("<p>").append(escape("The same statistic (median density ratio core/shell, k = "
        + nulls.k() + ", same cut-offs) on point sets that share only part of the tokens' "
        + "geometry, over " + (sameNorms == null || sameNorms.seeds() == null ? 0 : sameNorms.seeds().size())
        + " seeds each. Observed: " + real(observed, HEADLINE_DIGITS) + "×.")).append("</p>\n<ul>\n");
    for (Control control : CONTROLS) {
      NullModelEstimates model = control.of().apply(nulls);
      if (model == null) {
        continue;
      }
      out.append("<li><a href=\"#control-").append(control.anchor()).append("\">").append(escape(control.name()))
          .append("</a>: ").append(escape(real(model.mean(), HEADLINE_DIGITS) + "× (seeds "
              + real(model.min(), HEADLINE_DIGITS) + "–" + real(model.max(), HEADLINE_DIGITS) + ", dimension "
              + model.dimension() + ") against " + real(observed, HEADLINE_DIGITS) + "× observed"))
          .append("</li>\n");
    }
    out.append("</ul>\n<p><strong>").append(escape("Excess over the same-norms null: "
        + real(nulls.excessOverNormNull(), HEADLINE_DIGITS) + "×: the core is "
        + nulls.statement() + ".")).append("</strong>")
        .append(escape(" (above 1.5 “denser than its norms imply”, below 0.67 “sparser than its norms imply”, "
            + "otherwise “as its norms imply”: the answer's own band.)")).append("</p>\n");
    for (Control control : CONTROLS) {
      out.append("<p id=\"control-").append(control.anchor()).append("\"><em>").append(escape(control.name()))
          .append(".</em> ").append(escape(control.paragraph())).append("</p>\n");
    }
    out.append("<p class=\"note\">").append(escape("These paragraphs are those of " + NullModels.DOCUMENTATION
        + " in the causal-density repository.")).append("</p>\n");
  }
}
