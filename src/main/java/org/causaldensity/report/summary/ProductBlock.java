package org.causaldensity.report.summary;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;
import org.causaldensity.stats.NumpyStats;

/**
 * {@code "product"}: the product's own densities (exact duplicates give +Infinity), summarised.
 *
 * @param tokensWithExactDuplicates tokens with at least one other token at distance exactly 0
 */
public record ProductBlock(Described density, Described logVolumetricDensity, long tokensWithExactDuplicates) {

  /**
   * How many values are finite and +Infinity, and min, max, median of the finite ones (left out of the JSON when
   * there is none).
   */
  public record Described(int nFinite, long nInfinite,
      @JsonInclude(JsonInclude.Include.NON_NULL) Double minFinite,
      @JsonInclude(JsonInclude.Include.NON_NULL) Double maxFinite,
      @JsonInclude(JsonInclude.Include.NON_NULL) Double medianFinite) {

    /** The description of values (any doubles). */
    public static Described of(double[] values) {
      double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
      long infinite = Arrays.stream(values).filter(v -> v == Double.POSITIVE_INFINITY).count();
      return finite.length == 0 ? new Described(0, infinite, null, null, null)
          : new Described(finite.length, infinite, NumpyStats.min(finite), NumpyStats.max(finite),
              NumpyStats.median(finite));
    }
  }
}
