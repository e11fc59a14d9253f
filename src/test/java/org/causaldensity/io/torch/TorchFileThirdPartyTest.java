package org.causaldensity.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;
import org.junit.jupiter.api.Test;

/**
 * Files nobody on this project wrote: burn's and candle's reader fixtures and a real nanoGPT checkpoint. Values are
 * those their generating scripts state (burn's test_data.py, candle's tests); random ones are checked by shape,
 * dtype and structure.
 */
class TorchFileThirdPartyTest {
  private static final String BURN = "burn@2c06be35/crates/burn-store/src/pytorch/tests/reader/test_data/";
  private static final String BURN_MODELS = "burn@2c06be35/crates/burn-store/pytorch-tests/tests/";
  private static final Configuration CONF = new Configuration();
  /** float32 literals in burn's script are rounded to float, then compared exactly. */
  private static final double EXACT = 0.0;

  private static TorchFile read(String relative) {
    return TorchFile.read(TorchFixtures.shared(relative).toString(), CONF);
  }

  @Test
  void burnFilesHoldTheValuesTheirScriptSaved() {
    assertArrayEquals(new float[] {1.0f, 2.5f, -3.7f, 0.0f}, read(BURN + "float32.pt").tensor("tensor").toFloatArray());
    assertArrayEquals(new double[] {1.1, 2.2, 3.3}, read(BURN + "float64.pt").tensor("tensor").toDoubleArray(),
        EXACT);
    assertArrayEquals(new long[] {100, -200, 300, 0}, read(BURN + "int64.pt").tensor("tensor").toLongArray());
    assertArrayEquals(new long[] {10, 20, -30}, read(BURN + "int32.pt").tensor("tensor").toLongArray());
    assertArrayEquals(new long[] {1000, -2000, 3000}, read(BURN + "int16.pt").tensor("tensor").toLongArray());
    assertArrayEquals(new long[] {127, -128, 0, 50}, read(BURN + "int8.pt").tensor("tensor").toLongArray());
    assertArrayEquals(new long[] {0, 128, 255, 42}, read(BURN + "uint8.pt").tensor("tensor").toLongArray());
    assertArrayEquals(new long[] {1, 0, 1, 1, 0}, read(BURN + "bool.pt").tensor("tensor").toLongArray());
    assertArrayEquals(new float[] {1.5f, -2.25f, 3.125f}, read(BURN + "float16.pt").tensor("tensor").toFloatArray());
    TorchTensor bf16 = read(BURN + "bfloat16.pt").tensor("tensor");
    assertEquals(TorchDtype.BFLOAT16, bf16.dtype());
    assertArrayEquals(new float[] {1.5f, -2.5f, 3.5f}, bf16.toFloatArray());
    float[] special = read(BURN + "special_values.pt").tensor("tensor").toFloatArray();
    assertTrue(Float.isNaN(special[0]));
    assertArrayEquals(new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, 1f},
        Arrays.copyOfRange(special, 1, 5));
    assertArrayEquals(new float[] {1e-30f, 1e30f, -1e-30f, -1e30f},
        read(BURN + "extreme_values.pt").tensor("tensor").toFloatArray());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, read(BURN + "tensor_2d.pt").tensor("tensor").toFloatArray());
    assertArrayEquals(new long[] {3, 2}, read(BURN + "tensor_2d.pt").tensor("tensor").shape());
  }

  @Test
  void burnEdgeCasesAndStructures() {
    TorchTensor scalar = read(BURN + "scalar.pt").tensor("tensor");
    assertArrayEquals(new long[0], scalar.shape());
    assertArrayEquals(new float[] {42f}, scalar.toFloatArray());
    TorchTensor empty = read(BURN + "empty.pt").tensor("tensor");
    assertArrayEquals(new long[] {0}, empty.shape());
    assertEquals(0, empty.toFloatArray().length);
    float[] large = read(BURN + "large_shape.pt").tensor("tensor").toFloatArray();
    assertEquals(10_000, large.length);
    assertEquals(1f, large[0]);
    assertEquals(2f, large[50 * 100 + 50]);
    assertEquals(3f, large[99 * 100 + 99]);
    assertEquals(6.0, sum(large), EXACT);
    assertArrayEquals(new long[] {2, 3, 4}, read(BURN + "tensor_3d.pt").tensor("tensor").shape());
    assertArrayEquals(new long[] {2, 3, 2, 2}, read(BURN + "tensor_4d.pt").tensor("tensor").shape());
    assertArrayEquals(new long[] {12, 4, 2, 1}, read(BURN + "tensor_4d.pt").tensor("tensor").strides());

    TorchFile mixed = read(BURN + "mixed_types.pt");
    assertEquals(List.of("float32", "int64", "bool", "float64"), new ArrayList<>(mixed.keys()));
    assertArrayEquals(new long[] {100, 200}, mixed.tensor("int64").toLongArray());
    assertArrayEquals(new long[] {1, 0}, mixed.tensor("bool").toLongArray());

    TorchFile complex = read(BURN + "complex_structure.pt");
    Map<?, ?> metadata = (Map<?, ?>) TorchFixtures.at(complex.root(), "metadata");
    assertEquals(1L, metadata.get("version"));
    assertEquals("test_model", metadata.get("name"));
    assertEquals(4L, TorchFixtures.at(complex.root(), "config/hidden_size"));
    assertArrayEquals(new long[] {4, 3},
        ((TorchTensor) TorchFixtures.at(complex.root(), "state/encoder/layer_0/weight")).shape());
    assertArrayEquals(new long[] {3},
        ((TorchTensor) TorchFixtures.at(complex.root(), "state/decoder/bias")).shape());

    TorchFile checkpoint = read(BURN + "checkpoint.pt");
    assertEquals(42L, TorchFixtures.at(checkpoint.root(), "epoch"));
    assertEquals(0.123, (Double) TorchFixtures.at(checkpoint.root(), "loss"), EXACT);
    assertArrayEquals(new long[] {10, 5},
        ((TorchTensor) TorchFixtures.at(checkpoint.root(), "optimizer_state_dict/state/0/momentum_buffer")).shape());

    TorchTensor parameter = read(BURN + "parameter.pt").tensor("param");
    assertArrayEquals(new long[] {3, 3}, parameter.shape());
    assertEquals(TorchDtype.FLOAT32, parameter.dtype());
    TorchFile buffers = read(BURN + "buffers.pt");
    assertArrayEquals(new long[] {1, 2, 3}, buffers.tensor("buffer1").toLongArray());
    assertEquals(TorchDtype.INT32, buffers.tensor("buffer1").dtype());
  }

  @Test
  void burnLegacyPicklesAreRefusedWithTheWayOut() {
    for (String name : List.of("simple_legacy.pt", "legacy_with_offsets.pt", "legacy_shared_storage.pt",
        "legacy_uncloned_views.pt")) {
      CausalDensityException e = assertThrows(CausalDensityException.class, () -> read(BURN + name));
      assertTrue(e.getMessage().contains("legacy (non-zip) torch.save format: re-save it with a current torch"),
          e.getMessage());
    }
  }

  @Test
  void everyBurnModelStateDictReads() throws Exception {
    Path folder = TorchFixtures.shared(BURN_MODELS + "linear/linear.pt").getParent().getParent();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(p -> p.toString().endsWith(".pt")).sorted().collect(Collectors.toList());
    }
    assertTrue(files.size() >= 20, "burn's model fixtures: " + files.size());
    int tensors = 0;
    for (Path file : files) {
      TorchFile torch = TorchFile.read(file.toString(), CONF);
      for (String key : torch.keys()) {
        Object value = ((Map<?, ?>) torch.root()).get(key);
        if (value instanceof TorchTensor) {
          TorchTensor t = (TorchTensor) value;
          int n = t.dtype().isFloatingPoint() ? t.toFloatArray().length : t.toLongArray().length;
          assertEquals(t.numel(), n, file + " " + key);
          tensors++;
        }
      }
    }
    assertTrue(tensors >= 50, "tensors read: " + tensors);
    // linear.pt is an nn.Module state_dict: an OrderedDict whose _metadata attribute is dropped, not a key.
    TorchFile linear = read(BURN_MODELS + "linear/linear.pt");
    assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight"), new ArrayList<>(linear.keys()));
  }

  @Test
  void candleFilesIncludingANonContiguousTensor() {
    long[] oneToEight = {1, 2, 3, 4, 5, 6, 7, 8};
    TorchTensor test = read("candle@2a13b0f3/candle-core/tests/test.pt").tensor("test");
    assertArrayEquals(new long[] {2, 4}, test.shape());
    assertArrayEquals(oneToEight, test.toLongArray());
    Object nested = TorchFixtures.at(read("candle@2a13b0f3/candle-core/tests/test_with_key.pt").root(),
        "model_state_dict/test");
    assertArrayEquals(oneToEight, assertInstanceOf(TorchTensor.class, nested).toLongArray());

    TorchTensor fortran = read("candle@2a13b0f3/candle-core/tests/fortran_tensor_3d.pth").tensor("tensor_fortran");
    assertEquals(TorchDtype.INT64, fortran.dtype());
    assertArrayEquals(new long[] {2, 3, 4}, fortran.shape());
    assertArrayEquals(new long[] {1, 2, 6}, fortran.strides());
    long[] cOrder = fortran.toLongArray();
    for (int i = 0; i < 24; i++) {
      assertEquals(i + 1, cOrder[i], "C-order element " + i + " of values 1..24");
    }
  }

  @Test
  void nanoGptCheckpointWithTiedEmbeddings() {
    TorchFile ckpt = read("llama2xs.c@31ec9eb7/out/ckpt.pt");
    assertEquals(List.of("model", "optimizer", "model_args", "iter_num", "best_val_loss", "config"),
        new ArrayList<>(ckpt.keys()));
    Map<?, ?> model = (Map<?, ?>) TorchFixtures.at(ckpt.root(), "model");
    assertEquals(48, model.size());
    TorchTensor embeddings = (TorchTensor) model.get("tok_embeddings.weight");
    TorchTensor output = (TorchTensor) model.get("output.weight");
    assertSame(embeddings.storage(), output.storage(), "tied weights share one storage");
    assertNotSame(embeddings.storage(), ((TorchTensor) model.get("layers.0.attention.wq.weight")).storage());
    assertArrayEquals(new long[] {512, 64}, embeddings.shape());
    float[] values = embeddings.toFloatArray();
    assertArrayEquals(values, output.toFloatArray());
    // What torch 1.13 reports for this tensor: t[0, :3].tolist() and t.double().sum().item().
    assertArrayEquals(new float[] {-0.22313952445983887f, -0.5940735340118408f, -0.41124311089515686f},
        Arrays.copyOf(values, 3));
    assertEquals(1722.3292231635642, sum(values), 1e-9);

    assertEquals(500L, TorchFixtures.at(ckpt.root(), "iter_num"));
    assertEquals(64L, TorchFixtures.at(ckpt.root(), "model_args/dim"));
    assertEquals("custom", TorchFixtures.at(ckpt.root(), "config/vocab_source"));
    assertEquals(0.95, (Double) TorchFixtures.at(ckpt.root(), "config/beta2"), EXACT);
    assertEquals(Boolean.TRUE, TorchFixtures.at(ckpt.root(), "config/decay_lr"));
    TorchTensor bestLoss = (TorchTensor) TorchFixtures.at(ckpt.root(), "best_val_loss");
    assertArrayEquals(new long[0], bestLoss.shape());
    // Optimizer state is keyed by parameter index (Python ints), its param groups hold tuples and None.
    Map<?, ?> state = (Map<?, ?>) TorchFixtures.at(ckpt.root(), "optimizer/state");
    assertTrue(state.containsKey(0L));
    Object betas = TorchFixtures.at(ckpt.root(), "optimizer/param_groups/0/betas");
    assertArrayEquals(new Object[] {0.9, 0.95}, (Object[]) betas);
    assertEquals(null, TorchFixtures.at(ckpt.root(), "optimizer/param_groups/0/foreach"));
  }

  private static double sum(float[] values) {
    double total = 0;
    for (float v : values) {
      total += v;
    }
    return total;
  }
}
