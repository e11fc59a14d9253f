package org.causaldensity.inputs;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.safetensors.Checkpoint;
import org.causaldensity.selection.AnalysisPath;
import org.causaldensity.selection.MetricChoice;
import org.causaldensity.selection.TokenSelection;

/**
 * What the matrix-free path was asked for, read and checked on the driver before Spark starts: the checkpoint, the
 * selected vocabulary ids (from {@code --tokens} or {@code --token-indices}, within the vocabulary, at least k + 1 of
 * them) and a metric file's M (d×d, symmetric, finite; none yet for {@code estimate}, none for {@code identity}).
 * {@code spark.MatrixFreeSetup} turns it into {@link MatrixFreeInputs} (estimate, collapse).
 *
 * @param options the run's options ({@code distances} null)
 * @param path the path and choices ({@link AnalysisPath#matrixFree()} true)
 * @param checkpoint the unembedding
 * @param selectedIds the selected vocabulary ids in row order (ascending for {@code all} and samples, the file's
 *     order for {@code --token-indices})
 * @param metricFromFile M of {@code --metric M.pt} (row-major d×d), else null
 * @param warnings problems worth telling that do not stop the run
 */
public record MatrixFreeRequest(AnalysisOptions options, AnalysisPath path, Checkpoint checkpoint, long[] selectedIds,
    float[] metricFromFile, List<String> warnings) {

  /** Opens the checkpoint, selects the ids and reads a metric file; refusals as {@link AnalysisInputs#load}'s. */
  public static MatrixFreeRequest load(AnalysisOptions options, AnalysisPath path, Configuration conf) {
    if (!path.matrixFree()) {
      throw new IllegalArgumentException("the matrix path reads its inputs with AnalysisInputs");
    }
    List<String> warnings = new ArrayList<>();
    Checkpoint checkpoint = Checkpoint.open(options.model(), conf, options.tensor());
    long[] ids;
    TokenSelection selection = path.tokens();
    if (selection.kind() == TokenSelection.Kind.TOKEN_INDICES) {
      ids = AnalysisInputs.readTokenIds(options, conf);
      AnalysisInputs.checkTokenIds(options.tokenIndices(), ids, checkpoint, warnings);
      if (ids.length < (long) options.k() + 1) {
        throw CausalDensityException.usage("--k", "must be between 1 and N-1 = %d for the %d ids of %s, got %d",
            ids.length - 1, ids.length, options.tokenIndices(), options.k());
      }
    } else {
      ids = selection.ids(checkpoint.vocabSize(), options.k());
    }
    OptionLimits.checkK(options.k(), ids.length, Runtime.getRuntime().maxMemory());
    float[] metric = path.metric().kind() == MetricChoice.Kind.FILE
        ? AnalysisInputs.readMetric(options, checkpoint.hiddenSize(), conf) : null;
    return new MatrixFreeRequest(options, path, checkpoint, ids, metric, List.copyOf(warnings));
  }
}
