package org.causaldensity.inputs;

/**
 * Everything {@code run} was asked to do. Paths are Hadoop paths ({@code file://}, {@code hdfs://}, {@code s3a://}
 * or plain local paths).
 *
 * @param distances the N×N {@code .npy} file, or a folder of ingested row blocks
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
 * @param dEff the effective dimension of the volumetric density
 * @param bins radial-profile bins
 * @param onInvalid what NaN, infinite or negative distances do
 * @param bootstrapResamples resamples of the bootstrap interval
 * @param seed seed of the bootstrap
 */
public record AnalysisOptions(String distances, String tokenIndices, String tokenIndicesKey, String metric,
    String metricKey, String model, String tensor, String tokenizer, String out, boolean overwrite, int k,
    double dEff, int bins, OnInvalid onInvalid, int bootstrapResamples, long seed) {

  /** What the scan does with NaN, ±Infinity or negative distances. */
  public enum OnInvalid {
    /** Stop with an error giving the count and the first position (the default). */
    ERROR,
    /** Leave those entries out of every token's neighbours and report their count. */
    SKIP
  }
}
