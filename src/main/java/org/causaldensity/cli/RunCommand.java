package org.causaldensity.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.causaldensity.inputs.AnalysisInputs;
import org.causaldensity.inputs.AnalysisOptions;
import org.causaldensity.inputs.MatrixFreeRequest;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.OutputFolder;
import org.causaldensity.selection.AnalysisPath;
import org.causaldensity.spark.AnalysisJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code run}: the analysis. */
@Command(name = "run", mixinStandardHelpOptions = true, defaultValueProvider = DefaultsFile.class,
    description = {"Per-token kNN density and causal norm, radial profile, core/shell/outer statistics.",
        "Writes OUT/tokens/ (Parquet), OUT/summary.json, OUT/radial_profile.csv, OUT/plots/*.png, OUT/report.html, "
            + "then OUT/_SUCCESS; nothing at OUT if it fails."})
final class RunCommand implements Callable<Integer> {
  @Mixin
  RunOptions options;

  @Override
  public Integer call() {
    AnalysisPath path = options.toAnalysisPath();
    AnalysisOptions analysis = options.toAnalysisOptions();
    return run(analysis, path);
  }

  /** The matrix path with the given options (what {@code demo} runs). */
  static int run(AnalysisOptions requested) {
    return run(requested, AnalysisPath.matrix(requested.tokenIndices(), requested.metric()));
  }

  /** Validates the inputs and the output location, then starts Spark and runs the job. */
  static int run(AnalysisOptions requested, AnalysisPath requestedPath) {
    Configuration conf = new Configuration();
    AnalysisOptions analysis = requested.qualified(conf);
    AnalysisPath path = requestedPath.qualified(conf);
    if (path.matrixFree()) {
      // Everything is checked before Spark starts, as on the matrix path; then MatrixFreeSetup.prepare and the
      // matrix-free kNN engine take over, which this build does not have yet.
      MatrixFreeRequest.load(analysis, path, conf);
      throw CausalDensityException.usage("--distances", "is required: this build has no matrix-free kNN engine");
    }
    Map<String, Double> timings = new LinkedHashMap<>();
    long start = System.nanoTime();
    AnalysisInputs inputs = AnalysisInputs.load(analysis, conf);
    OutputFolder output = OutputFolder.prepare(analysis.out(), analysis.overwrite(), conf);
    timings.put("validate_inputs", AnalysisJob.seconds(start));
    try {
      start = System.nanoTime();
      SparkSession spark = SparkSessions.start("causal-density run");
      timings.put("start_spark", AnalysisJob.seconds(start));
      new AnalysisJob(spark, analysis, path, inputs, output, timings).execute();
    } catch (RuntimeException e) {
      output.abort();
      throw e;
    }
    System.out.println("causal-density: wrote " + requested.out());
    return 0;
  }
}
