package org.causaldensity.report.summary;

import java.util.Locale;
import org.causaldensity.inputs.AnalysisOptions;
import org.causaldensity.selection.AnalysisPath;

/**
 * {@code "options"}: the analysis options as used, then which path, tokens, geometry and duplicates policy produced
 * the result.
 *
 * @param dEff the effective dimension used by the volumetric density
 * @param dEffSource {@code option}, {@code metric-participation-ratio} or {@code sample-participation-ratio}
 * @param onInvalid {@code error} or {@code skip}
 * @param nullModels {@code on} when this run computed the null models, else {@code off} (schema 2)
 * @param nullSeeds point sets per null model (schema 2)
 * @param path {@code matrix} ({@code --distances} given) or {@code matrix-free} (computed from the checkpoint)
 * @param tokenSelection the tokens analysed
 * @param metric the geometry
 * @param duplicates {@code keep} or {@code collapse} (always {@code keep} on the matrix path)
 */
public record OptionsBlock(int k, double dEff, String dEffSource, int bins, String onInvalid, int bootstrapResamples,
    String nullModels, int nullSeeds, long seed, String path, TokenSelectionBlock tokenSelection, MetricBlock metric,
    String duplicates) {

  /**
   * The block of a run's options with the d_eff it used and whether its null models ran; {@code selected} is the
   * number of rows selected (before any collapsing) and {@code covarianceRows} the vocabulary rows an estimated metric
   * was computed from (else ignored).
   */
  public static OptionsBlock of(AnalysisOptions options, double dEff, boolean nullModelsRun, AnalysisPath path,
      long selected, long covarianceRows) {
    return new OptionsBlock(options.k(), dEff, options.dEffSource().label(), options.bins(),
        options.onInvalid().name().toLowerCase(Locale.ROOT), options.bootstrapResamples(), nullModelsRun ? "on" : "off",
        options.nullSeeds(), options.seed(), path.pathName(), TokenSelectionBlock.of(path.tokens(), selected),
        MetricBlock.of(path.metric(), covarianceRows), path.duplicates().spelling());
  }
}
