package org.causaldensity.answer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One intrinsic-dimension estimate and how many tokens fed it.
 *
 * @param method what was estimated and how (e.g. {@code "twonn_mle"})
 * @param estimate the dimension; NaN when no token could be used
 * @param tokensUsed tokens that entered the estimate
 * @param tokensSkipped tokens left out (e.g. a nearest neighbour at distance 0)
 */
public record DimensionEstimate(String method, double estimate, long tokensUsed, long tokensSkipped) {

  /** {method, estimate, tokens_used, tokens_skipped}; a NaN estimate stays a Double NaN. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("method", method);
    map.put("estimate", estimate);
    map.put("tokens_used", tokensUsed);
    map.put("tokens_skipped", tokensSkipped);
    return map;
  }
}
