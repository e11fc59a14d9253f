package org.causaldensity.report.summary;

import java.util.Locale;
import org.causaldensity.inputs.AnalysisOptions;

/**
 * {@code "options"}: the analysis options as used.
 *
 * @param dEff the effective dimension used by the volumetric density
 * @param dEffSource {@code option}, {@code metric-participation-ratio} or {@code sample-participation-ratio}
 * @param onInvalid {@code error} or {@code skip}
 * @param nullModels {@code on} when this run computed the null models, else {@code off} (schema 2)
 * @param nullSeeds point sets per null model (schema 2)
 */
public record OptionsBlock(int k, double dEff, String dEffSource, int bins, String onInvalid, int bootstrapResamples,
    String nullModels, int nullSeeds, long seed) {

  /** The block of a run's options with the d_eff it used and whether its null models ran. */
  public static OptionsBlock of(AnalysisOptions options, double dEff, boolean nullModelsRun) {
    return new OptionsBlock(options.k(), dEff, options.dEffSource().label(), options.bins(),
        options.onInvalid().name().toLowerCase(Locale.ROOT), options.bootstrapResamples(), nullModelsRun ? "on" : "off",
        options.nullSeeds(), options.seed());
  }
}
