package org.causaldensity.knn.exact;

/**
 * The k nearest other rows of each of n rows.
 *
 * @param n rows searched
 * @param k neighbours per row
 * @param neighbourRows row-major n×k: row i's neighbours at [i·k, (i+1)·k), nearest first, ties by lower row
 * @param distances row-major n×k Euclidean distances matching {@code neighbourRows}, ascending
 */
public record KnnResult(int n, int k, int[] neighbourRows, double[] distances) {}
