package org.causaldensity.report;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.causaldensity.answer.ComparisonSettings;
import org.causaldensity.answer.RegionBounds;
import org.causaldensity.io.DaemonThread;
import org.causaldensity.io.OutputFolder;
import org.causaldensity.report.summary.DuplicatesPolicyBlock;
import org.causaldensity.report.summary.InputsBlock;
import org.causaldensity.report.summary.OptionsBlock;
import org.causaldensity.report.summary.Summary;
import org.causaldensity.report.summary.SummaryJson;
import org.causaldensity.stats.RadialProfile;

/**
 * The reports stage of {@code run}: summary.json, radial_profile.csv, plots/ and report.html into the output's
 * staging folder, from the driver's per-token values. The plots depend on nothing the summary computes, so they
 * render on another core meanwhile.
 */
public final class RunReports {
  private RunReports() {}

  /**
   * Assembles the summary ({@link SummaryAssembler}) and writes every report; returns the summary written.
   * Either participation ratio is NaN when not computed; {@code hiddenSize} is the ambient dimension; {@code nulls}
   * is null when the null models do not run; {@code timings} receives the grid's and the null models' wall time;
   * {@code provenance} is the run's provenance block, or null for none; {@code duplicatesPolicy} the matrix-free
   * path's duplicates block, or null on the matrix path.
   */
  public static Summary write(OutputFolder output, InputsBlock inputs, OptionsBlock options, List<String> warnings,
      TokenColumns tokens, ComparisonSettings settings, double participationRatio, double metricParticipationRatio,
      int hiddenSize, SummaryAssembler.NullModelSetup nulls, RunTimings timings, Map<String, Object> provenance,
      DuplicatesPolicyBlock duplicatesPolicy) {
    RegionBounds bounds = RegionBounds.fromPercentiles(tokens.causalNorms(), settings);
    RadialProfile profile = RadialProfile.of(tokens.causalNorms(), tokens.notebookDensities(), options.bins());
    ExecutorService plotThread = DaemonThread.executor("causal-density-plots");
    try {
      Future<Map<String, byte[]>> rendered = plotThread.submit(() -> PlotSet.render(tokens, profile, bounds,
          options.k(), options.dEff()));
      Summary summary = SummaryAssembler.assemble(inputs, options, warnings, tokens, bounds, settings,
          participationRatio, metricParticipationRatio, hiddenSize, nulls, timings, duplicatesPolicy)
          .withProvenance(provenance);
      output.write("summary.json", SummaryJson.render(summary).getBytes(StandardCharsets.UTF_8));
      output.write("radial_profile.csv", RadialProfileCsv.render(profile.edges(), profile.centers(),
          profile.count(), profile.meanDensity(), profile.stdDensity()).getBytes(StandardCharsets.UTF_8));
      Map<String, byte[]> plots = DaemonThread.await(rendered);
      plots.forEach((name, png) -> output.write("plots/" + name, png));
      output.write("report.html", HtmlReport.render(summary, plots).getBytes(StandardCharsets.UTF_8));
      return summary;
    } finally {
      plotThread.shutdownNow();
    }
  }
}
