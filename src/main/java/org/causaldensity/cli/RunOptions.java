package org.causaldensity.cli;

import org.causaldensity.inputs.AnalysisOptions;
import org.causaldensity.inputs.OptionLimits;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.selection.AnalysisPath;
import org.causaldensity.selection.MetricChoice;
import picocli.CommandLine.Option;

/** The options of {@code run}; defaults are the notebook's. */
final class RunOptions {
  @Option(names = "--distances", paramLabel = "X.npy|DIR",
      description = "N×N float32 causal distances: an .npy file, or a folder written by 'ingest' (the matrix path). "
          + "Without it the distances are computed from --model and --metric, exactly and without any N×N matrix "
          + "(the matrix-free path; docs/EXACT_KNN.md).")
  String distances;

  @Option(names = "--token-indices", paramLabel = "T.pt",
      description = "torch.save dict with the int64 vocabulary id of each matrix row (required with --distances; "
          + "without it, one of --token-indices and --tokens chooses the tokens).")
  String tokenIndices;

  @Option(names = "--token-indices-key", defaultValue = AnalysisOptions.DEFAULT_TOKEN_INDICES_KEY,
      paramLabel = "KEY",
      description = "Key of the ids in --token-indices (default: ${DEFAULT-VALUE}).")
  String tokenIndicesKey;

  @Option(names = "--tokens", paramLabel = "all|sample:N|sample:N:SEED",
      description = "Matrix-free path only: 'all' = every row of the unembedding (ids 0..V-1); 'sample:N' = N ids drawn "
          + "uniformly without replacement with --seed, 'sample:N:SEED' with SEED (SplitMix64 + partial Fisher-Yates, "
          + "rows in ascending id order; data-schema/summary.md). Refused with --distances.")
  String tokens;

  @Option(names = "--metric", required = true, paramLabel = "M.pt|estimate|identity",
      description = "torch.save dict with the d×d float metric (causal inner product); or, matrix-free path only, "
          + "'estimate' = (Cov(γ) + λI)⁻¹ over every vocabulary row (population covariance, float64; written to "
          + "OUT/" + MetricChoice.ESTIMATE_FILE + "), or 'identity' = plain Euclidean geometry of γ (a control).")
  String metric;

  @Option(names = "--metric-ridge", paramLabel = "λ",
      description = "λ added to the covariance's diagonal by --metric estimate, absolute, >= 0 (default: "
          + MetricChoice.DEFAULT_RIDGE + ", as Park et al.).")
  Double metricRidge;

  @Option(names = "--duplicates", paramLabel = "keep|collapse",
      description = "Bit-identical γ rows: 'keep' analyses every row (density +Infinity where the k nearest are "
          + "copies); 'collapse' (matrix-free path only) analyses each group once, through its lowest id, and reports "
          + "its multiplicity (default: keep).")
  String duplicates;

  @Option(names = "--metric-key", defaultValue = AnalysisOptions.DEFAULT_METRIC_KEY, paramLabel = "KEY",
      description = "Key of the metric in --metric (default: ${DEFAULT-VALUE}).")
  String metricKey;

  @Option(names = "--model", required = true, paramLabel = "MODEL_DIR",
      description = "Hugging Face checkpoint folder (safetensors, sharded or not) or one .safetensors file.")
  String model;

  @Option(names = "--tensor", paramLabel = "NAME",
      description = "Unembedding tensor (default: lm_head.weight if stored, else model.embed_tokens.weight).")
  String tensor;

  @Option(names = "--tokenizer", paramLabel = "tokenizer.json",
      description = "Hugging Face tokenizer for token strings (default: MODEL_DIR/tokenizer.json when present).")
  String tokenizer;

  @Option(names = "--bootstrap-resamples", defaultValue = "" + AnalysisOptions.DEFAULT_BOOTSTRAP_RESAMPLES,
      paramLabel = "B",
      description = "Resamples of the bootstrap interval of the core/shell ratio, 100..1000000 (default: ${DEFAULT-VALUE}).")
  int bootstrapResamples;

  @Option(names = "--seed", defaultValue = "" + AnalysisOptions.DEFAULT_SEED, paramLabel = "S",
      description = "Seed of the bootstrap, and of --tokens sample:N: the same seed gives the same interval and "
          + "sample (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output folder.")
  String out;

  @Option(names = "--overwrite", description = "Replace OUT if it already holds something.")
  boolean overwrite;

  @Option(names = "--explain", description = "Validate the inputs, print what the run would do (inputs, sizes, "
      + "stages, memory and work) and exit without starting Spark or writing anything.")
  boolean explain;

  @Option(names = "--k", defaultValue = "" + AnalysisOptions.DEFAULT_K, paramLabel = "K",
      description = "Nearest neighbours per token, 1..N-1, and N·k within a quarter of the driver's heap "
          + "(default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--d-eff", defaultValue = "" + (int) AnalysisOptions.DEFAULT_D_EFF,
      paramLabel = "D|metric-participation-ratio|sample-participation-ratio",
      description = "Effective dimension of the volumetric densities: a number in (0, 1e5]; 'metric-participation-ratio' "
          + "= tr(M)^2/tr(M^2), the participation ratio of the metric's eigenvalues, which is how the notebook's "
          + "1333 was computed (needs no samples); or 'sample-participation-ratio' = tr(MC)^2/tr(MCMC) with C the "
          + "covariance of the sampled tokens' unembedding rows (default: ${DEFAULT-VALUE}).")
  String dEff;

  @Option(names = "--null-models", paramLabel = "on|off",
      description = "Null-model controls (same norms with random directions, a Gaussian with the tokens' "
          + "covariance, a uniform ball), each an all-pairs kNN pass per seed (default: on up to "
          + AnalysisOptions.NULL_MODELS_AUTO_MAX_TOKENS + " tokens, off above).")
  String nullModels;

  @Option(names = "--null-seeds", defaultValue = "" + AnalysisOptions.DEFAULT_NULL_SEEDS, paramLabel = "S",
      description = "Point sets drawn per null model, 1..100 (default: ${DEFAULT-VALUE}).")
  int nullSeeds;

  @Option(names = "--bins", defaultValue = "" + AnalysisOptions.DEFAULT_BINS, paramLabel = "B",
      description = "Equal-width causal-norm bins of the radial profile, 1..100000 (default: ${DEFAULT-VALUE}).")
  int bins;

  @Option(names = "--on-invalid", defaultValue = AnalysisOptions.DEFAULT_ON_INVALID_WORD, paramLabel = "error|skip",
      description = "NaN, infinite or negative distances: 'error' stops with their count and first position; "
          + "'skip' leaves them out of the neighbours (default: ${DEFAULT-VALUE}).")
  String onInvalid;

  /** The path and its choices; combinations that cannot work are refused here, before any file is read. */
  AnalysisPath toAnalysisPath() {
    return AnalysisPath.choose(distances, tokenIndices, tokens, metric, metricRidge, duplicates, seed);
  }

  AnalysisOptions toAnalysisOptions() {
    AnalysisOptions.DEffSource source = dEffSource(dEff);
    double dimension = source == AnalysisOptions.DEffSource.OPTION ? OptionLimits.checkDEff(dEff) : Double.NaN;
    OptionLimits.checkNullSeeds(nullSeeds);
    AnalysisOptions.NullModels nulls = nullModels == null ? AnalysisOptions.DEFAULT_NULL_MODELS : switch (nullModels) {
      case "on" -> AnalysisOptions.NullModels.ON;
      case "off" -> AnalysisOptions.NullModels.OFF;
      default -> throw CausalDensityException.usage("--null-models", "must be 'on' or 'off', got '%s'", nullModels);
    };
    OptionLimits.checkBootstrapResamples(bootstrapResamples);
    OptionLimits.checkBins(bins);
    AnalysisOptions.OnInvalid policy = switch (onInvalid) {
      case "error" -> AnalysisOptions.OnInvalid.ERROR;
      case "skip" -> AnalysisOptions.OnInvalid.SKIP;
      default -> throw CausalDensityException.usage("--on-invalid",
          "must be 'error' or 'skip', got '%s'", onInvalid);
    };
    return new AnalysisOptions(distances, tokenIndices, tokenIndicesKey, metric, metricKey, model, tensor, tokenizer,
        out, overwrite, k, dimension, source, bins, policy, bootstrapResamples, seed, nulls, nullSeeds);
  }

  private static AnalysisOptions.DEffSource dEffSource(String text) {
    for (AnalysisOptions.DEffSource source : AnalysisOptions.DEffSource.values()) {
      if (source != AnalysisOptions.DEffSource.OPTION && source.label().equals(text)) {
        return source;
      }
    }
    if ("participation-ratio".equals(text)) {
      throw CausalDensityException.usage("--d-eff", "'participation-ratio' is ambiguous: use "
          + "'metric-participation-ratio' (tr(M)^2/tr(M^2), the notebook's 1333) or 'sample-participation-ratio' "
          + "(tr(MC)^2/tr(MCMC) of the sampled tokens)");
    }
    return AnalysisOptions.DEffSource.OPTION;
  }
}
