package org.causaldensity.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.inputs.AnalysisInputs;
import org.causaldensity.inputs.AnalysisOptions;
import org.causaldensity.io.HadoopFiles;
import org.causaldensity.provenance.InputFiles;
import org.causaldensity.provenance.Provenance;

/**
 * {@code run --explain}: what a run would do, from the validated inputs alone, without starting Spark: the input
 * files and sizes, OUT's state, each stage with its tasks, bytes read and arithmetic, and the memory a task and the
 * driver need. The task counts and block sizes are those the stages use ({@link NeighbourStage#NPY_BLOCK_BYTES},
 * {@link CausalNormStage#GATHER_BYTES}); the arithmetic counts are exact operation counts, not timings.
 */
public final class RunPlan {
  /** Bytes per value the driver keeps per token: k neighbour distances and 8 per-token columns, as doubles. */
  static final int DRIVER_COLUMNS_BEYOND_K = 8;
  /** Rough bytes of one tokens/ row beyond its k neighbours (ids, norms, densities, text), compressed. */
  static final long TOKEN_ROW_BYTES = 96;

  private RunPlan() {}

  /** The plan as lines of text. */
  public static List<String> describe(AnalysisOptions options, AnalysisInputs inputs, Configuration conf) {
    long n = inputs.n();
    boolean matrixFree = inputs.matrix() == null;
    int d = inputs.checkpoint().hiddenSize();
    int k = options.k();
    List<String> lines = new ArrayList<>();
    lines.add("causal-density run --explain: what this run would do (nothing is started or written)");
    lines.add("inputs:");
    for (Provenance.InputFile file : InputFiles.describe(InputFiles.paths(options), conf)) {
      lines.add(String.format(Locale.ROOT, "  %-15s %s  %s  modified %s", file.option(), file.path(),
          bytes(file.bytes()), file.modified()));
    }
    lines.add(String.format(Locale.ROOT, "  tokens: N = %,d (%s), unembedding %s %s %,d × %,d, metric %d × %d",
        n, matrixFree ? "distances computed from the checkpoint"
            : inputs.matrix().rowBlocks() ? "ingested row blocks" : ".npy", inputs.checkpoint().tensorName(),
        inputs.checkpoint().dtype(), inputs.checkpoint().vocabSize(), d, d, d));
    inputs.warnings().forEach(w -> lines.add("  warning: " + w));
    lines.add("output: " + options.out() + ": " + outState(options, conf));

    int gatherRows = RowRange.rowsFitting(d, CausalNormStage.GATHER_BYTES);
    int normRanges = RowRange.split(n, gatherRows).size();
    long normFlops = 2L * n * d * d;
    lines.add("stages:");
    lines.add(String.format(Locale.ROOT, "  1. causal norms: %,d unembedding rows gathered (%s as float32) in %d "
        + "range(s) of <= %,d rows, one task per core; γᵀMγ and the covariance: %s flop", n,
        bytes(4L * n * d), normRanges, gatherRows, count(2 * normFlops)));
    long scanned = n * n;
    if (matrixFree) {
      int blockRows = (int) Math.max(1, Math.min(n, ExactNeighbourStage.BLOCK_BYTES / (8L * d)));
      long blocks = (n + blockRows - 1) / blockRows;
      lines.add(String.format(Locale.ROOT, "  2. exact neighbours from the checkpoint: whitening (%s flop), %,d "
          + "blocks of <= %,d rows staged as float64 (%s), %,d block-pair tasks (%s flop in float32 using "
          + "d(i,j) = d(j,i)), float64 re-rank of the candidates; writes tokens/ (~%s)", count(2L * n * d * d),
          blocks, blockRows, bytes(8L * n * d), blocks * (blocks + 1) / 2, count(n * n * (long) d),
          bytes(n * (TOKEN_ROW_BYTES + 8L * k))));
    } else {
      String blocks;
      if (inputs.matrix().rowBlocks()) {
        blocks = "one task per row-block file";
      } else {
        int rows = RowRange.rowsFitting(n, NeighbourStage.NPY_BLOCK_BYTES);
        blocks = String.format(Locale.ROOT, "%,d task(s) of <= %,d rows (%s)", RowRange.split(n, rows).size(), rows,
            bytes(NeighbourStage.NPY_BLOCK_BYTES));
      }
      lines.add(String.format(Locale.ROOT, "  2. neighbours and densities: the matrix read once (%s), %s distances "
          + "scanned for the k = %d nearest, %s; writes tokens/ (~%s)", bytes(4 * scanned), count(scanned), k, blocks,
          bytes(n * (TOKEN_ROW_BYTES + 8L * k))));
    }
    lines.add(String.format(Locale.ROOT, "  3. driver: participation ratio (%s flop), radial profile (%d bins), "
        + "regions, bootstrap (%,d resamples of the core/shell medians), plots, report", count(2L * d * d * d),
        options.bins(), options.bootstrapResamples()));
    lines.add("memory:");
    lines.add(String.format(Locale.ROOT, "  per scan task: one row block (<= %s) and k = %d neighbours per row; per "
        + "norm task: <= %s of rows, the metric (%s) and a d × d covariance (%s)",
        bytes(NeighbourStage.NPY_BLOCK_BYTES), k, bytes(CausalNormStage.GATHER_BYTES), bytes(4L * d * d),
        bytes(8L * d * d)));
    lines.add(String.format(Locale.ROOT, "  driver: per-token values %s (N × (k + %d) doubles), metric and "
        + "covariance %s", bytes(8L * n * (k + DRIVER_COLUMNS_BEYOND_K)), DRIVER_COLUMNS_BEYOND_K,
        bytes(4L * d * d + 8L * d * d + 4L * d * d)));
    return lines;
  }

  private static String outState(AnalysisOptions options, Configuration conf) {
    if (!HadoopFiles.exists(options.out(), conf)) {
      return "absent, would be created";
    }
    try {
      var fs = HadoopFiles.fileSystem(options.out(), conf);
      var path = new org.apache.hadoop.fs.Path(options.out());
      if (fs.getFileStatus(path).isDirectory() && fs.listStatus(path).length == 0) {
        return "empty, would be filled";
      }
    } catch (java.io.IOException e) {
      return "exists (unreadable: " + e.getMessage() + ")";
    }
    return options.overwrite() ? "exists, would be replaced (--overwrite)"
        : "exists and is not empty: the run would be refused (exit 6) without --overwrite";
  }

  /** "36.0 MB" style, decimal units. */
  static String bytes(long b) {
    if (b < 1000) {
      return b + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB", "PB"};
    double v = b;
    int u = -1;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** "9.00e+06" style for large operation counts. */
  static String count(long c) {
    return c < 100_000 ? String.format(Locale.ROOT, "%,d", c) : String.format(Locale.ROOT, "%.2e", (double) c);
  }
}
