package org.causaldensity.io.tokens;

/**
 * One row of {@code OUT/tokens/} ({@code data-schema/tokens.md}): a matrix row, its k nearest other rows and what the
 * notebook and the product derive from them.
 *
 * @param token the token's text, or null
 * @param neighbourTokenIds the vocabulary ids of {@code neighbourRows}, in the same order
 * @param multiplicity selected rows this row stands for: 1, or a group's size under {@code --duplicates collapse}
 */
public record TokenRow(long row, long tokenId, String token, double causalNorm, int[] neighbourRows,
    long[] neighbourTokenIds, float[] neighbourDistances, double meanKnnDistance, double density, double logVolumetricDensity,
    double logDensityLq, double localDimensionMle, double twonnRatio, double notebookDensity, int exactDuplicates,
    float selfDistance, int invalidDistances, int firstInvalidColumn, int multiplicity) {}
