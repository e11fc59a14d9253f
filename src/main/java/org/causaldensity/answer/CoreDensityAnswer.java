package org.causaldensity.answer;

import java.util.LinkedHashMap;
import java.util.Map;

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

  /**
   * The fields of {@link DensityComparison#toMap()} for all tokens, then tokens, degenerate_tokens, norm_thresholds,
   * excluding_degenerate {same fields}, and intrinsic_dimension when present. Non-finite numbers stay Double.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>(all.toMap());
    map.put("tokens", tokens);
    map.put("degenerate_tokens", degenerateTokens);
    map.put("norm_thresholds", bounds.toMap());
    map.put("excluding_degenerate", excludingDegenerate.toMap());
    if (intrinsicDimension != null) {
      map.put("intrinsic_dimension", intrinsicDimension.toMap());
    }
    return map;
  }
}
