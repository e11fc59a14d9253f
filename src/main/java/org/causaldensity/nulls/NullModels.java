package org.causaldensity.nulls;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The {@code "null_models"} block of summary.json: the answer's statistic on point sets that share only some of the
 * tokens' geometry, beside the observed one, and what the observed ratio says once the norms are accounted for.
 *
 * @param statistic what each estimate is
 * @param k neighbours per point (the run's k)
 * @param observed the tokens' own median density ratio core/shell (the answer's estimate, all tokens)
 * @param sameNormsRandomDirections every token's causal norm, direction uniform on the sphere
 * @param gaussian a Gaussian with the tokens' mean and covariance in the whitened space
 * @param uniformBall uniform points in a d_eff-dimensional ball of the tokens' median norm
 * @param excessOverNormNull observed ÷ the same-norms null's mean
 * @param statement "denser than its norms imply" above the answer's denser cut-off, "sparser than its norms imply"
 *     below its sparser cut-off, "as its norms imply" between; "undetermined" when the excess is NaN
 * @param documentation where each control is explained
 */
@JsonPropertyOrder({"statistic", "k", "observed", "same_norms_random_directions", "gaussian", "uniform_ball",
    "excess_over_norm_null", "statement", "documentation"})
public record NullModels(@JsonProperty("statistic") String statistic, @JsonProperty("k") int k,
    @JsonProperty("observed") double observed,
    @JsonProperty("same_norms_random_directions") NullModelEstimates sameNormsRandomDirections,
    @JsonProperty("gaussian") NullModelEstimates gaussian, @JsonProperty("uniform_ball") NullModelEstimates uniformBall,
    @JsonProperty("excess_over_norm_null") double excessOverNormNull, @JsonProperty("statement") String statement,
    @JsonProperty("documentation") String documentation) {

  public static final String DENSER = "denser than its norms imply";
  public static final String SPARSER = "sparser than its norms imply";
  public static final String AS_NORMS_IMPLY = "as its norms imply";
  public static final String UNDETERMINED = "undetermined";
  public static final String DOCUMENTATION = "docs/CONTROLS.md";

  /** The statement for an excess, by the answer's own band (sparserBelow, denserAbove). */
  static String statement(double excess, double sparserBelow, double denserAbove) {
    if (Double.isNaN(excess)) {
      return UNDETERMINED;
    }
    return excess > denserAbove ? DENSER : excess < sparserBelow ? SPARSER : AS_NORMS_IMPLY;
  }
}
