package org.causaldensity.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.causaldensity.io.OutputFolder;
import org.causaldensity.io.npy.NpyMatrix;
import org.causaldensity.io.rowblocks.RowBlocksManifest;

/**
 * {@code ingest}: the {@code .npy} matrix → Parquet row blocks, one Parquet row per matrix row
 * ({@code data-schema/row-blocks.md}), streamed by row ranges so no task holds more than one block.
 */
public final class IngestJob {
  /** Parquet schema of the row blocks. */
  public static final StructType SCHEMA = new StructType()
      .add("row", DataTypes.LongType, false)
      .add("distances", DataTypes.createArrayType(DataTypes.FloatType, false), false);
  /** Matrix rows per Parquet row group and per task read. */
  static final long BLOCK_BYTES = 64L << 20;

  private IngestJob() {}

  /** Converts {@code npyPath} (an already validated N×N matrix) into row blocks committed at {@code output}. */
  public static void execute(SparkSession spark, String npyPath, int n, String sourceDtype, OutputFolder output) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setJobGroup("causal-density-ingest", "causal-density ingest " + npyPath + " → " + output.path(), false);
    try {
      Broadcast<HadoopConf> conf = jsc.broadcast(new HadoopConf(spark.sparkContext().hadoopConfiguration()));
      int rowsPerRange = RowRange.rowsFitting(n, NeighbourStage.NPY_BLOCK_BYTES);
      List<RowRange> ranges = RowRange.split(n, rowsPerRange);
      JavaRDD<Row> rows = jsc.parallelize(ranges, ranges.size()).mapPartitions(it -> read(it, npyPath, n, conf.value()));
      int rowsPerGroup = RowRange.rowsFitting(n, BLOCK_BYTES);
      spark.createDataFrame(rows, SCHEMA).write()
          .mode(SaveMode.Overwrite)
          .option("compression", "none")
          .option("parquet.enable.dictionary", "false")
          .option("parquet.block.size", String.valueOf(BLOCK_BYTES))
          .parquet(output.stagingPath(""));
      new RowBlocksManifest(n, npyPath, sourceDtype, rowsPerGroup).write(output.stagingPath(""), conf.value().get());
      output.commit();
    } catch (RuntimeException e) {
      output.abort();
      throw e;
    } finally {
      jsc.clearJobGroup();
    }
  }

  private static Iterator<Row> read(Iterator<RowRange> ranges, String path, int n, HadoopConf conf)
      throws java.io.IOException {
    List<Row> out = new ArrayList<>();
    try (NpyMatrix matrix = NpyMatrix.open(path, conf.get())) {
      while (ranges.hasNext()) {
        RowRange range = ranges.next();
        float[] block = new float[range.count() * n];
        matrix.readRows(range.first(), range.count(), block);
        for (int r = 0; r < range.count(); r++) {
          out.add(RowFactory.create(range.first() + r, Arrays.copyOfRange(block, r * n, (r + 1) * n)));
        }
      }
    }
    return out.iterator();
  }
}
