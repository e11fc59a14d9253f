package org.causaldensity.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.causaldensity.inputs.AnalysisInputs;
import org.causaldensity.inputs.AnalysisOptions;
import org.causaldensity.inputs.MatrixFreeRequest;
import org.causaldensity.io.InputGuard;
import org.causaldensity.io.OutputFolder;
import org.causaldensity.io.tokenizer.TokenNames;
import org.causaldensity.provenance.InputFiles;
import org.causaldensity.report.RunTimings;
import org.causaldensity.selection.AnalysisPath;
import org.causaldensity.spark.AnalysisJob;
import org.causaldensity.spark.RunPlan;
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
    return options.explain ? explain(analysis, path) : run(analysis, path);
  }

  /** Validates the inputs and prints {@link RunPlan}: no Spark, nothing written. */
  static int explain(AnalysisOptions requested, AnalysisPath requestedPath) {
    Configuration conf = new Configuration();
    AnalysisOptions analysis = requested.qualified(conf);
    AnalysisPath path = requestedPath.qualified(conf);
    AnalysisInputs inputs = path.matrixFree()
        ? AnalysisInputs.requested(MatrixFreeRequest.load(analysis, path, conf)) : AnalysisInputs.load(analysis, conf);
    RunPlan.describe(analysis, inputs, conf).forEach(System.out::println);
    return 0;
  }

  /** {@link #run(AnalysisOptions, AnalysisPath)} on the path the options alone choose (what {@code demo} runs). */
  static int run(AnalysisOptions requested) {
    return run(requested, AnalysisPath.choose(requested.distances(), requested.tokenIndices(), null,
        requested.metric(), null, null, requested.seed()));
  }

  /**
   * Validates the inputs and the output location, then starts Spark and runs the job. The matrix-free path checks
   * its request here ({@link MatrixFreeRequest}); its setup stages (metric estimate, collapse) run in the job.
   */
  static int run(AnalysisOptions requested, AnalysisPath requestedPath) {
    Configuration conf = new Configuration();
    AnalysisOptions analysis = requested.qualified(conf);
    AnalysisPath path = requestedPath.qualified(conf);
    InputGuard.refuseOverlap("--out", analysis.out(), InputFiles.paths(analysis), conf);
    RunTimings timings = new RunTimings();
    long start = System.nanoTime();
    MatrixFreeRequest request = path.matrixFree() ? MatrixFreeRequest.load(analysis, path, conf) : null;
    AnalysisInputs inputs = request == null ? AnalysisInputs.load(analysis, conf) : null;
    if (analysis.tokenizer() != null) {
      TokenNames.checkFile(analysis.tokenizer(), conf);
    }
    OutputFolder output = OutputFolder.prepare(analysis.out(), analysis.overwrite(), conf);
    timings.record("validate_inputs", start);
    try {
      start = System.nanoTime();
      SparkSession spark = SparkSessions.start("causal-density run");
      timings.record("start_spark", start);
      (request == null ? new AnalysisJob(spark, analysis, inputs, output, timings)
          : AnalysisJob.matrixFree(spark, analysis, request, output, timings)).execute();
    } catch (Throwable e) {
      throw output.abortOn(e);
    }
    System.out.println("causal-density: wrote " + requested.out());
    return 0;
  }
}
