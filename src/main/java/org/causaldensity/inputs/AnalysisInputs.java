package org.causaldensity.inputs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.npy.NpyMatrix;
import org.causaldensity.io.rowblocks.RowBlocksManifest;
import org.causaldensity.io.safetensors.Checkpoint;
import org.causaldensity.io.torch.TorchDtype;
import org.causaldensity.io.torch.TorchFile;
import org.causaldensity.io.torch.TorchTensor;

/**
 * The inputs of {@code run}, read and checked against each other before any Spark stage starts: matrix shape,
 * token ids against the matrix and the vocabulary, the metric against the hidden size, k against N.
 */
public final class AnalysisInputs {
  /** Relative asymmetry of M tolerated (float32 inverses are symmetric only to rounding). */
  static final double METRIC_SYMMETRY_TOLERANCE = 1e-4;
  /** Relative difference between d_ij and d_ji above which a sampled pair counts as asymmetric. */
  static final double MATRIX_SYMMETRY_TOLERANCE = 1e-5;
  /** Rows read on the driver to look at the diagonal and at symmetry. */
  static final int SAMPLE_ROWS = 48;

  private final MatrixSource matrix;
  private final long[] tokenIds;
  private final float[] metric;
  private final Checkpoint checkpoint;
  private final List<String> warnings;

  private AnalysisInputs(MatrixSource matrix, long[] tokenIds, float[] metric, Checkpoint checkpoint,
      List<String> warnings) {
    this.matrix = matrix;
    this.tokenIds = tokenIds;
    this.metric = metric;
    this.checkpoint = checkpoint;
    this.warnings = warnings;
  }

  /** The distance matrix: an {@code .npy} file or ingested row blocks, with its size N. */
  public record MatrixSource(String path, boolean rowBlocks, long n) {}

  /** Reads every input's header and small tensors and checks them against each other. */
  public static AnalysisInputs load(AnalysisOptions options, Configuration conf) {
    List<String> warnings = new ArrayList<>();
    MatrixSource matrix = options.distances() == null ? null : openMatrix(options.distances(), conf, warnings);
    if (matrix != null && matrix.n() > Integer.MAX_VALUE - 8) {
      throw CausalDensityException.inconsistent(options.distances(), "N = %d rows is more than this build handles",
          matrix.n());
    }
    long[] tokenIds = readTokenIds(options, matrix == null ? -1 : matrix.n(), conf);
    long n = tokenIds.length;
    OptionLimits.checkK(options.k(), n, Runtime.getRuntime().maxMemory());
    Checkpoint checkpoint = Checkpoint.open(options.model(), conf, options.tensor());
    checkTokenIds(options.tokenIndices(), tokenIds, checkpoint, warnings);
    float[] metric = readMetric(options, checkpoint.hiddenSize(), conf);
    return new AnalysisInputs(matrix, tokenIds, metric, checkpoint, List.copyOf(warnings));
  }

  /**
   * The matrix-free path's inputs once {@code spark.MatrixFreeSetup} has settled them: the ids to analyse (after any
   * collapse) and M (estimated, read, or the identity written out), with the request's checkpoint and warnings.
   */
  public static AnalysisInputs matrixFree(MatrixFreeInputs prepared) {
    return new AnalysisInputs(null, prepared.tokenIds(), prepared.metricOrIdentity(), prepared.checkpoint(),
        prepared.request().warnings());
  }

  /**
   * The matrix-free path's inputs as requested, before Spark (for {@code --explain}): the selected ids, before any
   * collapse, and M only when read from a file (null for {@code estimate} and {@code identity}).
   */
  public static AnalysisInputs requested(MatrixFreeRequest request) {
    return new AnalysisInputs(null, request.selectedIds(), request.metricFromFile(), request.checkpoint(),
        request.warnings());
  }

  private static MatrixSource openMatrix(String path, Configuration conf, List<String> warnings) {
    if (RowBlocksManifest.isRowBlocks(path, conf)) {
      RowBlocksManifest manifest = RowBlocksManifest.read(path, conf);
      return new MatrixSource(path, true, manifest.n());
    }
    try (NpyMatrix npy = NpyMatrix.open(path, conf)) {
      sampleDiagonalAndSymmetry(npy, warnings);
      return new MatrixSource(path, false, npy.size());
    }
  }

  /** Reads a few rows evenly spread over the matrix and warns about a non-zero diagonal or asymmetry. */
  static void sampleDiagonalAndSymmetry(NpyMatrix npy, List<String> warnings) {
    int n = npy.size();
    int samples = Math.min(SAMPLE_ROWS, n);
    int[] rows = new int[samples];
    for (int s = 0; s < samples; s++) {
      rows[s] = (int) ((long) s * n / samples);
    }
    float[][] sampled = new float[samples][n];
    for (int s = 0; s < samples; s++) {
      npy.readRows(rows[s], 1, sampled[s]);
    }
    int nonZeroDiagonal = 0;
    int asymmetric = 0;
    int pairs = 0;
    for (int a = 0; a < samples; a++) {
      if (sampled[a][rows[a]] != 0f) {
        nonZeroDiagonal++;
      }
      for (int b = a + 1; b < samples; b++) {
        float ab = sampled[a][rows[b]];
        float ba = sampled[b][rows[a]];
        pairs++;
        double scale = Math.max(Math.abs(ab), Math.abs(ba));
        if (Math.abs(ab - ba) > MATRIX_SYMMETRY_TOLERANCE * scale) {
          asymmetric++;
        }
      }
    }
    if (nonZeroDiagonal > 0) {
      warnings.add(String.format(Locale.ROOT, "%s: %d of %d sampled rows have a non-zero diagonal entry "
          + "(self is excluded by index all the same)", npy.path(), nonZeroDiagonal, samples));
    }
    if (asymmetric > 0) {
      warnings.add(String.format(Locale.ROOT, "%s: %d of %d sampled pairs have d_ij != d_ji beyond a relative %.0e "
          + "(each row's own distances are used)", npy.path(), asymmetric, pairs, MATRIX_SYMMETRY_TOLERANCE));
    }
  }

  private static long[] readTokenIds(AnalysisOptions options, long n, Configuration conf) {
    long[] ids = readTokenIds(options, conf);
    if (n >= 0 && ids.length != n) {
      throw CausalDensityException.inconsistent(options.tokenIndices(),
          "'%s' has %d entries but the distance matrix %s has %d rows", options.tokenIndicesKey(), ids.length,
          options.distances(), n);
    }
    return ids;
  }

  /** The 1-D ids of {@code --token-indices}, in the file's order. */
  static long[] readTokenIds(AnalysisOptions options, Configuration conf) {
    TorchTensor tensor = TorchFile.read(options.tokenIndices(), conf).tensor(options.tokenIndicesKey());
    if (tensor.shape().length != 1) {
      throw CausalDensityException.inconsistent(options.tokenIndices(), "'%s' must be 1-D, has shape %s",
          options.tokenIndicesKey(), Arrays.toString(tensor.shape()));
    }
    if (tensor.dtype() == TorchDtype.BOOL) {
      throw CausalDensityException.inconsistent(options.tokenIndices(), "'%s' is a bool tensor; token ids must be "
          + "integers", options.tokenIndicesKey());
    }
    return tensor.toLongArray();
  }

  static void checkTokenIds(String path, long[] ids, Checkpoint checkpoint, List<String> warnings) {
    long vocab = checkpoint.vocabSize();
    int outside = 0;
    int first = -1;
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= vocab) {
        if (outside++ == 0) {
          first = i;
        }
      }
    }
    if (outside > 0) {
      throw CausalDensityException.inconsistent(path, "%d token ids lie outside the vocabulary [0, %d) of %s; "
          + "the first is row %d with id %d", outside, vocab, checkpoint.tensorName(), first, ids[first]);
    }
    long[] sorted = ids.clone();
    Arrays.sort(sorted);
    int repeated = 0;
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] == sorted[i - 1]) {
        repeated++;
      }
    }
    if (repeated > 0) {
      warnings.add(String.format(Locale.ROOT, "%s: %d rows repeat a token id already sampled", path, repeated));
    }
  }

  static float[] readMetric(AnalysisOptions options, int hidden, Configuration conf) {
    TorchTensor tensor = TorchFile.read(options.metric(), conf).tensor(options.metricKey());
    long[] shape = tensor.shape();
    if (shape.length != 2 || shape[0] != shape[1]) {
      throw CausalDensityException.inconsistent(options.metric(), "'%s' must be a square d×d matrix, has shape %s",
          options.metricKey(), Arrays.toString(shape));
    }
    if (shape[0] != hidden) {
      throw CausalDensityException.inconsistent(options.metric(), "'%s' is %d×%d but the model's hidden size is %d",
          options.metricKey(), shape[0], shape[1], hidden);
    }
    float[] m = tensor.toFloatArray();
    checkMetricValues(options.metric(), m, hidden);
    return m;
  }

  static void checkMetricValues(String path, float[] m, int d) {
    double maxAbs = 0;
    int nonFinite = 0;
    for (float v : m) {
      if (!Float.isFinite(v)) {
        nonFinite++;
      } else {
        maxAbs = Math.max(maxAbs, Math.abs(v));
      }
    }
    if (nonFinite > 0) {
      throw CausalDensityException.inconsistent(path, "the metric has %d NaN or infinite entries", nonFinite);
    }
    double worst = 0;
    int wi = 0;
    int wj = 0;
    for (int i = 0; i < d; i++) {
      for (int j = i + 1; j < d; j++) {
        double diff = Math.abs(m[i * d + j] - m[j * d + i]);
        if (diff > worst) {
          worst = diff;
          wi = i;
          wj = j;
        }
      }
    }
    if (worst > METRIC_SYMMETRY_TOLERANCE * maxAbs) {
      throw CausalDensityException.inconsistent(path, "the metric is not symmetric: |M[%d,%d] - M[%d,%d]| = %.3g "
          + "exceeds %.0e × max|M| = %.3g", wi, wj, wj, wi, worst, METRIC_SYMMETRY_TOLERANCE,
          METRIC_SYMMETRY_TOLERANCE * maxAbs);
    }
  }

  /** The distance matrix given, or null when the distances are computed from the checkpoint (matrix-free). */
  public MatrixSource matrix() {
    return matrix;
  }

  /** How many tokens (matrix rows, or token ids when no matrix is given). */
  public int n() {
    return tokenIds.length;
  }

  /** The vocabulary id of each matrix row. */
  public long[] tokenIds() {
    return tokenIds;
  }

  /** The d×d metric, row-major. */
  public float[] metric() {
    return metric;
  }

  public Checkpoint checkpoint() {
    return checkpoint;
  }

  /** Problems worth telling that do not stop the run. */
  public List<String> warnings() {
    return warnings;
  }
}
