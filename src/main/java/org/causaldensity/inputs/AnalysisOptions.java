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
 * @param dEffFromParticipationRatio whether d_eff is the participation ratio of the M-whitened sampled embeddings
 * @param bins radial-profile bins
 * @param onInvalid what NaN, infinite or negative distances do
 * @param bootstrapResamples resamples of the bootstrap interval
 * @param seed seed of the bootstrap
 */
public record AnalysisOptions(String distances, String tokenIndices, String tokenIndicesKey, String metric,
    String metricKey, String model, String tensor, String tokenizer, String out, boolean overwrite, int k,
    double dEff, boolean dEffFromParticipationRatio, int bins, OnInvalid onInvalid, int bootstrapResamples, long seed) {

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

  /** The notebook's settings (k = 20, d_eff = 1333, 30 bins) for the given files, errors on invalid distances. */
  public static AnalysisOptions defaults(String distances, String tokenIndices, String metric, String model,
      String out, boolean overwrite) {
    return new AnalysisOptions(distances, tokenIndices, DEFAULT_TOKEN_INDICES_KEY, metric, DEFAULT_METRIC_KEY, model,
        null, null, out, overwrite, DEFAULT_K, DEFAULT_D_EFF, false, DEFAULT_BINS, DEFAULT_ON_INVALID,
        DEFAULT_BOOTSTRAP_RESAMPLES, DEFAULT_SEED);
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
        dEffFromParticipationRatio, bins, onInvalid, bootstrapResamples, seed);
  }

  /** What the scan does with NaN, ±Infinity or negative distances. */
  public enum OnInvalid {
    /** Stop with an error giving the count and the first position (the default). */
    ERROR,
    /** Leave those entries out of every token's neighbours and report their count. */
    SKIP
  }
}
