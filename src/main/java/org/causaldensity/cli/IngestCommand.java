package org.causaldensity.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.causaldensity.io.HadoopFiles;
import org.causaldensity.io.InputGuard;
import org.causaldensity.io.OutputFolder;
import org.causaldensity.io.npy.NpyMatrix;
import org.causaldensity.spark.IngestJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ingest}: the matrix as Arrow IPC row blocks. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Converts the N×N .npy distance matrix into Arrow IPC row blocks (data-schema/row-blocks.md), "
        + "streamed by row ranges.", "'run --distances DIR' reads them."})
final class IngestCommand implements Callable<Integer> {
  @Option(names = "--distances", required = true, paramLabel = "X.npy", description = "The N×N distance matrix.")
  String distances;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder of the row blocks.")
  String out;

  @Option(names = "--overwrite", description = "Replace DIR if it already holds something.")
  boolean overwrite;

  @Override
  public Integer call() {
    Configuration conf = new Configuration();
    String distances = HadoopFiles.qualify(this.distances, conf);
    String out = HadoopFiles.qualify(this.out, conf);
    InputGuard.refuseOverlap("--out", out, Map.of("--distances", distances), conf);
    int n;
    String dtype;
    try (NpyMatrix matrix = NpyMatrix.open(distances, conf)) {
      n = matrix.size();
      dtype = matrix.header().dtype().toString();
    }
    OutputFolder output = OutputFolder.prepare(out, overwrite, conf);
    try {
      SparkSession spark = SparkSessions.start("causal-density ingest");
      IngestJob.execute(spark, distances, n, dtype, output);
    } catch (Throwable e) {
      throw output.abortOn(e);
    }
    System.out.println("causal-density: wrote " + this.out);
    return 0;
  }
}
