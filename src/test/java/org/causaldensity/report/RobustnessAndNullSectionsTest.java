package org.causaldensity.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.causaldensity.answer.IntrinsicDimension;
import org.causaldensity.answer.ParticipationRatio;
import org.causaldensity.answer.Robustness;
import org.causaldensity.answer.RobustnessCell;
import org.causaldensity.nulls.NullModelEstimates;
import org.causaldensity.nulls.NullModels;
import org.causaldensity.report.summary.AnswerBlock;
import org.causaldensity.report.summary.OptionsBlock;
import org.causaldensity.report.summary.Summary;
import org.junit.jupiter.api.Test;

class RobustnessAndNullSectionsTest {
  private static final Pattern FIRST_PARAGRAPH = Pattern.compile("<p class=\"verdict[^\"]*\">(.*?)</p>");

  private static RobustnessCell cell(int k, int core, boolean excluding, double estimate, String verdict) {
    return new RobustnessCell(k, core, excluding, estimate, List.of(estimate * 0.9, estimate * 1.1), verdict);
  }

  private static String render(Robustness robustness, NullModels nulls) {
    Summary s = SyntheticSummary.planted().summary();
    Summary summary = new Summary(s.schemaVersion(), s.inputs(), s.options(), s.warnings(), s.notebook(), s.product(),
        s.answer(), s.nDuplicateGroups(), s.duplicateGroups(), s.extremes(), robustness, nulls, null, null);
    return HtmlReport.render(summary, Map.of());
  }

  private static String firstParagraph(String html) {
    Matcher m = FIRST_PARAGRAPH.matcher(html);
    assertTrue(m.find(), "no verdict paragraph");
    return m.group(1);
  }

  @Test
  void sensitiveGridIsSaidInTheFirstParagraphNamingTheCellsAndColouredByVerdict() {
    RobustnessCell primary = cell(20, 10, false, 0.5, "sparser");
    RobustnessCell flipped = cell(5, 5, true, 3.0, "denser");
    List<RobustnessCell> cells = List.of(flipped, cell(5, 10, false, 0.6, "sparser"), primary,
        cell(20, 5, true, 0.55, "sparser"));
    Robustness grid = new Robustness("median_density_ratio_core_over_shell", primary, List.of(5, 20), List.of(5, 10),
        List.of(40.0, 60.0), cells, Robustness.SENSITIVE, List.of(flipped));
    String html = render(grid, null);
    String first = firstParagraph(html);
    assertTrue(first.contains("The verdict is sensitive to the settings: 1 of 4 settings"), first);
    assertTrue(first.contains("k = 5, core &lt; p5, excluding degenerate → denser"), first);
    assertTrue(html.contains("id=\"robustness\""));
    assertTrue(html.contains("background:#dafbe1\">3.00× [2.70–3.30] denser"), "denser cell is green");
    assertTrue(html.contains("background:#ffebe9;font-weight:700\">0.500× [0.450–0.550] sparser"),
        "the primary cell is red and bold");
    assertTrue(html.contains("Not computed in this run (--null-models"), "a run without null models says so");
  }

  @Test
  void robustGridAndNullModelLinesBesideTheObservedRatio() {
    RobustnessCell primary = cell(20, 10, false, 4.0, "denser");
    Robustness grid = new Robustness("median_density_ratio_core_over_shell", primary, List.of(20), List.of(10),
        List.of(40.0, 60.0), List.of(primary, cell(20, 10, true, 3.9, "denser")), Robustness.ROBUST, List.of());
    NullModelEstimates sameNorms = new NullModelEstimates("same norms", 2560, List.of(1L, 2L, 3L),
        List.of(1.9, 2.0, 2.1), 2.0, 1.9, 2.1);
    NullModelEstimates gaussian = new NullModelEstimates("gaussian", 2560, List.of(1L, 2L, 3L),
        List.of(1.2, 1.3, 1.4), 1.3, 1.2, 1.4);
    NullModelEstimates ball = new NullModelEstimates("ball", 1333, List.of(1L, 2L, 3L), List.of(1.0, 1.0, 1.0), 1.0,
        1.0, 1.0);
    NullModels nulls = new NullModels("median_density_ratio_core_over_shell", 20, 4.0, sameNorms, gaussian, ball, 2.0,
        NullModels.DENSER, NullModels.DOCUMENTATION);
    String html = render(grid, nulls);
    assertTrue(firstParagraph(html).contains("The verdict is robust: all 2 settings of the grid"), firstParagraph(html));
    assertTrue(html.contains("Same norms, random directions</a>: 2.00× (seeds 1.90–2.10, dimension 2560) against "
        + "4.00× observed"), "same-norms line");
    assertTrue(html.contains("Uniform ball</a>: 1.00× (seeds 1.00–1.00, dimension 1333)"), "ball line");
    assertTrue(html.contains("Excess over the same-norms null: 2.00×: the core is denser than its norms imply."));
    for (String anchor : List.of("same_norms_random_directions", "gaussian", "uniform_ball")) {
      assertTrue(html.contains("href=\"#control-" + anchor + "\""), anchor);
      assertEquals(html.indexOf("id=\"control-" + anchor + "\""), html.lastIndexOf("id=\"control-" + anchor + "\""));
      assertTrue(html.contains("id=\"control-" + anchor + "\""), anchor);
    }
  }

  @Test
  void bothParticipationRatiosAreListedWithTheirDefinitionsAndTheCaveatNamesTheSource() {
    SyntheticSummary planted = SyntheticSummary.planted();
    Summary s = planted.summary();
    // M = diag(1, 1, 1, 3): tr(M)²/tr(M²) = 36/12 = 3.
    float[] metric = new float[16];
    metric[0] = 1;
    metric[5] = 1;
    metric[10] = 1;
    metric[15] = 3;
    double metricRatio = ParticipationRatio.ofMetric(metric, 4);
    assertEquals(3.0, metricRatio, 1e-12);
    IntrinsicDimension d = planted.answer.intrinsicDimension();
    AnswerBlock answer = AnswerBlock.of(planted.answer.withIntrinsicDimension(new IntrinsicDimension(d.twoNn(),
        d.twoNnLinearFit(), d.levinaBickel(), d.participationRatio(), d.participationSamples(), d.ambientDimension(),
        metricRatio)), "keep");
    OptionsBlock o = s.options();
    OptionsBlock options = new OptionsBlock(o.k(), metricRatio, "metric-participation-ratio", o.bins(), o.onInvalid(),
        o.bootstrapResamples(), o.nullModels(), o.nullSeeds(), o.seed(), o.path(), o.tokenSelection(), o.metric(),
        o.duplicates());
    String html = HtmlReport.render(new Summary(s.schemaVersion(), s.inputs(), options, s.warnings(), s.notebook(),
        s.product(), answer, s.nDuplicateGroups(), s.duplicateGroups(), s.extremes(), s.robustness(),
        s.nullModels(), null, null), Map.of());
    String section = html.substring(html.indexOf("id=\"dimension\""), html.indexOf("id=\"inputs\""));
    assertTrue(section.contains("Metric participation ratio tr(M)²/tr(M²) (the notebook&#39;s d_eff)</th>"
        + "<td class=\"num\">3.000</td>"), section);
    assertTrue(section.contains("tr(M)^2 / tr(M^2) = (sum of eigenvalues of M)^2"), section);
    assertTrue(section.contains("Sample participation ratio tr(MC)²/tr(MCMC)"), section);
    assertTrue(html.contains("computed as the participation ratio tr(M)²/tr(M²) of the metric&#39;s eigenvalues"),
        "the d_eff caveat names the source");
  }
}
