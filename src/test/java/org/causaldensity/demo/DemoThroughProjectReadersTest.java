package org.causaldensity.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.inputs.AnalysisInputs;
import org.causaldensity.inputs.AnalysisOptions;
import org.causaldensity.io.npy.NpyMatrix;
import org.causaldensity.io.safetensors.Checkpoint;
import org.causaldensity.io.safetensors.SafetensorsDtype;
import org.causaldensity.io.torch.TorchFile;
import org.causaldensity.linalg.Gemm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo written with the production .pt writer and GEMM, read back through the project's own readers, the way
 * {@code run} reads it: the inputs pass {@link AnalysisInputs}' cross-checks without a warning, and the matrix
 * equals the distances recomputed from the checkpoint's rows (gathered by id) and M.
 */
class DemoThroughProjectReadersTest {
  /** As in SyntheticDatasetTest: expansion entries 1e-5 relative, near neighbours (d² < s/32) 1e-6. */
  private static final double EXPANSION_RELATIVE_TOLERANCE = 1e-5;
  private static final double RECOMPUTED_RELATIVE_TOLERANCE = 1e-6;
  private static final double NEAR_RATIO = 1.0 / 32;
  private static final Configuration CONF = new Configuration();

  @TempDir
  Path out;

  @Test
  void productionWriteIsReadByTheAnalysisInputsAndMatchesItsCheckpoint() {
    DemoSpec spec = new DemoSpec(200, 700, 40, 11, 2);
    // Row blocks of 48: several blocks and GEMM calls in both orientations, as at full scale.
    DemoFiles files = SyntheticDataset.write(out.toString(), CONF, spec, SyntheticDataset.TORCH_SAVE,
        Gemm::multiplyTransposed, 48);
    int n = spec.tokens();
    int d = spec.hidden();

    AnalysisOptions options = AnalysisOptions.defaults(files.distances(), files.tokenIndices(), files.metric(),
        files.modelDir(), out.resolve("results").toString(), false);
    AnalysisInputs inputs = AnalysisInputs.load(options, CONF);
    assertEquals(java.util.List.of(), inputs.warnings());
    Checkpoint checkpoint = inputs.checkpoint();
    assertEquals(Checkpoint.EMBED_TOKENS, checkpoint.tensorName());
    assertEquals(SafetensorsDtype.BF16, checkpoint.dtype());
    assertEquals(spec.vocab(), checkpoint.vocabSize());
    assertEquals(d, checkpoint.hiddenSize());
    long[] ids = inputs.tokenIds();
    assertArrayEquals(TorchFile.read(files.tokenIndices(), CONF).tensor("token_indices").toLongArray(), ids);
    assertArrayEquals(TokenGeometry.sample(spec.seed(), spec.vocab(), n),
        java.util.Arrays.stream(ids).mapToInt(Math::toIntExact).toArray());
    float[] metric = inputs.metric();

    float[] rows = new float[n * d];
    checkpoint.gatherRows(ids, rows, CONF);
    float[] matrix = new float[n * n];
    try (NpyMatrix npy = NpyMatrix.open(files.distances(), CONF)) {
      npy.readRows(0, n, matrix);
    }
    double[] diff = new double[d];
    double[] norms = new double[n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        diff[k] = rows[i * d + k];
      }
      norms[i] = form(metric, diff, d);
    }
    double worstExpansion = 0;
    double worstNear = 0;
    int zeros = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        assertEquals(Float.floatToRawIntBits(matrix[i * n + j]), Float.floatToRawIntBits(matrix[j * n + i]));
        boolean identical = java.util.Arrays.equals(rows, i * d, (i + 1) * d, rows, j * d, (j + 1) * d);
        assertEquals(identical, matrix[i * n + j] == 0f, "d[" + i + "," + j + "]");
        if (identical) {
          zeros += i != j ? 1 : 0;
          continue;
        }
        for (int k = 0; k < d; k++) {
          diff[k] = (double) rows[i * d + k] - rows[j * d + k];
        }
        double squared = form(metric, diff, d);
        double relative = Math.abs(matrix[i * n + j] - Math.sqrt(squared)) / Math.sqrt(squared);
        if (squared < NEAR_RATIO * (norms[i] + norms[j])) {
          worstNear = Math.max(worstNear, relative);
        } else {
          worstExpansion = Math.max(worstExpansion, relative);
        }
      }
    }
    assertTrue(worstExpansion <= EXPANSION_RELATIVE_TOLERANCE, "expansion entries, worst " + worstExpansion);
    assertTrue(worstNear <= RECOMPUTED_RELATIVE_TOLERANCE, "near entries, worst " + worstNear);
    assertTrue(zeros > 0, "identical padding rows sampled");
  }

  private static double form(float[] m, double[] x, int d) {
    double sum = 0;
    for (int k = 0; k < d; k++) {
      double row = 0;
      for (int l = 0; l < d; l++) {
        row += m[k * d + l] * x[l];
      }
      sum += x[k] * row;
    }
    return sum;
  }
}
