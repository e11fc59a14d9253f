package org.causaldensity.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.causaldensity.answer.LevinaBickel;
import org.causaldensity.density.KnnDensity;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.tokens.TokenRow;
import org.causaldensity.knn.TokenNeighbours;
import org.causaldensity.report.TokenColumns;

/**
 * The {@code tokens/} output: one row per matrix row ({@code data-schema/tokens.md}). Built on executors from a row's
 * neighbours and the broadcast per-token values; written by {@code io.tokens.TokensParquet}, whose Parquet schema is
 * what Spark makes of {@link #SCHEMA} (a test holds the two together).
 */
final class TokenTable implements Serializable {
  private static final long serialVersionUID = 1L;

  static final StructType SCHEMA = new StructType()
      .add("row", DataTypes.LongType, false)
      .add("token_id", DataTypes.LongType, false)
      .add("token", DataTypes.StringType, true)
      .add("causal_norm", DataTypes.DoubleType, false)
      .add("neighbour_rows", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
      .add("neighbour_token_ids", DataTypes.createArrayType(DataTypes.LongType, false), false)
      .add("neighbour_distances", DataTypes.createArrayType(DataTypes.FloatType, false), false)
      .add("mean_knn_distance", DataTypes.DoubleType, false)
      .add("density", DataTypes.DoubleType, false)
      .add("log_volumetric_density", DataTypes.DoubleType, false)
      .add("log_density_lq", DataTypes.DoubleType, false)
      .add("local_dimension_mle", DataTypes.DoubleType, false)
      .add("twonn_ratio", DataTypes.DoubleType, false)
      .add("notebook_density", DataTypes.DoubleType, false)
      .add("exact_duplicates", DataTypes.IntegerType, false)
      .add("self_distance", DataTypes.FloatType, false)
      .add("invalid_distances", DataTypes.IntegerType, false)
      .add("first_invalid_column", DataTypes.IntegerType, false)
      .add("multiplicity", DataTypes.IntegerType, false);

  private final int k;
  private final double dEff;
  private final long n;
  private final long[] tokenIds;
  private final double[] causalNorms;
  private final String[] tokens;
  private final int[] multiplicities;

  /**
   * @param tokens token strings by row, or null when no tokenizer was given
   */
  TokenTable(int k, double dEff, long[] tokenIds, double[] causalNorms, String[] tokens) {
    this(k, dEff, tokenIds, causalNorms, tokens, null);
  }

  /**
   * @param tokens token strings by row, or null when no tokenizer was given
   * @param multiplicities selected rows each row stands for ({@code --duplicates collapse}), or null for all 1
   */
  TokenTable(int k, double dEff, long[] tokenIds, double[] causalNorms, String[] tokens, int[] multiplicities) {
    this.multiplicities = multiplicities;
    this.k = k;
    this.dEff = dEff;
    this.n = tokenIds.length;
    this.tokenIds = tokenIds;
    this.causalNorms = causalNorms;
    this.tokens = tokens;
  }

  /**
   * The driver's columns: every scanned row (in any order) turned into its output row, as {@code tokens/} holds it
   * (the same {@link #row} computes both), and the distances to all the neighbours the scan kept. A row outside 0..N-1, repeated or missing is refused.
   */
  TokenColumns columns(List<TokenNeighbours> scanned) {
    int size = tokenIds.length;
    TokenColumns columns = new TokenColumns(tokenIds, tokens, causalNorms.clone(), new double[size],
        new double[size], new double[size], new int[size], new int[size][], new float[size][], new float[size][]);
    boolean[] seen = new boolean[size];
    for (TokenNeighbours t : scanned) {
      int row = t.self();
      if (row < 0 || row >= size || seen[row]) {
        throw CausalDensityException.inconsistent("--distances", "row %d appears twice or lies outside [0, %d)", row,
            size);
      }
      seen[row] = true;
      TokenRow out = row(t);
      columns.densities()[row] = out.density();
      columns.notebookDensities()[row] = out.notebookDensity();
      columns.logVolumetricDensities()[row] = out.logVolumetricDensity();
      columns.exactDuplicates()[row] = out.exactDuplicates();
      columns.neighbourRows()[row] = out.neighbourRows();
      columns.neighbourDistances()[row] = out.neighbourDistances();
      columns.keptDistances()[row] = t.distances();
    }
    if (scanned.size() != size) {
      int missing = 0;
      while (missing < size && seen[missing]) {
        missing++;
      }
      throw CausalDensityException.inconsistent("--distances", "has %d rows, expected %d (first missing row: %d)",
          scanned.size(), size, missing);
    }
    return columns;
  }

  /** The output row of the matrix row {@code scanned} was found for, with its k nearest of those scanned. */
  TokenRow row(TokenNeighbours scanned) {
    TokenNeighbours neighbours = scanned.nearest(k);
    int row = neighbours.self();
    float selfDistance = neighbours.selfDistance();
    double mean = neighbours.meanDistance();
    float[] distances = neighbours.distances();
    double logLq = distances.length == k ? KnnDensity.logLoftsgaardenQuesenberry(k, n, dEff, neighbours.kthDistance())
        : Double.NaN;
    int[] neighbourRows = neighbours.indices();
    long[] neighbourIds = new long[neighbourRows.length];
    for (int i = 0; i < neighbourRows.length; i++) {
      neighbourIds[i] = tokenIds[neighbourRows[i]];
    }
    double twoNnRatio = distances.length >= 2 && distances[0] > 0 ? (double) distances[1] / distances[0] : Double.NaN;
    return new TokenRow(row, tokenIds[row], tokens == null ? null : tokens[row], causalNorms[row],
        neighbourRows, neighbourIds, distances, mean, KnnDensity.density(mean),
        KnnDensity.logVolumetricDensity(k, dEff, mean), logLq, LevinaBickel.localDimension(distances), twoNnRatio,
        neighbours.notebookDensity(), neighbours.exactDuplicates(), selfDistance, neighbours.invalidCount(),
        neighbours.firstInvalidColumn(), multiplicities == null ? 1 : multiplicities[row]);
  }
}
