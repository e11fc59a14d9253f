package org.causaldensity.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.npy.NpyMatrix;
import org.causaldensity.knn.NeighbourScan;

/**
 * Maps every matrix row to its k nearest others and densities. The matrix is read by row blocks: straight from the
 * {@code .npy} by byte ranges, or from the ingested Parquet row blocks. Never more than one block per task is held.
 */
final class NeighbourStage {
  /** Bytes of matrix rows a task reads at once from the {@code .npy}. */
  static final long NPY_BLOCK_BYTES = 16L << 20;

  private NeighbourStage() {}

  /** Token rows from an {@code .npy} distance matrix. */
  static JavaRDD<Row> fromNpy(JavaSparkContext jsc, String path, int n, int k, Broadcast<TokenTable> table,
      Broadcast<HadoopConf> conf) {
    List<RowRange> ranges = RowRange.split(n, RowRange.rowsFitting(n, NPY_BLOCK_BYTES));
    int slices = Math.max(1, Math.min(ranges.size(), 4 * jsc.defaultParallelism()));
    return jsc.parallelize(ranges, slices).mapPartitions(it -> scanNpy(it, path, n, k, table.value(),
        conf.value()));
  }

  private static Iterator<Row> scanNpy(Iterator<RowRange> ranges, String path, int n, int k, TokenTable table,
      HadoopConf conf) throws java.io.IOException {
    List<Row> out = new ArrayList<>();
    try (NpyMatrix matrix = NpyMatrix.open(path, conf.get())) {
      NeighbourScan scan = new NeighbourScan(n, k);
      float[] block = null;
      while (ranges.hasNext()) {
        RowRange range = ranges.next();
        if (block == null || block.length < range.count() * n) {
          block = new float[range.count() * n];
        }
        matrix.readRows(range.first(), range.count(), block);
        for (int r = 0; r < range.count(); r++) {
          int row = (int) range.first() + r;
          out.add(table.row(row, scan.scan(block, r * n, row), block[r * n + row]));
        }
      }
    }
    return out.iterator();
  }

  /** Token rows from ingested Parquet row blocks (a folder whose manifest says it holds an n×n matrix). */
  static JavaRDD<Row> fromRowBlocks(SparkSession spark, String dir, int n, int k, Broadcast<TokenTable> table) {
    return spark.read().parquet(dir).as(Encoders.bean(MatrixRow.class)).javaRDD()
        .mapPartitions(rows -> scanRowBlocks(rows, dir, n, k, table.value()));
  }

  private static Iterator<Row> scanRowBlocks(Iterator<MatrixRow> rows, String dir, int n, int k, TokenTable table) {
    NeighbourScan scan = new NeighbourScan(n, k);
    List<Row> out = new ArrayList<>();
    while (rows.hasNext()) {
      MatrixRow matrixRow = rows.next();
      long row = matrixRow.getRow();
      float[] distances = matrixRow.getDistances();
      if (row < 0 || row >= n) {
        throw CausalDensityException.invalidFile(dir, "holds row %d, outside [0, %d)", row, n);
      }
      if (distances == null || distances.length != n) {
        throw CausalDensityException.invalidFile(dir, "row %d has %d distances, expected %d", row,
            distances == null ? 0 : distances.length, n);
      }
      out.add(table.row((int) row, scan.scan(distances, 0, (int) row), distances[(int) row]));
    }
    return out.iterator();
  }
}
