package org.causaldensity.spark;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.stats.NumpyStats;

/**
 * The per-token scalars of {@code tokens/}, collected to the driver by row for the summary and the plots: O(N)
 * values, never the matrix.
 */
final class TokenValues {
  private final double[] causalNorms;
  private final double[] densities;
  private final double[] notebookDensities;
  private final double[] logVolumetricDensities;
  private final double[] meanDistances;
  private final int[] exactDuplicates;
  private final float[][] neighbourDistances;
  private long invalidTotal;
  private int firstInvalidRow = -1;
  private int firstInvalidColumn = -1;
  private int nonZeroDiagonal;

  private TokenValues(int n) {
    causalNorms = new double[n];
    densities = new double[n];
    notebookDensities = new double[n];
    logVolumetricDensities = new double[n];
    meanDistances = new double[n];
    exactDuplicates = new int[n];
    neighbourDistances = new float[n][];
  }

  /** Reads the scalar columns of the written {@code tokens/} and checks it holds each row 0..n-1 exactly once. */
  static TokenValues collect(SparkSession spark, String tokensPath, int n) {
    List<Row> rows = spark.read().parquet(tokensPath)
        .select("row", "causal_norm", "density", "notebook_density", "log_volumetric_density", "mean_knn_distance",
            "exact_duplicates", "neighbour_distances", "invalid_distances", "first_invalid_column", "self_distance")
        .collectAsList();
    TokenValues values = new TokenValues(n);
    boolean[] seen = new boolean[n];
    for (Row r : rows) {
      int row = (int) r.getLong(0);
      if (row < 0 || row >= n || seen[row]) {
        throw CausalDensityException.inconsistent("--distances", "row %d appears twice or lies outside [0, %d)", row,
            n);
      }
      seen[row] = true;
      values.causalNorms[row] = r.getDouble(1);
      values.densities[row] = r.getDouble(2);
      values.notebookDensities[row] = r.getDouble(3);
      values.logVolumetricDensities[row] = r.getDouble(4);
      values.meanDistances[row] = r.getDouble(5);
      values.exactDuplicates[row] = r.getInt(6);
      List<Float> distances = r.getList(7);
      float[] d = new float[distances.size()];
      for (int i = 0; i < d.length; i++) {
        d[i] = distances.get(i);
      }
      values.neighbourDistances[row] = d;
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

  /** The product's own densities (zeros kept: exact duplicates give +Infinity), summarised. */
  Map<String, Object> productBlock() {
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("density", describe(densities));
    block.put("log_volumetric_density", describe(logVolumetricDensities));
    long withDuplicates = Arrays.stream(exactDuplicates).filter(c -> c > 0).count();
    block.put("tokens_with_exact_duplicates", withDuplicates);
    return block;
  }

  /** min, max, mean and median of the finite values, and how many are +Infinity. */
  private static Map<String, Object> describe(double[] values) {
    double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("n_finite", finite.length);
    block.put("n_infinite", Arrays.stream(values).filter(v -> v == Double.POSITIVE_INFINITY).count());
    if (finite.length > 0) {
      block.put("min_finite", NumpyStats.min(finite));
      block.put("max_finite", NumpyStats.max(finite));
      block.put("median_finite", NumpyStats.median(finite));
    }
    return block;
  }

  double[] causalNorms() {
    return causalNorms;
  }

  double[] densities() {
    return densities;
  }

  double[] notebookDensities() {
    return notebookDensities;
  }

  double[] logVolumetricDensities() {
    return logVolumetricDensities;
  }

  double[] meanDistances() {
    return meanDistances;
  }

  int[] exactDuplicates() {
    return exactDuplicates;
  }

  float[][] neighbourDistances() {
    return neighbourDistances;
  }

  long invalidTotal() {
    return invalidTotal;
  }

  int firstInvalidRow() {
    return firstInvalidRow;
  }

  int firstInvalidColumn() {
    return firstInvalidColumn;
  }

  int nonZeroDiagonal() {
    return nonZeroDiagonal;
  }
}
