package org.causaldensity.spark;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.report.TokenColumns;

/**
 * Collects the per-token values of the written {@code tokens/} to the driver (O(N·k)), checking that it holds each
 * row 0..N-1 exactly once, and sums the matrix checks the scan made on the way.
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

  static TokenValues collect(SparkSession spark, String tokensPath, long[] tokenIds, String[] tokens) {
    int n = tokenIds.length;
    List<Row> rows = spark.read().parquet(tokensPath)
        .select("row", "causal_norm", "density", "notebook_density", "log_volumetric_density", "exact_duplicates",
            "neighbour_rows", "neighbour_distances", "invalid_distances", "first_invalid_column", "self_distance")
        .collectAsList();
    TokenColumns columns = new TokenColumns(tokenIds, tokens, new double[n], new double[n], new double[n],
        new double[n], new int[n], new int[n][], new float[n][]);
    TokenValues values = new TokenValues(columns);
    boolean[] seen = new boolean[n];
    for (Row r : rows) {
      int row = (int) r.getLong(0);
      if (row < 0 || row >= n || seen[row]) {
        throw CausalDensityException.inconsistent("--distances", "row %d appears twice or lies outside [0, %d)", row,
            n);
      }
      seen[row] = true;
      columns.causalNorms()[row] = r.getDouble(1);
      columns.densities()[row] = r.getDouble(2);
      columns.notebookDensities()[row] = r.getDouble(3);
      columns.logVolumetricDensities()[row] = r.getDouble(4);
      columns.exactDuplicates()[row] = r.getInt(5);
      List<Integer> neighbours = r.getList(6);
      List<Float> distances = r.getList(7);
      int[] idx = new int[neighbours.size()];
      float[] dist = new float[distances.size()];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = neighbours.get(i);
        dist[i] = distances.get(i);
      }
      columns.neighbourRows()[row] = idx;
      columns.neighbourDistances()[row] = dist;
      int invalid = r.getInt(8);
      if (invalid > 0 && (values.firstInvalidRow < 0 || row < values.firstInvalidRow)) {
        values.firstInvalidRow = row;
        values.firstInvalidColumn = r.getInt(9);
      }
      values.invalidTotal += invalid;
      if (r.getFloat(10) != 0f) {
        values.nonZeroDiagonal++;
      }
    }
    if (rows.size() != n) {
      int missing = 0;
      while (missing < n && seen[missing]) {
        missing++;
      }
      throw CausalDensityException.inconsistent("--distances", "has %d rows, expected %d (first missing row: %d)",
          rows.size(), n, missing);
    }
    return values;
  }
}
