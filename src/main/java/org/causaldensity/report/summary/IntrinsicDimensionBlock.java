package org.causaldensity.report.summary;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.causaldensity.answer.DimensionEstimate;
import org.causaldensity.answer.IntrinsicDimension;

/**
 * {@code "answer"."intrinsic_dimension"}: each estimate, left out when not computed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntrinsicDimensionBlock(DimensionEstimate twonn, DimensionEstimate twonnLinearFit,
    DimensionEstimate levinaBickel, Participation participationRatio,
    MetricParticipation metricParticipationRatio) {

  /** The method name written for the sample participation ratio. */
  public static final String PARTICIPATION_METHOD = "participation_ratio_metric_whitened";
  /** The method name written for the metric's participation ratio. */
  public static final String METRIC_PARTICIPATION_METHOD = "metric_participation_ratio";
  static final String SAMPLE_DEFINITION = "tr(MC)^2 / tr(MCMC), C = covariance of the sampled tokens' unembedding "
      + "rows: the participation ratio of the sampled tokens seen through the metric";
  static final String METRIC_DEFINITION = "tr(M)^2 / tr(M^2) = (sum of eigenvalues of M)^2 / sum of their squares: "
      + "the participation ratio of the metric's own spectrum, needing no samples (how the notebook's d_eff = 1333 "
      + "was computed)";

  /**
   * The participation ratio tr(MC)² / tr(MCMC) of the sampled embeddings.
   *
   * @param definition the formula, in words (schema 2)
   * @param samples rows the covariance was computed from
   * @param ambientDimension columns of those rows
   */
  public record Participation(String method, String definition, double estimate, long samples,
      int ambientDimension) {}

  /**
   * The participation ratio tr(M)² / tr(M²) of the metric's eigenvalues (schema 2).
   *
   * @param ambientDimension the metric's size d
   */
  public record MetricParticipation(String method, String definition, double estimate, int ambientDimension) {}

  /** The block of computed estimates; a NaN participation ratio (either) is left out. */
  public static IntrinsicDimensionBlock of(IntrinsicDimension d) {
    return new IntrinsicDimensionBlock(d.twoNn(), d.twoNnLinearFit(), d.levinaBickel(),
        Double.isNaN(d.participationRatio()) ? null
            : new Participation(PARTICIPATION_METHOD, SAMPLE_DEFINITION, d.participationRatio(),
                d.participationSamples(), d.ambientDimension()),
        Double.isNaN(d.metricParticipationRatio()) ? null
            : new MetricParticipation(METRIC_PARTICIPATION_METHOD, METRIC_DEFINITION, d.metricParticipationRatio(),
                d.ambientDimension()));
  }

  /** Whether no estimate is present. */
  @JsonIgnore
  public boolean isEmpty() {
    return twonn == null && twonnLinearFit == null && levinaBickel == null && participationRatio == null
        && metricParticipationRatio == null;
  }
}
