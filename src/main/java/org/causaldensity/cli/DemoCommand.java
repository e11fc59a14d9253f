package org.causaldensity.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.causaldensity.demo.DemoFiles;
import org.causaldensity.demo.DemoSpec;
import org.causaldensity.demo.SyntheticDataset;
import org.causaldensity.inputs.AnalysisOptions;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import org.causaldensity.io.HadoopFiles;
import org.causaldensity.io.OutputFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code demo}: a synthetic dataset in the notebook's formats, then the analysis of it. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Writes a synthetic dataset in the notebook's exact input formats to DIR/inputs/ "
        + "(.npy distances, .pt token indices and metric, sharded BF16 safetensors checkpoint), then analyses it "
        + "into DIR/results/.",
        "The geometry: a clustered bulk shell, an outer tail, and a small-norm core that includes a group of tokens "
            + "sharing identical vectors (exact zero distances, as in real data).",
        "--n 32000 --vocab 151936 --hidden 2560 gives the notebook's scale."})
final class DemoCommand implements Callable<Integer> {
  private static final String INPUTS = "inputs";

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  String out;

  @Option(names = "--n", defaultValue = "" + DemoSpec.DEFAULT_TOKENS, paramLabel = "N",
      description = "Sampled tokens (rows of the matrix) (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--vocab", defaultValue = "" + DemoSpec.DEFAULT_VOCAB, paramLabel = "V",
      description = "Vocabulary size of the checkpoint, >= N (default: ${DEFAULT-VALUE}).")
  int vocab;

  @Option(names = "--hidden", defaultValue = "" + DemoSpec.DEFAULT_HIDDEN, paramLabel = "D",
      description = "Hidden size (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(names = "--seed", defaultValue = "" + DemoSpec.DEFAULT_SEED, paramLabel = "S",
      description = "Random seed: the same seed gives the same files (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threads", defaultValue = "" + DemoSpec.DEFAULT_THREADS, paramLabel = "T",
      description = "Threads computing the distances (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--overwrite", description = "Replace DIR/inputs and DIR/results if DIR already holds something.")
  boolean overwrite;

  @Option(names = "--inputs-only", description = "Write DIR/inputs/ only, without analysing it (for benchmarks).")
  boolean inputsOnly;

  @Override
  public Integer call() {
    Configuration conf = new Configuration();
    String dir = HadoopFiles.qualify(out, conf);
    refuseOccupied(dir, conf);
    DemoSpec spec = new DemoSpec(n, vocab, hidden, seed, threads);
    // The inputs are published like a run's results: all of them, or nothing, and the previous ones kept on failure.
    OutputFolder inputs = OutputFolder.prepare(dir + "/" + INPUTS, overwrite, conf);
    try {
      SyntheticDataset.writeInputs(inputs.stagingPath(""), conf, spec);
      inputs.commit();
    } catch (Throwable e) {
      throw inputs.abortOn(e);
    }
    System.out.println("causal-density: wrote " + out + "/" + INPUTS);
    if (inputsOnly) {
      return 0;
    }
    DemoFiles files = SyntheticDataset.files(dir + "/" + INPUTS, spec);
    return RunCommand.run(AnalysisOptions.defaults(files.distances(), files.tokenIndices(), files.metric(),
        files.modelDir(), dir + "/results", overwrite));
  }

  /** A DIR that already holds anything is refused without --overwrite (exit 6): the demo never writes over files. */
  private void refuseOccupied(String dir, Configuration conf) {
    if (overwrite || !HadoopFiles.exists(dir, conf)) {
      return;
    }
    try {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir);
      FileSystem fs = HadoopFiles.fileSystem(dir, conf);
      if (!fs.getFileStatus(path).isDirectory() || fs.listStatus(path).length > 0) {
        throw new CausalDensityException(Failure.OUTPUT_EXISTS, out,
            "already holds files; pass --overwrite to replace its inputs/ and results/");
      }
    } catch (IOException e) {
      throw CausalDensityException.io(out, e);
    }
  }
}
