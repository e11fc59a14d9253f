package org.causaldensity.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.causaldensity.io.safetensors.Checkpoint;
import org.causaldensity.norms.CausalNorms;
import scala.Tuple2;

/**
 * γᵢᵀ M γᵢ for every sampled token: each task gathers only the unembedding rows of its tokens from the checkpoint
 * and multiplies them with the broadcast metric. Only the N results come back to the driver.
 */
final class CausalNormStage {
  /** Bytes of unembedding rows (as float32) a task gathers at once. */
  static final long GATHER_BYTES = 16L << 20;

  private CausalNormStage() {}

  /** The squared causal norm of each row's token, by row. */
  static double[] squaredNorms(JavaSparkContext jsc, Checkpoint checkpoint, Broadcast<long[]> tokenIds,
      Broadcast<float[]> metric, Broadcast<HadoopConf> conf) {
    int n = tokenIds.value().length;
    int d = checkpoint.hiddenSize();
    int rowsPerTask = (int) Math.max(1, Math.min(n, GATHER_BYTES / (4L * d)));
    List<RowRange> ranges = RowRange.split(n, rowsPerTask);
    List<Tuple2<Long, double[]>> parts = jsc.parallelize(ranges, ranges.size())
        .mapPartitions(it -> normsOf(it, checkpoint, tokenIds.value(), metric.value(), conf.value()))
        .collect();
    double[] squared = new double[n];
    for (Tuple2<Long, double[]> part : parts) {
      System.arraycopy(part._2(), 0, squared, (int) (long) part._1(), part._2().length);
    }
    return squared;
  }

  private static Iterator<Tuple2<Long, double[]>> normsOf(Iterator<RowRange> ranges, Checkpoint checkpoint,
      long[] tokenIds, float[] metric, HadoopConf conf) {
    int d = checkpoint.hiddenSize();
    List<Tuple2<Long, double[]>> out = new ArrayList<>();
    while (ranges.hasNext()) {
      RowRange range = ranges.next();
      long[] ids = Arrays.copyOfRange(tokenIds, (int) range.first(), (int) range.first() + range.count());
      float[] gamma = new float[range.count() * d];
      checkpoint.gatherRows(ids, gamma, conf.get());
      out.add(new Tuple2<>(range.first(), CausalNorms.squaredNorms(gamma, range.count(), d, metric)));
    }
    return out.iterator();
  }
}
