package org.causaldensity.answer;

import java.util.LinkedHashMap;
import java.util.Map;

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

  static final String SAMPLE_DEFINITION = "tr(MC)^2 / tr(MCMC), C = covariance of the sampled tokens' unembedding "
      + "rows: the participation ratio of the sampled tokens seen through the metric";
  static final String METRIC_DEFINITION = "tr(M)^2 / tr(M^2) = (sum of eigenvalues of M)^2 / sum of their squares: "
      + "the participation ratio of the metric's own spectrum, needing no samples (how the notebook's d_eff = 1333 "
      + "was computed)";

  /**
   * {twonn, twonn_linear_fit, levina_bickel, participation_ratio {method, definition, estimate, samples,
   * ambient_dimension}, metric_participation_ratio {method, definition, estimate, ambient_dimension}}; absent ones
   * are left out.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    if (twoNn != null) {
      map.put("twonn", twoNn.toMap());
    }
    if (twoNnLinearFit != null) {
      map.put("twonn_linear_fit", twoNnLinearFit.toMap());
    }
    if (levinaBickel != null) {
      map.put("levina_bickel", levinaBickel.toMap());
    }
    if (!Double.isNaN(participationRatio)) {
      Map<String, Object> pr = new LinkedHashMap<>();
      pr.put("method", "participation_ratio_metric_whitened");
      pr.put("definition", SAMPLE_DEFINITION);
      pr.put("estimate", participationRatio);
      pr.put("samples", participationSamples);
      pr.put("ambient_dimension", ambientDimension);
      map.put("participation_ratio", pr);
    }
    if (!Double.isNaN(metricParticipationRatio)) {
      Map<String, Object> pr = new LinkedHashMap<>();
      pr.put("method", "metric_participation_ratio");
      pr.put("definition", METRIC_DEFINITION);
      pr.put("estimate", metricParticipationRatio);
      pr.put("ambient_dimension", ambientDimension);
      map.put("metric_participation_ratio", pr);
    }
    return map;
  }
}
