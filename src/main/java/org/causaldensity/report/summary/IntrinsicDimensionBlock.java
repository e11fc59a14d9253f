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
    DimensionEstimate levinaBickel, Participation participationRatio) {

  /** The method name written for the participation ratio. */
  public static final String PARTICIPATION_METHOD = "participation_ratio_metric_whitened";

  /**
   * The participation ratio tr(MC)² / tr(MCMC) of the sampled embeddings.
   *
   * @param samples rows the covariance was computed from
   * @param ambientDimension columns of those rows
   */
  public record Participation(String method, double estimate, long samples, int ambientDimension) {}

  /** The block of computed estimates; a NaN participation ratio is left out. */
  public static IntrinsicDimensionBlock of(IntrinsicDimension d) {
    return new IntrinsicDimensionBlock(d.twoNn(), d.twoNnLinearFit(), d.levinaBickel(),
        Double.isNaN(d.participationRatio()) ? null
            : new Participation(PARTICIPATION_METHOD, d.participationRatio(), d.participationSamples(),
                d.ambientDimension()));
  }

  /** Whether no estimate is present. */
  @JsonIgnore
  public boolean isEmpty() {
    return twonn == null && twonnLinearFit == null && levinaBickel == null && participationRatio == null;
  }
}
