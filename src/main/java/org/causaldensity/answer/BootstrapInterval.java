package org.causaldensity.answer;


/**
 * A percentile-bootstrap 95% interval and how it was drawn.
 *
 * @param lower 2.5th percentile of the defined resampled statistics; NaN when none is defined
 * @param upper 97.5th percentile of the defined resampled statistics; NaN when none is defined
 * @param resamples bootstrap resamples drawn
 * @param seed the {@link java.util.SplittableRandom} seed
 * @param undefinedResamples resamples whose statistic was NaN (∞/∞ or 0/0), left out of the percentiles
 */
public record BootstrapInterval(double lower, double upper, int resamples, long seed, int undefinedResamples) {
}
