package org.causaldensity.spark;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.causaldensity.io.OutputFolder;
import org.causaldensity.io.npy.NpyMatrix;
import org.causaldensity.io.rowblocks.RowBlockFiles;
import org.causaldensity.io.rowblocks.RowBlocksManifest;

/**
 * {@code ingest}: the {@code .npy} matrix → row-block files ({@code data-schema/row-blocks.md}), one Arrow IPC file
 * per task, each a sequence of blocks of consecutive rows, streamed so no task holds more than one block.
 */
public final class IngestJob {
  /** Bytes of one block (one Arrow record batch). */
  static final long BLOCK_BYTES = 16L << 20;

  private IngestJob() {}

  /** Converts {@code npyPath} (an already validated N×N matrix) into row blocks committed at {@code output}. */
  public static void execute(SparkSession spark, String npyPath, int n, String sourceDtype, OutputFolder output) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setJobGroup("causal-density-ingest", "causal-density ingest " + npyPath + " → " + output.path(), false);
    try {
      Broadcast<HadoopConf> conf = jsc.broadcast(new HadoopConf(spark.sparkContext().hadoopConfiguration()));
      int rowsPerBlock = RowRange.rowsFitting(n, BLOCK_BYTES);
      List<RowRange> ranges = RowRange.split(n, rowsPerBlock);
      int slices = Math.max(1, Math.min(ranges.size(), 4 * jsc.defaultParallelism()));
      String staging = output.stagingPath("");
      jsc.parallelize(ranges, slices).foreachPartition(it -> writePart(it, npyPath, n, staging, conf.value()));
      TaskOutput.removeAttempts(staging, conf.value().get());
      new RowBlocksManifest(n, npyPath, sourceDtype, rowsPerBlock).write(staging, conf.value().get());
      output.commit();
    } catch (RuntimeException e) {
      output.abort();
      throw e;
    } finally {
      jsc.clearJobGroup();
    }
  }

  /**
   * Writes one partition's blocks to {@code part-NNNNN.arrow}: first under a name of this attempt, renamed at the end,
   * so a retried or speculative attempt never leaves a half-written part behind.
   */
  private static void writePart(Iterator<RowRange> ranges, String npyPath, int n, String dir, HadoopConf conf) {
    String name = String.format(Locale.ROOT, "part-%05d%s", TaskContext.get().partitionId(),
        RowBlockFiles.EXTENSION);
    String attempt = TaskOutput.attemptPath(dir, name);
    try (NpyMatrix matrix = NpyMatrix.open(npyPath, conf.get());
        RowBlockFiles.Writer writer = new RowBlockFiles.Writer(attempt, n, conf.get())) {
      float[] block = null;
      while (ranges.hasNext()) {
        RowRange range = ranges.next();
        if (block == null || block.length < range.count() * n) {
          block = new float[range.count() * n];
        }
        matrix.readRows(range.first(), range.count(), block);
        writer.write(range.first(), range.count(), block);
      }
    }
    TaskOutput.publish(attempt, dir, name, conf.get());
  }
}
