package org.causaldensity.knn.exact;

/**
 * The k nearest other rows of each of n rows: {@code neighbourRows[i*k + j]} is row i's (j+1)-th nearest other row,
 * {@code distances[i*k + j]} its Euclidean distance in float64; ascending distance, ties by lower row, self excluded
 * by index (a bit-identical other row is a neighbour at distance exactly 0).
 */
public record KnnResult(int n, int k, int[] neighbourRows, double[] distances) {}
