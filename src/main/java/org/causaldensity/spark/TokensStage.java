package org.causaldensity.spark;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HadoopFiles;
import org.causaldensity.io.OutputFolder;
import org.causaldensity.io.tokens.TokensParquet;
import org.causaldensity.knn.TokenNeighbours;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tokens/} from the neighbours and the table (norms, token names and d_eff): one Parquet file per partition,
 * written by the task under a name of its attempt and renamed into place (a retried or speculative attempt writes
 * the same bytes, and never leaves half a file under the final name); then {@code _SUCCESS}. Parquet's own writer
 * rather than Spark SQL's: the same schema and bytes a reader sees, without Spark SQL's query planning and code
 * generation.
 */
final class TokensStage {
  private static final Logger LOG = LoggerFactory.getLogger(TokensStage.class);
  /** Spark's key for its own schema in a Parquet footer: Spark then reads the types exactly as it wrote them. */
  static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

  private TokensStage() {}

  /**
   * Writes every row of {@code neighbours} (running the scan when they are not cached yet) into {@code dir}. Fewer
   * or more rows than {@code expectedRows} is refused naming {@code distancesSubject}.
   */
  static void write(JavaSparkContext jsc, Broadcast<HadoopConf> conf, JavaRDD<TokenNeighbours> neighbours,
      TokenTable rows, String dir, long expectedRows, String distancesSubject) {
    Configuration hadoop = jsc.hadoopConfiguration();
    try {
      HadoopFiles.fileSystem(dir, hadoop).mkdirs(new Path(dir));
    } catch (IOException e) {
      throw CausalDensityException.io(dir, e);
    }
    Broadcast<TokenTable> table = jsc.broadcast(rows);
    Map<String, String> metadata = Map.of(SPARK_SCHEMA_KEY, TokenTable.SCHEMA.json());
    LOG.info("tokens/: scanning the matrix and writing {} parts", neighbours.getNumPartitions());
    long written = neighbours.mapPartitions(it -> List.of(writePart(it, dir, table.value(), metadata,
        conf.value())).iterator()).collect().stream().mapToLong(Long::longValue).sum();
    table.destroy();
    TaskOutput.removeAttempts(dir, hadoop);
    if (written != expectedRows) {
      throw CausalDensityException.inconsistent(distancesSubject, "tokens/ got %d rows, expected %d", written,
          expectedRows);
    }
    try {
      HadoopFiles.create(dir + "/" + OutputFolder.SUCCESS, hadoop).close();
    } catch (IOException e) {
      throw CausalDensityException.io(dir + "/" + OutputFolder.SUCCESS, e);
    }
  }

  private static long writePart(Iterator<TokenNeighbours> rows, String dir, TokenTable table,
      Map<String, String> metadata, HadoopConf conf) {
    String name = String.format(Locale.ROOT, "part-%05d.parquet", TaskContext.get().partitionId());
    String attempt = TaskOutput.attemptPath(dir, name);
    long count;
    try (TokensParquet.Writer writer = new TokensParquet.Writer(attempt, conf.get(), metadata)) {
      while (rows.hasNext()) {
        writer.write(table.row(rows.next()));
      }
      count = writer.rows();
    }
    TaskOutput.publish(attempt, dir, name, conf.get());
    return count;
  }
}
