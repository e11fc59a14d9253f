package org.causaldensity.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.causaldensity.answer.CovarianceAccumulator;
import org.causaldensity.inputs.AnalysisInputs;
import org.causaldensity.inputs.AnalysisOptions;
import org.causaldensity.inputs.CausalNormCheck;
import org.causaldensity.io.safetensors.Checkpoint;
import org.causaldensity.linalg.Scatter;
import org.causaldensity.norms.CausalNorms;

/**
 * γᵢᵀ M γᵢ for every sampled token: each task gathers only the unembedding rows of its tokens from the checkpoint
 * and multiplies them with the broadcast metric. The same rows feed the covariance of the sampled embeddings (for
 * the participation ratio). Only N numbers and one d×d covariance come back to the driver.
 */
final class CausalNormStage {
  /** Bytes of unembedding rows (as float32) a task gathers at once. */
  static final long GATHER_BYTES = 16L << 20;

  private CausalNormStage() {}

  /** Squared causal norms by row, and the covariance of the sampled embedding rows. */
  record Result(double[] squaredNorms, CovarianceAccumulator covariance) {}

  /** Causal norms by row, and the covariance of the sampled embedding rows. */
  record Norms(double[] norms, CovarianceAccumulator covariance) {}

  /**
   * ‖γ‖_M of every sampled token, with the metric broadcast for the stage only. A negative, NaN or infinite γᵀMγ is
   * refused by {@link CausalNormCheck}, which blames the unembedding or the metric file, whichever is at fault.
   */
  static Norms run(JavaSparkContext jsc, AnalysisInputs inputs, AnalysisOptions options, Broadcast<HadoopConf> conf) {
    Broadcast<long[]> ids = jsc.broadcast(inputs.tokenIds());
    Broadcast<float[]> metric = jsc.broadcast(inputs.metric());
    Result result = compute(jsc, inputs.checkpoint(), ids, metric, conf);
    metric.destroy();
    double[] squared = result.squaredNorms();
    CausalNormCheck.check(squared, inputs, options, jsc.hadoopConfiguration());
    double[] norms = new double[squared.length];
    for (int i = 0; i < squared.length; i++) {
      norms[i] = Math.sqrt(squared[i]);
    }
    return new Norms(norms, result.covariance());
  }

  static Result compute(JavaSparkContext jsc, Checkpoint checkpoint, Broadcast<long[]> tokenIds,
      Broadcast<float[]> metric, Broadcast<HadoopConf> conf) {
    int n = tokenIds.value().length;
    int d = checkpoint.hiddenSize();
    int rowsPerTask = RowRange.rowsFitting(d, GATHER_BYTES);
    List<RowRange> ranges = RowRange.split(n, rowsPerTask);
    // One partition per core: each folds its ranges into one d×d covariance, and only those (26 MB each at d = 2560,
    // the upper triangle) travel to the driver.
    int slices = Math.max(1, Math.min(ranges.size(), jsc.defaultParallelism()));
    Part total = jsc.parallelize(ranges, slices)
        .mapPartitions(it -> List.of(partOf(it, checkpoint, tokenIds.value(), metric.value(), conf.value()))
            .iterator())
        .treeReduce(Part::merge, 2);
    double[] squared = new double[n];
    for (int i = 0; i < total.firstRows.size(); i++) {
      double[] part = total.squares.get(i);
      System.arraycopy(part, 0, squared, (int) (long) total.firstRows.get(i), part.length);
    }
    return new Result(squared, total.covariance);
  }

  private static Part partOf(Iterator<RowRange> ranges, Checkpoint checkpoint, long[] tokenIds, float[] metric,
      HadoopConf conf) {
    int d = checkpoint.hiddenSize();
    Part part = new Part(d);
    double[] mean = new double[d];
    // Buffers reused by every range of this partition: the rows, their centred copy and one float d×d product.
    float[] gamma = new float[0];
    float[] centred = new float[0];
    float[] product = new float[d * d];
    while (ranges.hasNext()) {
      RowRange range = ranges.next();
      long[] ids = Arrays.copyOfRange(tokenIds, (int) range.first(), (int) range.first() + range.count());
      int size = range.count() * d;
      if (gamma.length < size) {
        gamma = new float[size];
        centred = new float[size];
      }
      checkpoint.gatherRows(ids, gamma, conf.get());
      part.firstRows.add(range.first());
      part.squares.add(CausalNorms.squaredNorms(gamma, range.count(), d, metric));
      Scatter.upper(gamma, range.count(), d, mean, centred, product, 1);
      part.covariance.addScatterUpper(range.count(), mean, product);
    }
    return part;
  }

  /** What one or more tasks computed: squared norms by first row, and their embeddings' covariance. */
  static final class Part implements Serializable {
    private static final long serialVersionUID = 1L;
    final List<Long> firstRows = new ArrayList<>();
    final List<double[]> squares = new ArrayList<>();
    final CovarianceAccumulator covariance;

    Part(int d) {
      covariance = new CovarianceAccumulator(d);
    }

    Part merge(Part other) {
      firstRows.addAll(other.firstRows);
      squares.addAll(other.squares);
      covariance.merge(other.covariance);
      return this;
    }
  }
}
