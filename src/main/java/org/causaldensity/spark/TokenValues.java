package org.causaldensity.spark;

import java.util.List;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.tokens.TokenRow;
import org.causaldensity.knn.TokenNeighbours;
import org.causaldensity.report.TokenColumns;

/**
 * The per-token values the driver keeps for the summary and the report (O(N·k)), from the neighbours the scan sent
 * back: checks that they cover each row 0..N-1 exactly once, and sums the matrix checks the scan made on the way.
 * Each row's values are the ones {@link TokenTable} writes to {@code tokens/} (the same method computes both).
 */
final class TokenValues {
  final TokenColumns columns;
  /** Each row's distances to all the neighbours the scan kept (≥ k of them: the robustness grid's k values). */
  final float[][] keptDistances;
  long invalidTotal;
  int firstInvalidRow = -1;
  int firstInvalidColumn = -1;
  int nonZeroDiagonal;

  private TokenValues(TokenColumns columns) {
    this.columns = columns;
    this.keptDistances = new float[columns.size()][];
  }

  /** Rows of the scan in any order, turned into output rows by {@code table} (ids, norms, tokens, d_eff). */
  static TokenValues of(List<TokenNeighbours> scanned, TokenTable table) {
    long[] tokenIds = table.tokenIds();
    int n = tokenIds.length;
    TokenColumns columns = new TokenColumns(tokenIds, table.tokens(), table.causalNorms().clone(), new double[n],
        new double[n], new double[n], new int[n], new int[n][], new float[n][]);
    TokenValues values = new TokenValues(columns);
    boolean[] seen = new boolean[n];
    for (TokenNeighbours t : scanned) {
      int row = t.self();
      if (row < 0 || row >= n || seen[row]) {
        throw CausalDensityException.inconsistent("--distances", "row %d appears twice or lies outside [0, %d)", row,
            n);
      }
      seen[row] = true;
      values.keptDistances[row] = t.distances();
      TokenRow out = table.row(t);
      columns.densities()[row] = out.density();
      columns.notebookDensities()[row] = out.notebookDensity();
      columns.logVolumetricDensities()[row] = out.logVolumetricDensity();
      columns.exactDuplicates()[row] = out.exactDuplicates();
      columns.neighbourRows()[row] = out.neighbourRows();
      columns.neighbourDistances()[row] = out.neighbourDistances();
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
