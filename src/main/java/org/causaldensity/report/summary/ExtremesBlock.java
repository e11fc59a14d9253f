package org.causaldensity.report.summary;

import java.util.List;

/** {@code "extremes"}: each region's densest and sparsest tokens by the product's density (+Infinity densest). */
public record ExtremesBlock(Region core, Region shell, Region outer) {

  /** A region's extremes, most extreme first. */
  public record Region(List<Token> densest, List<Token> sparsest) {}

  /**
   * One listed token.
   *
   * @param row its matrix row
   * @param token its string; null (written as null) without a tokenizer or for an id the tokenizer has no token for
   */
  public record Token(int row, long tokenId, String token, double causalNorm, double density) {}
}
