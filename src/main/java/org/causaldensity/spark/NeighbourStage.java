package org.causaldensity.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.npy.NpyMatrix;
import org.causaldensity.io.rowblocks.RowBlockFiles;
import org.causaldensity.knn.NeighbourScan;
import org.causaldensity.knn.TokenNeighbours;

/**
 * Maps every matrix row to its k nearest others (and what the notebook and the product derive from the row). The
 * matrix is read by row blocks: straight from the {@code .npy} by byte ranges, or from the ingested Arrow row blocks.
 * Never more than one block per task is held; what leaves a task is O(k) numbers per row.
 */
final class NeighbourStage {
  /** Bytes of matrix rows a task reads at once from the {@code .npy}. */
  static final long NPY_BLOCK_BYTES = 16L << 20;

  private NeighbourStage() {}

  /** The {@code kept} nearest neighbours of every row of an {@code .npy} distance matrix (notebook density at k). */
  static JavaRDD<TokenNeighbours> fromNpy(JavaSparkContext jsc, String path, int n, int k, int kept,
      Broadcast<HadoopConf> conf) {
    List<RowRange> ranges = RowRange.split(n, RowRange.rowsFitting(n, NPY_BLOCK_BYTES));
    int slices = Math.max(1, Math.min(ranges.size(), 4 * jsc.defaultParallelism()));
    return jsc.parallelize(ranges, slices).mapPartitions(it -> scanNpy(it, path, n, k, kept, conf.value()));
  }

  private static Iterator<TokenNeighbours> scanNpy(Iterator<RowRange> ranges, String path, int n, int k, int kept,
      HadoopConf conf) {
    List<TokenNeighbours> out = new ArrayList<>();
    try (NpyMatrix matrix = NpyMatrix.open(path, conf.get())) {
      NeighbourScan scan = new NeighbourScan(n, k, kept);
      float[] block = null;
      while (ranges.hasNext()) {
        RowRange range = ranges.next();
        if (block == null || block.length < range.count() * n) {
          block = new float[range.count() * n];
        }
        matrix.readRows(range.first(), range.count(), block);
        scanBlock(range.first(), range.count(), block, n, scan, out);
      }
    }
    return out.iterator();
  }

  /** The {@code kept} nearest neighbours of every row of ingested Arrow row blocks (a folder holding n×n). */
  static JavaRDD<TokenNeighbours> fromRowBlocks(JavaSparkContext jsc, String dir, int n, int k, int kept,
      Broadcast<HadoopConf> conf) {
    List<String> files = RowBlockFiles.list(dir, conf.value().get());
    if (files.isEmpty()) {
      throw CausalDensityException.invalidFile(dir, "holds no row-block files (*%s)", RowBlockFiles.EXTENSION);
    }
    return jsc.parallelize(files, files.size()).mapPartitions(it -> {
      NeighbourScan scan = new NeighbourScan(n, k, kept);
      List<TokenNeighbours> out = new ArrayList<>();
      while (it.hasNext()) {
        RowBlockFiles.read(it.next(), n, conf.value().get(),
            (first, count, values) -> scanBlock(first, count, values, n, scan, out));
      }
      return out.iterator();
    });
  }

  /** The neighbours of matrix rows [first, first + count), whose values are {@code values[0 .. count*n)}. */
  private static void scanBlock(long first, int count, float[] values, int n, NeighbourScan scan,
      List<TokenNeighbours> out) {
    for (int r = 0; r < count; r++) {
      out.add(scan.scan(values, r * n, (int) first + r));
    }
  }
}
