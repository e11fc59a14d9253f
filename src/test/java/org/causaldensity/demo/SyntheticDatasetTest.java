package org.causaldensity.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.HalfFloats;
import org.causaldensity.testing.SystemPython;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo dataset at a small size (N = 300 of a 900-row vocabulary, d = 48, row blocks of 64 so that the
 * matrix spans 5 blocks, the last one partial), read back from the files and checked against double-precision
 * brute force from the BF16 rows in the checkpoint and the float32 M as stored.
 */
class SyntheticDatasetTest {
  /** Stated precision of entries from the GEMM expansion (CausalDistances: 8u, u ≈ 1e-6). */
  private static final double EXPANSION_RELATIVE_TOLERANCE = 1e-5;
  /** Entries recomputed from differences: float32 rounding plus the rounding of M to float32. */
  private static final double RECOMPUTED_RELATIVE_TOLERANCE = 1e-6;
  /**
   * Near neighbours: d² below this fraction of ‖γi‖²_M + ‖γj‖²_M. Half the code's recompute threshold (1/16), so
   * these pairs are recomputed whatever the expansion's error, and must meet the tighter tolerance.
   */
  private static final double NEAR_RATIO = 1.0 / 32;
  private static final DemoSpec SPEC = new DemoSpec(300, 900, 48, 7, 2);
  private static final int BLOCK_ROWS = 64;
  private static final Configuration CONF = new Configuration();

  @TempDir
  static Path out;

  private static DemoFiles files;
  private static RecordingTorchSink torch;
  private static int n;
  private static int d;
  private static float[] distances;
  private static long[] tokenIndices;
  private static float[] metric;
  /** BF16 rows of the sampled tokens, read back from the checkpoint through its index. */
  private static short[][] rows;
  /** Brute force in double: exact[i*n+j] = sqrt((γi−γj)ᵀ M (γi−γj)), and causal norms² ‖γi‖²_M. */
  private static double[] exact;
  private static double[] normsSquared;

  @BeforeAll
  static void writeAndReadBack() {
    torch = new RecordingTorchSink();
    files = SyntheticDataset.write(out.toString(), CONF, SPEC, torch, new PlainProducts(false), BLOCK_ROWS);
    n = SPEC.tokens();
    d = SPEC.hidden();
    distances = ReadBack.npySquare(Path.of(files.distances()), n);
    RecordingTorchSink.Entry indices = torch.written.get(files.tokenIndices());
    assertEquals("token_indices", indices.key());
    assertArrayEquals(new long[] {n}, indices.shape());
    tokenIndices = (long[]) indices.data();
    RecordingTorchSink.Entry m = torch.written.get(files.metric());
    assertEquals("M", m.key());
    assertArrayEquals(new long[] {d, d}, m.shape());
    metric = (float[]) m.data();

    Path model = Path.of(files.modelDir());
    String shard = ReadBack.json(model.resolve("model.safetensors.index.json")).get("weight_map")
        .get("model.embed_tokens.weight").asText();
    ReadBack.Safetensors embedding = ReadBack.Safetensors.of(model.resolve(shard));
    rows = new short[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = embedding.bf16Row("model.embed_tokens.weight", (int) tokenIndices[i]);
    }
    exact = new double[n * n];
    normsSquared = new double[n];
    double[] gamma = new double[d];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        gamma[k] = HalfFloats.fromBfloat16(rows[i][k]);
      }
      normsSquared[i] = quadraticForm(gamma);
      for (int j = 0; j < i; j++) {
        for (int k = 0; k < d; k++) {
          gamma[k] = (double) HalfFloats.fromBfloat16(rows[i][k]) - HalfFloats.fromBfloat16(rows[j][k]);
        }
        exact[i * n + j] = exact[j * n + i] = Math.sqrt(quadraticForm(gamma));
      }
    }
  }

  private static double quadraticForm(double[] x) {
    double sum = 0;
    for (int k = 0; k < d; k++) {
      double row = 0;
      for (int l = 0; l < d; l++) {
        row += metric[k * d + l] * x[l];
      }
      sum += x[k] * row;
    }
    return sum;
  }

  @Test
  void filesHaveTheNotebooksNamesUnderInputs() {
    Path inputs = out.resolve("inputs");
    assertEquals(inputs.resolve("distances_causal_300_full.npy").toString(), Path.of(files.distances()).toString());
    assertEquals(inputs.resolve("distances_causal_300.pt").toString(), Path.of(files.tokenIndices()).toString());
    assertEquals(inputs.resolve("causal_metric_tensor_demo.pt").toString(), Path.of(files.metric()).toString());
    assertEquals(inputs.resolve("model").toString(), Path.of(files.modelDir()).toString());
  }

  @Test
  void distancesEqualDoublePrecisionBruteForceFromTheStoredRowsAndMetric() {
    assertTrue(NEAR_RATIO <= CausalDistances.EXACT_BELOW / 2, "test zone inside the recomputed zone");
    double worstExpansion = 0;
    double worstRecomputed = 0;
    int recomputedZone = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i == j || exact[i * n + j] == 0) {
          continue;
        }
        double relative = Math.abs(distances[i * n + j] - exact[i * n + j]) / exact[i * n + j];
        double squared = exact[i * n + j] * exact[i * n + j];
        if (squared < NEAR_RATIO * (normsSquared[i] + normsSquared[j])) {
          recomputedZone++;
          worstRecomputed = Math.max(worstRecomputed, relative);
        } else {
          worstExpansion = Math.max(worstExpansion, relative);
        }
      }
    }
    assertTrue(worstExpansion <= EXPANSION_RELATIVE_TOLERANCE, "expansion entries: worst relative error "
        + worstExpansion);
    assertTrue(worstRecomputed <= RECOMPUTED_RELATIVE_TOLERANCE, "recomputed entries: worst relative error "
        + worstRecomputed);
    assertTrue(recomputedZone > 0, "the geometry's near-duplicates must give near-neighbour pairs");
  }

  @Test
  void zeroExactlyOnTheDiagonalAndBetweenIdenticalRowsAndNowhereElse() {
    int identicalPairs = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        boolean identical = Arrays.equals(rows[i], rows[j]);
        float value = distances[i * n + j];
        assertEquals(identical, value == 0f, "d[" + i + "," + j + "] = " + value);
        assertEquals(0, Float.floatToRawIntBits(value) >>> 31, "d[" + i + "," + j + "] is negative or -0");
        if (identical && i != j) {
          identicalPairs++;
        }
      }
    }
    assertTrue(identicalPairs >= 2, "this seed samples several identical padding rows, found pairs: "
        + identicalPairs);
  }

  @Test
  void matrixIsBitwiseSymmetric() {
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        assertEquals(Float.floatToRawIntBits(distances[i * n + j]), Float.floatToRawIntBits(distances[j * n + i]),
            "d[" + i + "," + j + "] vs d[" + j + "," + i + "]");
      }
    }
  }

  @Test
  void matrixIsSymmetricEvenWhenTheProductIsNot(@TempDir Path dir) {
    DemoSpec spec = new DemoSpec(100, 300, 24, 5, 2);
    DemoFiles small = SyntheticDataset.write(dir.toString(), CONF, spec, new RecordingTorchSink(),
        new PlainProducts(true), 32);
    float[] matrix = ReadBack.npySquare(Path.of(small.distances()), 100);
    for (int i = 0; i < 100; i++) {
      for (int j = 0; j < i; j++) {
        assertEquals(Float.floatToRawIntBits(matrix[i * 100 + j]), Float.floatToRawIntBits(matrix[j * 100 + i]));
      }
    }
  }

  @Test
  void metricIsSymmetricPositiveDefiniteAndNotDiagonal() {
    double[] l = new double[d * d]; // Cholesky M = L Lᵀ in double: fails (non-positive pivot) unless PD
    double maxOffDiagonal = 0;
    double maxDiagonal = 0;
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        assertEquals(metric[i * d + j], metric[j * d + i], "M[" + i + "," + j + "]");
        if (i != j) {
          maxOffDiagonal = Math.max(maxOffDiagonal, Math.abs(metric[i * d + j]));
        }
      }
      maxDiagonal = Math.max(maxDiagonal, metric[i * d + i]);
      for (int j = 0; j <= i; j++) {
        double sum = metric[i * d + j];
        for (int k = 0; k < j; k++) {
          sum -= l[i * d + k] * l[j * d + k];
        }
        if (i == j) {
          assertTrue(sum > 0, "Cholesky pivot " + i + " = " + sum);
          l[i * d + i] = Math.sqrt(sum);
        } else {
          l[i * d + j] = sum / l[j * d + j];
        }
      }
    }
    assertTrue(maxOffDiagonal > 0.05 * maxDiagonal, "M is nearly diagonal: " + maxOffDiagonal + " vs "
        + maxDiagonal);
  }

  @Test
  void tokenIndicesAreDistinctVocabularyIdsInRandomOrder() {
    Set<Long> seen = new HashSet<>();
    boolean sorted = true;
    for (int i = 0; i < n; i++) {
      assertTrue(tokenIndices[i] >= 0 && tokenIndices[i] < SPEC.vocab(), "id " + tokenIndices[i]);
      assertTrue(seen.add(tokenIndices[i]), "id " + tokenIndices[i] + " twice");
      sorted &= i == 0 || tokenIndices[i - 1] < tokenIndices[i];
    }
    assertFalse(sorted);
  }

  @Test
  void checkpointIsAShardedTiedBf16Qwen3Checkpoint() {
    Path model = Path.of(files.modelDir());
    JsonNode config = ReadBack.json(model.resolve("config.json"));
    assertEquals("Qwen3ForCausalLM", config.get("architectures").get(0).asText());
    assertEquals("qwen3", config.get("model_type").asText());
    assertEquals(d, config.get("hidden_size").asInt());
    assertEquals(SPEC.vocab(), config.get("vocab_size").asInt());
    assertTrue(config.get("tie_word_embeddings").asBoolean());
    assertEquals("bfloat16", config.get("torch_dtype").asText());

    JsonNode index = ReadBack.json(model.resolve("model.safetensors.index.json"));
    Set<String> shards = new HashSet<>();
    long totalBytes = 0;
    for (Iterator<String> names = index.get("weight_map").fieldNames(); names.hasNext();) {
      String name = names.next();
      String shard = index.get("weight_map").get(name).asText();
      assertTrue(shard.matches("model-0000[1-2]-of-00002\\.safetensors"), shard);
      shards.add(shard);
      ReadBack.Safetensors file = ReadBack.Safetensors.of(model.resolve(shard));
      assertEquals(0, file.dataStart() % 8, "header padding of " + shard);
      JsonNode tensor = file.header().get(name);
      assertEquals("BF16", tensor.get("dtype").asText());
      long bytes = tensor.get("data_offsets").get(1).asLong() - tensor.get("data_offsets").get(0).asLong();
      long elements = 1;
      for (JsonNode dim : tensor.get("shape")) {
        elements *= dim.asLong();
      }
      assertEquals(2 * elements, bytes, name);
      assertEquals(file.bytes().length - file.dataStart(), bytes, "only " + name + " in " + shard);
      assertEquals("pt", file.header().get("__metadata__").get("format").asText());
      totalBytes += bytes;
    }
    assertEquals(2, shards.size());
    assertEquals(Set.of("model.embed_tokens.weight", "model.norm.weight"),
        Set.copyOf(iterableToList(index.get("weight_map").fieldNames())));
    assertEquals(totalBytes, index.get("metadata").get("total_size").asLong());
    assertEquals(2L * SPEC.vocab() * d + 2L * d, totalBytes);
  }

  private static java.util.List<String> iterableToList(Iterator<String> names) {
    java.util.List<String> list = new java.util.ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }

  @Test
  void geometryHasAShellACoreAnOuterTailAndNearDuplicates() {
    double[] norms = new double[n];
    for (int i = 0; i < n; i++) {
      norms[i] = Math.sqrt(normsSquared[i]);
    }
    double[] sorted = norms.clone();
    Arrays.sort(sorted);
    double median = sorted[n / 2];
    assertEquals(TokenGeometry.SHELL_NORM, median, 0.05 * TokenGeometry.SHELL_NORM, "median causal norm");
    int core = 0;
    int outer = 0;
    for (double norm : norms) {
      core += norm < 0.5 * median ? 1 : 0;
      outer += norm > 1.2 * median ? 1 : 0;
    }
    assertTrue(core >= 0.03 * n && core <= 0.15 * n, "core tokens: " + core);
    assertTrue(outer >= 0.01 * n && outer <= 0.10 * n, "outer tokens: " + outer);
    double smallestNonZero = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n * n; i++) {
      if (distances[i] > 0) {
        smallestNonZero = Math.min(smallestNonZero, distances[i]);
      }
    }
    assertTrue(smallestNonZero < 0.02 * median, "no near-duplicates: smallest distance " + smallestNonZero);
  }

  @Test
  void sameSeedGivesTheSameBytesAndAnotherSeedOthers(@TempDir Path dir) {
    DemoSpec spec = new DemoSpec(40, 100, 16, 3, 2);
    DemoSpec reordered = new DemoSpec(40, 100, 16, 3, 1); // thread count must not matter
    DemoSpec other = new DemoSpec(40, 100, 16, 4, 2);
    byte[][] first = bytesOf(dir.resolve("a"), spec);
    byte[][] second = bytesOf(dir.resolve("b"), reordered);
    byte[][] third = bytesOf(dir.resolve("c"), other);
    for (int f = 0; f < first.length; f++) {
      assertArrayEquals(first[f], second[f], "file " + f);
      assertFalse(Arrays.equals(first[f], third[f]), "file " + f + " ignores the seed");
    }
  }

  private static byte[][] bytesOf(Path dir, DemoSpec spec) {
    DemoFiles written = SyntheticDataset.write(dir.toString(), CONF, spec, new RecordingTorchSink(),
        new PlainProducts(false), 16);
    Path model = Path.of(written.modelDir());
    return new byte[][] {ReadBack.read(Path.of(written.distances())),
        ReadBack.read(model.resolve(Qwen3Checkpoint.EMBEDDING_SHARD)),
        ReadBack.read(model.resolve(Qwen3Checkpoint.NORM_SHARD))};
  }

  @Test
  void numpyReadsTheMatrixAndCheckpointAndAgreesWithItsOwnBruteForce() throws Exception {
    SystemPython.assumeModules("numpy");
    Path metricFile = out.resolve("metric.raw");
    ByteBuffer bytes = ByteBuffer.allocate(4 * d * d).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(metric);
    Files.write(metricFile, bytes.array());
    Path idsFile = out.resolve("ids.raw");
    ByteBuffer ids = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
    ids.asLongBuffer().put(tokenIndices);
    Files.write(idsFile, ids.array());
    String result = SystemPython.run(String.join("\n",
        "import sys, json, struct, os, numpy as np",
        "npy, model, metric, ids = sys.argv[1:5]",
        "D = np.load(npy)",
        "index = json.load(open(os.path.join(model, 'model.safetensors.index.json')))",
        "shard = open(os.path.join(model, index['weight_map']['model.embed_tokens.weight']), 'rb').read()",
        "(h,) = struct.unpack('<Q', shard[:8]); t = json.loads(shard[8:8 + h])['model.embed_tokens.weight']",
        "s, e = t['data_offsets']",
        "bits = np.frombuffer(shard[8 + h + s:8 + h + e], dtype='<u2').reshape(t['shape'])",
        "E = (bits.astype(np.uint32) << 16).view(np.float32).astype(np.float64)",
        "M = np.fromfile(metric, dtype='<f4').astype(np.float64).reshape(E.shape[1], E.shape[1])",
        "g = E[np.fromfile(ids, dtype='<i8')]",
        "diff = g[:, None, :] - g[None, :, :]",
        "exact = np.sqrt(np.maximum(np.einsum('ijk,kl,ijl->ij', diff, M, diff), 0))",
        "nz = exact > 0",
        "assert np.array_equal(D == 0, ~nz), 'zeros differ'",
        "print(D.shape[0], np.max(np.abs(D[nz] - exact[nz]) / exact[nz]))"),
        files.distances(), files.modelDir(), metricFile.toString(), idsFile.toString());
    String[] fields = result.trim().split(" ");
    assertEquals(Integer.toString(n), fields[0]);
    assertTrue(Double.parseDouble(fields[1]) <= EXPANSION_RELATIVE_TOLERANCE, "numpy's worst relative error "
        + fields[1]);
  }
}
