package org.causaldensity.spark;

import java.util.List;
import org.causaldensity.density.KnnDensity;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.knn.TokenNeighbours;
import org.causaldensity.report.TokenColumns;

/**
 * The per-token values the driver keeps for the summary and the report (O(N·k)), from the neighbours the scan sent
 * back: checks that they cover each row 0..N-1 exactly once, and sums the matrix checks the scan made on the way.
 * The densities are computed as {@link TokenTable} computes them for {@code tokens/}, from the same numbers.
 */
final class TokenValues {
  final TokenColumns columns;
  long invalidTotal;
  int firstInvalidRow = -1;
  int firstInvalidColumn = -1;
  int nonZeroDiagonal;

  private TokenValues(TokenColumns columns) {
    this.columns = columns;
  }

  /** Rows of the scan in any order; {@code causalNorms} by row; {@code tokens} by row or null. */
  static TokenValues of(List<TokenNeighbours> scanned, int k, double dEff, long[] tokenIds, double[] causalNorms,
      String[] tokens) {
    int n = tokenIds.length;
    TokenColumns columns = new TokenColumns(tokenIds, tokens, causalNorms.clone(), new double[n], new double[n],
        new double[n], new int[n], new int[n][], new float[n][]);
    TokenValues values = new TokenValues(columns);
    boolean[] seen = new boolean[n];
    for (TokenNeighbours t : scanned) {
      int row = t.self();
      if (row < 0 || row >= n || seen[row]) {
        throw CausalDensityException.inconsistent("--distances", "row %d appears twice or lies outside [0, %d)", row,
            n);
      }
      seen[row] = true;
      double mean = t.meanDistance();
      columns.densities()[row] = KnnDensity.density(mean);
      columns.notebookDensities()[row] = t.notebookDensity();
      columns.logVolumetricDensities()[row] = KnnDensity.logVolumetricDensity(k, dEff, mean);
      columns.exactDuplicates()[row] = t.exactDuplicates();
      columns.neighbourRows()[row] = t.indices();
      columns.neighbourDistances()[row] = t.distances();
      int invalid = t.invalidCount();
      if (invalid > 0 && (values.firstInvalidRow < 0 || row < values.firstInvalidRow)) {
        values.firstInvalidRow = row;
        values.firstInvalidColumn = t.firstInvalidColumn();
      }
      values.invalidTotal += invalid;
      if (t.selfDistance() != 0f) {
        values.nonZeroDiagonal++;
      }
    }
    if (scanned.size() != n) {
      int missing = 0;
      while (missing < n && seen[missing]) {
        missing++;
      }
      throw CausalDensityException.inconsistent("--distances", "has %d rows, expected %d (first missing row: %d)",
          scanned.size(), n, missing);
    }
    return values;
  }
}
