package org.causaldensity.answer;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The answer statistic at one setting of the robustness grid.
 *
 * @param k neighbours per token of the densities compared
 * @param corePercentile the core is the tokens below this percentile of the causal norm (shell: p40–p60 throughout)
 * @param excludingDegenerate whether tokens with an exact duplicate were left out
 * @param estimate median density core / median density shell; NaN when a region is empty
 * @param ci95 the bootstrap 95% interval [lower, upper]
 * @param verdict denser, sparser, similar or undetermined, by the answer's own rule
 */
@JsonPropertyOrder({"k", "core_percentile", "excluding_degenerate", "estimate", "ci95", "verdict"})
public record RobustnessCell(@JsonProperty("k") int k, @JsonProperty("core_percentile") int corePercentile,
    @JsonProperty("excluding_degenerate") boolean excludingDegenerate, @JsonProperty("estimate") double estimate,
    @JsonProperty("ci95") List<Double> ci95, @JsonProperty("verdict") String verdict) {
}
