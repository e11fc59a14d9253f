package org.causaldensity.report.summary;

import java.util.Locale;
import org.causaldensity.inputs.AnalysisOptions;

/**
 * {@code "options"}: the analysis options as used.
 *
 * @param dEff the effective dimension used by the volumetric density
 * @param dEffSource {@code option} or {@code participation-ratio}
 * @param onInvalid {@code error} or {@code skip}
 */
public record OptionsBlock(int k, double dEff, String dEffSource, int bins, String onInvalid, int bootstrapResamples,
    long seed) {

  /** The block of a run's options with the d_eff it used. */
  public static OptionsBlock of(AnalysisOptions options, double dEff) {
    return new OptionsBlock(options.k(), dEff, options.dEffFromParticipationRatio() ? "participation-ratio"
        : "option", options.bins(), options.onInvalid().name().toLowerCase(Locale.ROOT),
        options.bootstrapResamples(), options.seed());
  }
}
