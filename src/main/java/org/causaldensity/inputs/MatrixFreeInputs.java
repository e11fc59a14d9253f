package org.causaldensity.inputs;

import org.causaldensity.io.safetensors.Checkpoint;
import org.causaldensity.selection.AnalysisPath;
import org.causaldensity.selection.DuplicatePolicy;
import org.causaldensity.selection.IdenticalRows;
import org.causaldensity.selection.MetricChoice;

/**
 * Everything the matrix-free kNN engine consumes, settled before it starts: the tokens to analyse (one row each, in
 * row order), how many selected rows each stands for, and the metric. Made by {@code spark.MatrixFreeSetup.prepare}
 * from a {@link MatrixFreeRequest}.
 *
 * @param request what was asked (options, path, checkpoint, the selected ids, warnings)
 * @param tokenIds the vocabulary ids of the rows to analyse: the selection, or with {@code --duplicates collapse}
 *     one representative (lowest id) per group of bit-identical rows, in the selection's row order
 * @param multiplicities for each analysed row, the selected rows it stands for (all 1 under {@code keep})
 * @param collapse the grouping of the selection under {@code collapse}, else null
 * @param metric M, row-major d×d float32 (from the file or estimated), or null for {@code --metric identity}
 * @param covarianceRows vocabulary rows an estimated M was computed from, else 0
 */
public record MatrixFreeInputs(MatrixFreeRequest request, long[] tokenIds, int[] multiplicities,
    IdenticalRows.Collapse collapse, float[] metric, long covarianceRows) {

  public AnalysisPath path() {
    return request.path();
  }

  public Checkpoint checkpoint() {
    return request.checkpoint();
  }

  /** Whether the geometry is plain Euclidean (M = I): {@link #metric()} is then null. */
  public boolean identityMetric() {
    return request.path().metric().kind() == MetricChoice.Kind.IDENTITY;
  }

  /** M as a d×d array, the identity written out for {@code --metric identity} (for code that needs an array). */
  public float[] metricOrIdentity() {
    if (metric != null) {
      return metric;
    }
    int d = checkpoint().hiddenSize();
    float[] identity = new float[d * d];
    for (int i = 0; i < d; i++) {
      identity[i * d + i] = 1f;
    }
    return identity;
  }

  /** The policy that produced the answer, as the {@code answer} block names it. */
  public DuplicatePolicy duplicates() {
    return request.path().duplicates();
  }
}
