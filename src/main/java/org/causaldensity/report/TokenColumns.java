package org.causaldensity.report;

/**
 * The per-token values of a run, indexed by matrix row, as the driver holds them for the summary, plots and report:
 * O(N·k) numbers, never the matrix.
 *
 * @param tokenIds vocabulary id per row
 * @param tokens token string per row ({@code null} entries: no token), or null without a tokenizer
 * @param causalNorms ‖γ‖_M per row
 * @param densities 1/mean kNN distance (+Infinity for exact duplicates)
 * @param notebookDensities the notebook's density
 * @param logVolumetricDensities log k − log V_d(mean distance)
 * @param exactDuplicates other rows at distance exactly 0
 * @param neighbourRows the k nearest other rows, nearest first
 * @param neighbourDistances their distances
 * @param keptDistances each row's distances to all the neighbours the scan kept, ascending (≥ k of them, up to
 *     max(50, k): the robustness grid's k values); fewer only where invalid distances were skipped
 */
public record TokenColumns(long[] tokenIds, String[] tokens, double[] causalNorms, double[] densities,
    double[] notebookDensities, double[] logVolumetricDensities, int[] exactDuplicates, int[][] neighbourRows,
    float[][] neighbourDistances, float[][] keptDistances) {

  /** Number of tokens (matrix rows). */
  public int size() {
    return tokenIds.length;
  }

  /** The token string of a row, or null. */
  public String token(int row) {
    return tokens == null ? null : tokens[row];
  }
}
