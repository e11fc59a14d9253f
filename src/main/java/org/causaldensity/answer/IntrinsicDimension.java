package org.causaldensity.answer;

/**
 * The intrinsic-dimension estimates reported beside the density answer; any of them may be absent (null).
 *
 * @param participationRatio PR of the M-whitened covariance of the sampled γ rows; NaN when not computed
 * @param participationSamples rows the covariance was computed from
 * @param ambientDimension columns of those rows
 * @param metricParticipationRatio tr(M)²/tr(M²) of the metric itself (the notebook's d_eff = 1333); NaN when not
 *     computed
 */
public record IntrinsicDimension(DimensionEstimate twoNn, DimensionEstimate twoNnLinearFit,
    DimensionEstimate levinaBickel, double participationRatio, long participationSamples, int ambientDimension,
    double metricParticipationRatio) {
}
