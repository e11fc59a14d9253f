package org.causaldensity.answer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The intrinsic-dimension estimates reported beside the density answer; any of them may be absent (null).
 *
 * @param participationRatio PR of the M-whitened covariance of the sampled γ rows; NaN when not computed
 * @param participationSamples rows the covariance was computed from
 * @param ambientDimension columns of those rows
 */
public record IntrinsicDimension(DimensionEstimate twoNn, DimensionEstimate twoNnLinearFit,
    DimensionEstimate levinaBickel, double participationRatio, long participationSamples, int ambientDimension) {

  /** {twonn, twonn_linear_fit, levina_bickel, participation_ratio {estimate, samples, ambient_dimension}}; absent ones are left out. */
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
      pr.put("estimate", participationRatio);
      pr.put("samples", participationSamples);
      pr.put("ambient_dimension", ambientDimension);
      map.put("participation_ratio", pr);
    }
    return map;
  }
}
