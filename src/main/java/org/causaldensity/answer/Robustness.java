package org.causaldensity.answer;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The {@code "robustness"} block of summary.json: the answer statistic over a grid of k and core cut-offs, with and
 * without the degenerate tokens, and whether every cell agrees with the primary answer.
 *
 * @param statistic what each cell estimates ({@link DensityComparison#STATISTIC})
 * @param primary the cell of the run's own settings (its k, the core below p10, all tokens): the answer itself
 * @param kValues the k of the grid, ascending
 * @param corePercentiles the core cut-offs of the grid, ascending
 * @param shellPercentiles the shell's band [lower, upper], the same in every cell
 * @param cells every cell: by k, then core cut-off, then all tokens before excluding the degenerate ones
 * @param summary {@code "robust"} when every cell's verdict is the primary verdict, else {@code "sensitive"}
 * @param differing the cells whose verdict differs from the primary verdict (empty when robust)
 */
@JsonPropertyOrder({"statistic", "primary", "k_values", "core_percentiles", "shell_percentiles", "cells", "summary",
    "differing"})
public record Robustness(@JsonProperty("statistic") String statistic, @JsonProperty("primary") RobustnessCell primary,
    @JsonProperty("k_values") List<Integer> kValues, @JsonProperty("core_percentiles") List<Integer> corePercentiles,
    @JsonProperty("shell_percentiles") List<Double> shellPercentiles, @JsonProperty("cells") List<RobustnessCell> cells,
    @JsonProperty("summary") String summary, @JsonProperty("differing") List<RobustnessCell> differing) {

  public static final String ROBUST = "robust";
  public static final String SENSITIVE = "sensitive";

  /** Whether every cell's verdict is the primary verdict. */
  public boolean robust() {
    return ROBUST.equals(summary);
  }
}
