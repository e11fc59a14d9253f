package org.causaldensity.cli;

import org.causaldensity.inputs.AnalysisOptions;
import picocli.CommandLine.Option;

/** The options of {@code run}; defaults are the notebook's. */
final class RunOptions {
  @Option(names = "--distances", required = true, paramLabel = "X.npy|DIR",
      description = "N×N float32 causal distances: an .npy file, or a folder written by 'ingest'.")
  String distances;

  @Option(names = "--token-indices", required = true, paramLabel = "T.pt",
      description = "torch.save dict with the int64 vocabulary id of each matrix row.")
  String tokenIndices;

  @Option(names = "--token-indices-key", defaultValue = "token_indices", paramLabel = "KEY",
      description = "Key of the ids in --token-indices (default: ${DEFAULT-VALUE}).")
  String tokenIndicesKey;

  @Option(names = "--metric", required = true, paramLabel = "M.pt",
      description = "torch.save dict with the d×d float metric (causal inner product).")
  String metric;

  @Option(names = "--metric-key", defaultValue = "M", paramLabel = "KEY",
      description = "Key of the metric in --metric (default: ${DEFAULT-VALUE}).")
  String metricKey;

  @Option(names = "--model", required = true, paramLabel = "MODEL_DIR",
      description = "Hugging Face checkpoint folder (safetensors, sharded or not) or one .safetensors file.")
  String model;

  @Option(names = "--tensor", paramLabel = "NAME",
      description = "Unembedding tensor (default: lm_head.weight if stored, else model.embed_tokens.weight).")
  String tensor;

  @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output folder.")
  String out;

  @Option(names = "--overwrite", description = "Replace OUT if it already holds something.")
  boolean overwrite;

  @Option(names = "--k", defaultValue = "20", paramLabel = "K",
      description = "Nearest neighbours per token, 1..N-1 (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--d-eff", defaultValue = "1333", paramLabel = "D",
      description = "Effective dimension of the volumetric density, > 0 (default: ${DEFAULT-VALUE}).")
  double dEff;

  @Option(names = "--bins", defaultValue = "30", paramLabel = "B",
      description = "Equal-width causal-norm bins of the radial profile, >= 1 (default: ${DEFAULT-VALUE}).")
  int bins;

  @Option(names = "--on-invalid", defaultValue = "error", paramLabel = "error|skip",
      description = "NaN, infinite or negative distances: 'error' stops with their count and first position; "
          + "'skip' leaves them out of the neighbours (default: ${DEFAULT-VALUE}).")
  String onInvalid;

  AnalysisOptions toAnalysisOptions() {
    if (!(dEff > 0) || Double.isInfinite(dEff)) {
      throw org.causaldensity.io.CausalDensityException.usage("--d-eff", "must be a finite number > 0, got %s", dEff);
    }
    if (bins < 1) {
      throw org.causaldensity.io.CausalDensityException.usage("--bins", "must be >= 1, got %d", bins);
    }
    AnalysisOptions.OnInvalid policy = switch (onInvalid) {
      case "error" -> AnalysisOptions.OnInvalid.ERROR;
      case "skip" -> AnalysisOptions.OnInvalid.SKIP;
      default -> throw org.causaldensity.io.CausalDensityException.usage("--on-invalid",
          "must be 'error' or 'skip', got '%s'", onInvalid);
    };
    return new AnalysisOptions(distances, tokenIndices, tokenIndicesKey, metric, metricKey, model, tensor, null, out,
        overwrite, k, dEff, bins, policy, 2000, 0L);
  }
}
