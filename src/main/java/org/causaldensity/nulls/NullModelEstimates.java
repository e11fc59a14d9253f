package org.causaldensity.nulls;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One null model's statistic over its seeds.
 *
 * @param description what the point sets are, in one line
 * @param dimension the dimension the points live in
 * @param seeds the seed of each point set
 * @param estimates the median density ratio core/shell of each point set, by seed
 * @param mean mean of the estimates (NaN estimates make it NaN)
 * @param min smallest estimate
 * @param max largest estimate
 */
@JsonPropertyOrder({"description", "dimension", "seeds", "estimates", "mean", "min", "max"})
public record NullModelEstimates(@JsonProperty("description") String description,
    @JsonProperty("dimension") int dimension, @JsonProperty("seeds") List<Long> seeds,
    @JsonProperty("estimates") List<Double> estimates, @JsonProperty("mean") double mean,
    @JsonProperty("min") double min, @JsonProperty("max") double max) {

  /** The estimates with their mean, min and max (NaN for none, or when one is NaN). */
  static NullModelEstimates of(String description, int dimension, List<Long> seeds, List<Double> estimates) {
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double e : estimates) {
      sum += e;
      min = Math.min(min, e);
      max = Math.max(max, e);
    }
    boolean none = estimates.isEmpty() || Double.isNaN(sum);
    return new NullModelEstimates(description, dimension, List.copyOf(seeds), List.copyOf(estimates),
        none ? Double.NaN : sum / estimates.size(), none ? Double.NaN : min, none ? Double.NaN : max);
  }
}
