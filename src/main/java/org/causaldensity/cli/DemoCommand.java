package org.causaldensity.cli;

import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.demo.DemoFiles;
import org.causaldensity.demo.DemoSpec;
import org.causaldensity.demo.SyntheticDataset;
import org.causaldensity.inputs.AnalysisOptions;
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

  @Option(names = "--overwrite", description = "Replace DIR/results if it already holds something.")
  boolean overwrite;

  @Option(names = "--inputs-only", description = "Write DIR/inputs/ only, without analysing it (for benchmarks).")
  boolean inputsOnly;

  @Override
  public Integer call() {
    Configuration conf = new Configuration();
    DemoFiles files = SyntheticDataset.write(out, conf, new DemoSpec(n, vocab, hidden, seed, threads));
    System.out.println("causal-density: wrote " + out + "/inputs");
    if (inputsOnly) {
      return 0;
    }
    return RunCommand.run(AnalysisOptions.defaults(files.distances(), files.tokenIndices(), files.metric(),
        files.modelDir(), out + "/results", overwrite));
  }
}
