package org.causaldensity.answer;


/**
 * One intrinsic-dimension estimate and how many tokens fed it.
 *
 * @param method what was estimated and how (e.g. {@code "twonn_mle"})
 * @param estimate the dimension; NaN when no token could be used
 * @param tokensUsed tokens that entered the estimate
 * @param tokensSkipped tokens left out (e.g. a nearest neighbour at distance 0)
 */
public record DimensionEstimate(String method, double estimate, long tokensUsed, long tokensSkipped) {
}
