package org.causaldensity.spark;

import java.util.Arrays;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.causaldensity.inputs.MatrixFreeInputs;
import org.causaldensity.inputs.MatrixFreeRequest;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.OutputFolder;
import org.causaldensity.report.RunTimings;
import org.causaldensity.selection.DuplicatePolicy;
import org.causaldensity.selection.IdenticalRows;
import org.causaldensity.selection.MetricChoice;

/**
 * The matrix-free path's stages before the kNN engine: the estimated metric ({@code --metric estimate}, written to
 * {@code OUT/causal_metric_tensor.pt} through the staging folder) and the collapse of bit-identical rows
 * ({@code --duplicates collapse}). Each is skipped when not asked for.
 */
public final class MatrixFreeSetup {
  private MatrixFreeSetup() {}

  /**
   * Runs what the request asks for and returns what the engine consumes. Timings (seconds) go to
   * {@code metric_estimate} and {@code identical_rows} in {@code timings} when those stages run. Fewer than k + 1
   * rows left after collapsing is an inconsistent-inputs error naming {@code --duplicates}.
   */
  public static MatrixFreeInputs prepare(JavaSparkContext jsc, MatrixFreeRequest request, OutputFolder output,
      RunTimings timings) {
    Broadcast<HadoopConf> conf = jsc.broadcast(new HadoopConf(jsc.hadoopConfiguration()));
    try {
      float[] metric = request.metricFromFile();
      long covarianceRows = 0;
      MetricChoice choice = request.path().metric();
      if (choice.kind() == MetricChoice.Kind.ESTIMATE) {
        long start = System.nanoTime();
        metric = MetricEstimateStage.estimate(jsc, request.checkpoint(), choice.ridge(),
            output.stagingPath(MetricChoice.ESTIMATE_FILE), conf);
        covarianceRows = request.checkpoint().vocabSize();
        timings.record("metric_estimate", start);
      }
      long[] selected = request.selectedIds();
      if (request.path().duplicates() == DuplicatePolicy.KEEP) {
        int[] ones = new int[selected.length];
        Arrays.fill(ones, 1);
        return new MatrixFreeInputs(request, selected, ones, null, metric, covarianceRows);
      }
      long start = System.nanoTime();
      Broadcast<long[]> ids = jsc.broadcast(selected);
      IdenticalRows.Collapse collapse = IdenticalRowStage.collapse(jsc, request.checkpoint(), selected, ids, conf);
      ids.destroy();
      timings.record("identical_rows", start);
      int k = request.options().k();
      if (collapse.representativeIds().length < k + 1) {
        throw CausalDensityException.inconsistent(DuplicatePolicy.OPTION, "collapse leaves %d distinct rows of the "
            + "%d selected, fewer than k + 1 = %d", collapse.representativeIds().length, selected.length, k + 1);
      }
      return new MatrixFreeInputs(request, collapse.representativeIds(), collapse.multiplicities(), collapse, metric,
          covarianceRows);
    } finally {
      conf.destroy();
    }
  }
}
