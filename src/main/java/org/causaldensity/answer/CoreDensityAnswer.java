package org.causaldensity.answer;


/**
 * The product's answer to "is the core dense or sparse?": the comparison over all tokens, again without the
 * degenerate tokens (≥ 1 exact duplicate), the region thresholds, and optionally the intrinsic dimension.
 */
public record CoreDensityAnswer(RegionBounds bounds, int tokens, int degenerateTokens, DensityComparison all,
    DensityComparison excludingDegenerate, IntrinsicDimension intrinsicDimension) {

  /** This answer with the intrinsic dimension filled in (null clears it). */
  public CoreDensityAnswer withIntrinsicDimension(IntrinsicDimension dimension) {
    return new CoreDensityAnswer(bounds, tokens, degenerateTokens, all, excludingDegenerate, dimension);
  }
}
