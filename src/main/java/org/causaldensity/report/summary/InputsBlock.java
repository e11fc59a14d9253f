package org.causaldensity.report.summary;

import org.causaldensity.inputs.AnalysisInputs;
import org.causaldensity.inputs.AnalysisOptions;

/**
 * {@code "inputs"}: what was read. Paths are as qualified on the driver ({@code file:/…}, {@code hdfs://…}).
 *
 * @param distancesFormat {@code npy} or {@code row-blocks} (a matrix given), {@code computed-exact} (matrix-free)
 * @param unembeddingDtype the checkpoint tensor's dtype name ({@code BF16}, …)
 * @param tokenizer the tokenizer.json used; null (written as null) when the run had none
 */
public record InputsBlock(String distances, String distancesFormat, String tokenIndices, String metric, String model,
    String unembeddingTensor, String unembeddingDtype, long vocabSize, int hiddenSize, long nTokens,
    String tokenizer) {

  /** The block of a validated run; {@code tokensDecoded} says whether token strings were decoded. */
  public static InputsBlock of(AnalysisOptions options, AnalysisInputs inputs, boolean tokensDecoded) {
    return new InputsBlock(options.distances(), inputs.matrix() == null ? "computed-exact"
        : inputs.matrix().rowBlocks() ? "row-blocks" : "npy",
        options.tokenIndices(), options.metric(), options.model(), inputs.checkpoint().tensorName(),
        String.valueOf(inputs.checkpoint().dtype()), inputs.checkpoint().vocabSize(),
        inputs.checkpoint().hiddenSize(), inputs.n(), !tokensDecoded ? null
            : options.tokenizer() != null ? options.tokenizer() : options.model() + "/tokenizer.json");
  }
}
