package org.causaldensity.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.causaldensity.inputs.AnalysisInputs;
import org.causaldensity.inputs.AnalysisOptions;
import org.causaldensity.io.InputGuard;
import org.causaldensity.io.OutputFolder;
import org.causaldensity.io.tokenizer.TokenNames;
import org.causaldensity.provenance.InputFiles;
import org.causaldensity.report.RunTimings;
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
    AnalysisOptions analysis = options.toAnalysisOptions();
    return options.explain ? explain(analysis) : run(analysis);
  }

  /** Validates the inputs and prints {@link RunPlan}: no Spark, nothing written. */
  static int explain(AnalysisOptions requested) {
    Configuration conf = new Configuration();
    AnalysisOptions analysis = requested.qualified(conf);
    RunPlan.describe(analysis, AnalysisInputs.load(analysis, conf), conf).forEach(System.out::println);
    return 0;
  }

  /** Validates the inputs and the output location, then starts Spark and runs the job. */
  static int run(AnalysisOptions requested) {
    Configuration conf = new Configuration();
    AnalysisOptions analysis = requested.qualified(conf);
    InputGuard.refuseOverlap("--out", analysis.out(), InputFiles.paths(analysis), conf);
    RunTimings timings = new RunTimings();
    long start = System.nanoTime();
    AnalysisInputs inputs = AnalysisInputs.load(analysis, conf);
    if (analysis.tokenizer() != null) {
      TokenNames.checkFile(analysis.tokenizer(), conf);
    }
    OutputFolder output = OutputFolder.prepare(analysis.out(), analysis.overwrite(), conf);
    timings.record("validate_inputs", start);
    try {
      start = System.nanoTime();
      SparkSession spark = SparkSessions.start("causal-density run");
      timings.record("start_spark", start);
      new AnalysisJob(spark, analysis, inputs, output, timings).execute();
    } catch (Throwable e) {
      throw output.abortOn(e);
    }
    System.out.println("causal-density: wrote " + requested.out());
    return 0;
  }
}
