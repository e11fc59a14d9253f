package org.causaldensity.report.summary;

import org.causaldensity.selection.TokenSelection;

/**
 * {@code "options.token_selection"}: which tokens were analysed.
 *
 * @param spelling {@code --tokens} as given ({@code all}, {@code sample:1000}, {@code sample:1000:7}), or
 *     {@code --token-indices} for the file
 * @param kind {@code all}, {@code sample} or {@code token-indices}
 * @param nTokens rows selected, before any collapsing
 * @param seed a sample's seed, else null
 * @param seedSource {@code spelling} or {@code --seed} for a sample, else null
 * @param path the .pt of {@code token-indices}, else null
 */
public record TokenSelectionBlock(String spelling, String kind, long nTokens, Long seed, String seedSource,
    String path) {

  /** The block of a selection that picked {@code selected} rows. */
  public static TokenSelectionBlock of(TokenSelection selection, long selected) {
    boolean sample = selection.kind() == TokenSelection.Kind.SAMPLE;
    boolean file = selection.kind() == TokenSelection.Kind.TOKEN_INDICES;
    String kind = switch (selection.kind()) {
      case ALL -> "all";
      case SAMPLE -> "sample";
      case TOKEN_INDICES -> "token-indices";
    };
    return new TokenSelectionBlock(file ? "--token-indices" : selection.spelling(), kind, selected,
        sample ? selection.seed() : null, sample ? (selection.seedGiven() ? "spelling" : "--seed") : null,
        file ? selection.spelling() : null);
  }
}
