package org.causaldensity.demo;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.torch.TorchSaveWriter;
import org.causaldensity.linalg.Gemm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a synthetic dataset in exactly the notebook's input formats, under {@code <outDir>/inputs/}:
 * <ul>
 *   <li>{@code distances_causal_<N>_full.npy}: N×N float32 causal distances (see {@link CausalDistances} for the
 *       precision, the exact zeros and the bitwise symmetry), computed from the BF16 rows stored in the
 *       checkpoint, so that distances recomputed from the checkpoint and M agree with the matrix;</li>
 *   <li>{@code distances_causal_<N>.pt}: {@code {'token_indices': int64 [N]}}, distinct vocabulary ids in random
 *       order, row i of the matrix being token {@code token_indices[i]};</li>
 *   <li>{@code causal_metric_tensor_demo.pt}: {@code {'M': float32 [d, d]}}, symmetric positive definite;</li>
 *   <li>{@code model/}: a Qwen3-style sharded BF16 safetensors checkpoint with tied embeddings
 *       (see {@link Qwen3Checkpoint}).</li>
 * </ul>
 * The geometry (a clustered shell, a small-norm core, an outer tail, near-duplicates, a tight spot of "untrained"
 * rows and a group of identical padding rows) is described in {@link TokenGeometry}. Everything follows from the
 * seed: the same sizes and seed give the same bytes whatever the thread count (on the same JDK, whose
 * {@code nextGaussian} the draws use).
 */
public final class SyntheticDataset {
  private SyntheticDataset() {}

  private static final Logger LOG = LoggerFactory.getLogger(SyntheticDataset.class);

  static final String INPUTS = "inputs";
  static final String METRIC_FILE = "causal_metric_tensor_demo.pt";
  static final String MODEL_DIR = "model";
  static final String TOKEN_INDICES_KEY = "token_indices";
  static final String METRIC_KEY = "M";

  /** {@code distances_causal_<N>_full.npy}, the notebook's name for the matrix. */
  static String distancesFile(int tokens) {
    return "distances_causal_" + tokens + "_full.npy";
  }

  /** {@code distances_causal_<N>.pt}, the notebook's name for the token indices. */
  static String tokenIndicesFile(int tokens) {
    return "distances_causal_" + tokens + ".pt";
  }

  /** The production torch.save writer: each file a one-entry dict, as the notebook's files are. */
  static final TorchDictSink TORCH_SAVE = new TorchDictSink() {
    @Override
    public void writeInt64Vector(String path, Configuration conf, String key, long[] values) {
      TorchSaveWriter.writeDict(path, conf, Map.of(key, TorchSaveWriter.Tensor.int64(values, values.length)));
    }

    @Override
    public void writeFloat32Matrix(String path, Configuration conf, String key, float[] values, int rows,
        int cols) {
      TorchSaveWriter.writeDict(path, conf, Map.of(key, TorchSaveWriter.Tensor.float32(values, rows, cols)));
    }
  };

  /**
   * Writes the dataset for {@code spec} under {@code <outDir>/inputs/} and returns the paths written. Existing
   * files of the same names are overwritten (the command line decides whether that is allowed); on failure,
   * files already written stay, except an incomplete distance matrix, which is deleted.
   */
  public static DemoFiles write(String outDir, Configuration conf, DemoSpec spec) {
    return write(outDir, conf, spec, TORCH_SAVE, Gemm::multiplyTransposed, CausalDistances.DEFAULT_BLOCK_ROWS);
  }

  /** {@link #write(String, Configuration, DemoSpec)} with the .pt writer, product and row block size given. */
  static DemoFiles write(String outDir, Configuration conf, DemoSpec spec, TorchDictSink torch,
      MatrixProducts products, int blockRows) {
    return writeInto(Qwen3Checkpoint.child(outDir, INPUTS), conf, spec, torch, products, blockRows);
  }

  /**
   * Writes the dataset for {@code spec} straight into {@code inputsDir} (the {@code demo} command gives a staging
   * folder, published afterwards) and returns the paths written.
   */
  public static DemoFiles writeInputs(String inputsDir, Configuration conf, DemoSpec spec) {
    return writeInto(inputsDir, conf, spec, TORCH_SAVE, Gemm::multiplyTransposed, CausalDistances.DEFAULT_BLOCK_ROWS);
  }

  /** The paths of the dataset for {@code spec} in {@code inputsDir}. */
  public static DemoFiles files(String inputsDir, DemoSpec spec) {
    return new DemoFiles(
        Qwen3Checkpoint.child(inputsDir, distancesFile(spec.tokens())),
        Qwen3Checkpoint.child(inputsDir, tokenIndicesFile(spec.tokens())),
        Qwen3Checkpoint.child(inputsDir, METRIC_FILE),
        Qwen3Checkpoint.child(inputsDir, MODEL_DIR));
  }

  private static DemoFiles writeInto(String inputs, Configuration conf, DemoSpec spec, TorchDictSink torch,
      MatrixProducts products, int blockRows) {
    DemoFiles files = files(inputs, spec);
    TokenGeometry geometry = new TokenGeometry(spec.seed(), spec.vocab(), spec.hidden());
    int[] sampled = TokenGeometry.sample(spec.seed(), spec.vocab(), spec.tokens());

    long[] tokenIndices = new long[sampled.length];
    for (int i = 0; i < sampled.length; i++) {
      tokenIndices[i] = sampled[i];
    }
    torch.writeInt64Vector(files.tokenIndices(), conf, TOKEN_INDICES_KEY, tokenIndices);
    torch.writeFloat32Matrix(files.metric(), conf, METRIC_KEY, geometry.metric().toFloat32(), spec.hidden(),
        spec.hidden());

    ExecutorService executor = Executors.newFixedThreadPool(spec.threads(), runnable -> {
      Thread thread = new Thread(runnable, "demo-worker");
      thread.setDaemon(true);
      return thread;
    });
    try {
      long start = System.nanoTime();
      short[] rows = Qwen3Checkpoint.write(files.modelDir(), conf, geometry, sampled, executor, spec.threads());
      LOG.info("demo: checkpoint of {} × {} BF16 written in {} s", spec.vocab(), spec.hidden(), seconds(start));
      start = System.nanoTime();
      CausalDistances.Summary summary = CausalDistances.write(files.distances(), conf, rows, spec.tokens(),
          geometry.metric(), products, executor, spec.threads(), blockRows);
      LOG.info("demo: {} × {} distances written in {} s ({} exact-zero and {} recomputed off-diagonal entries)",
          spec.tokens(), spec.tokens(), seconds(start), summary.identicalEntries(), summary.recomputedEntries());
    } finally {
      executor.shutdownNow();
    }
    return files;
  }

  private static String seconds(long startNanos) {
    return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - startNanos) / 1e9);
  }
}
