package org.causaldensity.inputs;

import org.apache.hadoop.conf.Configuration;
import org.causaldensity.answer.ComparisonSettings;
import org.causaldensity.io.HadoopFiles;
import org.causaldensity.selection.MetricChoice;

/**
 * Everything {@code run} was asked to do. Paths are Hadoop paths ({@code file://}, {@code hdfs://}, {@code s3a://}
 * or plain local paths).
 *
 * @param distances the N×N {@code .npy} file, or a folder of ingested row blocks; null: computed from the
 *     checkpoint and the metric (matrix-free, exact)
 * @param tokenIndices the {@code .pt} dict holding the vocabulary id of each matrix row
 * @param tokenIndicesKey its key ({@code token_indices})
 * @param metric the {@code .pt} dict holding the d×d metric
 * @param metricKey its key ({@code M})
 * @param model the Hugging Face checkpoint folder (or one {@code .safetensors} file)
 * @param tensor the unembedding tensor's name, or null to choose automatically
 * @param tokenizer a {@code tokenizer.json}, or null to use the model folder's when present
 * @param out the output folder
 * @param overwrite whether an existing output folder may be replaced
 * @param k neighbours per token
 * @param dEff the effective dimension of the volumetric density (ignored when estimated)
 * @param dEffSource where d_eff comes from: the number given, or one of the two participation ratios
 * @param bins radial-profile bins
 * @param onInvalid what NaN, infinite or negative distances do
 * @param bootstrapResamples resamples of the bootstrap interval
 * @param seed seed of the bootstrap (and, offset by one per seed, of the null models)
 * @param nullModels whether the null-model controls run: on, off, or {@link NullModels#AUTO} (on up to
 *     {@link #NULL_MODELS_AUTO_MAX_TOKENS} tokens)
 * @param nullSeeds seeds (point sets) per null model, ≥ 1
 */
public record AnalysisOptions(String distances, String tokenIndices, String tokenIndicesKey, String metric,
    String metricKey, String model, String tensor, String tokenizer, String out, boolean overwrite, int k,
    double dEff, DEffSource dEffSource, int bins, OnInvalid onInvalid, int bootstrapResamples, long seed,
    NullModels nullModels, int nullSeeds) {

  public static final int DEFAULT_K = 20;
  public static final double DEFAULT_D_EFF = 1333;
  public static final int DEFAULT_BINS = 30;
  public static final int DEFAULT_BOOTSTRAP_RESAMPLES = ComparisonSettings.DEFAULT_RESAMPLES;
  public static final long DEFAULT_SEED = ComparisonSettings.DEFAULT_SEED;
  /** The notebook's key of the ids in its {@code torch.save} dict. */
  public static final String DEFAULT_TOKEN_INDICES_KEY = "token_indices";
  /** The key of the metric in its {@code torch.save} dict. */
  public static final String DEFAULT_METRIC_KEY = "M";
  /** Invalid distances stop the run unless asked otherwise. */
  public static final OnInvalid DEFAULT_ON_INVALID = OnInvalid.ERROR;
  /** {@link #DEFAULT_ON_INVALID} as the option's word ({@code error}). */
  public static final String DEFAULT_ON_INVALID_WORD = "error";
  /** d_eff is the number given unless asked otherwise. */
  public static final DEffSource DEFAULT_D_EFF_SOURCE = DEffSource.OPTION;
  /** The null models run on small runs only (see {@link #NULL_MODELS_AUTO_MAX_TOKENS}). */
  public static final NullModels DEFAULT_NULL_MODELS = NullModels.AUTO;
  public static final int DEFAULT_NULL_SEEDS = 3;
  /** With {@link NullModels#AUTO} the controls run up to this many tokens: each costs an all-pairs pass. */
  public static final int NULL_MODELS_AUTO_MAX_TOKENS = 20_000;

  /** The notebook's settings (k = 20, d_eff = 1333, 30 bins) for the given files, errors on invalid distances. */
  public static AnalysisOptions defaults(String distances, String tokenIndices, String metric, String model,
      String out, boolean overwrite) {
    return new AnalysisOptions(distances, tokenIndices, DEFAULT_TOKEN_INDICES_KEY, metric, DEFAULT_METRIC_KEY, model,
        null, null, out, overwrite, DEFAULT_K, DEFAULT_D_EFF, DEFAULT_D_EFF_SOURCE, DEFAULT_BINS, DEFAULT_ON_INVALID,
        DEFAULT_BOOTSTRAP_RESAMPLES, DEFAULT_SEED, DEFAULT_NULL_MODELS, DEFAULT_NULL_SEEDS);
  }

  /**
   * What a problem with the distances is about: the matrix given, or (matrix-free) the checkpoint the distances
   * were computed from.
   */
  public String distancesSource() {
    return distances != null ? distances : model;
  }

  /** These options with every path fully qualified ({@link HadoopFiles#qualify}), as executors must see them. */
  public AnalysisOptions qualified(Configuration conf) {
    return new AnalysisOptions(HadoopFiles.qualify(distances, conf), HadoopFiles.qualify(tokenIndices, conf),
        tokenIndicesKey, MetricChoice.isKeyword(metric) ? metric : HadoopFiles.qualify(metric, conf), metricKey, HadoopFiles.qualify(model, conf), tensor,
        HadoopFiles.qualify(tokenizer, conf), HadoopFiles.qualify(out, conf), overwrite, k, dEff,
        dEffSource, bins, onInvalid, bootstrapResamples, seed, nullModels, nullSeeds);
  }

  /** Whether the null models run for a run of n tokens. */
  public boolean runNullModels(long n) {
    return nullModels == NullModels.ON || (nullModels == NullModels.AUTO && n <= NULL_MODELS_AUTO_MAX_TOKENS);
  }

  /** Where d_eff comes from; {@link #label()} is the option's value and summary.json's {@code d_eff_source}. */
  public enum DEffSource {
    /** The number given to {@code --d-eff}. */
    OPTION("option"),
    /** tr(M)²/tr(M²), the participation ratio of the metric's eigenvalues: how the notebook's 1333 was made. */
    METRIC_PARTICIPATION_RATIO("metric-participation-ratio"),
    /** tr(MC)²/tr(MCMC), C the covariance of the sampled tokens' unembedding rows. */
    SAMPLE_PARTICIPATION_RATIO("sample-participation-ratio");

    private final String label;

    DEffSource(String label) {
      this.label = label;
    }

    /** The option value naming this source. */
    public String label() {
      return label;
    }
  }

  /** Whether the null-model controls run. */
  public enum NullModels {
    ON,
    OFF,
    /** On up to {@link #NULL_MODELS_AUTO_MAX_TOKENS} tokens, off above (the default). */
    AUTO
  }

  /** What the scan does with NaN, ±Infinity or negative distances. */
  public enum OnInvalid {
    /** Stop with an error giving the count and the first position (the default). */
    ERROR,
    /** Leave those entries out of every token's neighbours and report their count. */
    SKIP
  }
}
