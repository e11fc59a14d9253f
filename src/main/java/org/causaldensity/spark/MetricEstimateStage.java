package org.causaldensity.spark;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.causaldensity.answer.CovarianceAccumulator;
import org.causaldensity.io.safetensors.Checkpoint;
import org.causaldensity.io.torch.TorchSaveWriter;
import org.causaldensity.norms.MetricEstimate;

/**
 * {@code --metric estimate}: the covariance of every vocabulary row of the unembedding, in float64, as a Spark stage
 * (each task gathers its ranges of rows from the checkpoint and folds them into one accumulator; only one packed d×d
 * triangle per partition reaches the driver), then M = (Cov + λI)⁻¹ on the driver ({@link MetricEstimate}), written
 * in torch.save format with key {@code M} (float32).
 */
public final class MetricEstimateStage {
  private MetricEstimateStage() {}

  /** The covariance of rows [0, vocab) of the checkpoint's unembedding. */
  static CovarianceAccumulator covariance(JavaSparkContext jsc, Checkpoint checkpoint, Broadcast<HadoopConf> conf) {
    int d = checkpoint.hiddenSize();
    List<RowRange> ranges = RowRange.split(checkpoint.vocabSize(),
        RowRange.rowsFitting(d, CausalNormStage.GATHER_BYTES));
    int slices = Math.max(1, Math.min(ranges.size(), jsc.defaultParallelism()));
    return jsc.parallelize(ranges, slices)
        .mapPartitions(it -> List.of(partOf(it, checkpoint, conf.value())).iterator())
        .treeReduce(CovarianceAccumulator::merge, 2);
  }

  /**
   * M = (Cov(γ) + λI)⁻¹ over every vocabulary row, as float32 row-major d×d; written to {@code path} (torch.save,
   * {@code {"M": float32[d, d]}}) when {@code path} is not null. Errors as {@link MetricEstimate#of}.
   */
  public static float[] estimate(JavaSparkContext jsc, Checkpoint checkpoint, double ridge, String path) {
    Broadcast<HadoopConf> conf = jsc.broadcast(new HadoopConf(jsc.hadoopConfiguration()));
    try {
      return estimate(jsc, checkpoint, ridge, path, conf);
    } finally {
      conf.destroy();
    }
  }

  static float[] estimate(JavaSparkContext jsc, Checkpoint checkpoint, double ridge, String path,
      Broadcast<HadoopConf> conf) {
    CovarianceAccumulator covariance = covariance(jsc, checkpoint, conf);
    float[] m = MetricEstimate.of(covariance, ridge, checkpoint.location() + " (" + checkpoint.tensorName() + ")");
    if (path != null) {
      int d = checkpoint.hiddenSize();
      TorchSaveWriter.writeDict(path, conf.value().get(), Map.of("M", TorchSaveWriter.Tensor.float32(m, d, d)));
    }
    return m;
  }

  private static CovarianceAccumulator partOf(Iterator<RowRange> ranges, Checkpoint checkpoint, HadoopConf conf) {
    int d = checkpoint.hiddenSize();
    CovarianceAccumulator part = new CovarianceAccumulator(d);
    float[] gamma = new float[0];
    while (ranges.hasNext()) {
      RowRange range = ranges.next();
      long[] ids = new long[range.count()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = range.first() + i;
      }
      if (gamma.length < ids.length * d) {
        gamma = new float[ids.length * d];
      }
      checkpoint.gatherRows(ids, gamma, conf.get());
      part.add(gamma, ids.length);
    }
    return part;
  }
}
