package org.causaldensity.io.safetensors;

import static org.causaldensity.io.safetensors.Fixtures.CONF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Files written by Hugging Face's safetensors and by burn, from ../shared/fixtures (skipped where absent). */
class ThirdPartyFilesTest {
  private static final String SAMPLES = "formats/safetensors-samples@bd71d434/";
  private static final String BURN = "formats/burn@2c06be35/";
  /** The sample generator's values: numpy.arange(-3, 3) in each dtype (wrapping for the unsigned ones). */
  private static final long[] SAMPLE_VALUES = {-3, -2, -1, 0, 1, 2};

  private static final Map<String, String> SAMPLE_DTYPES = Map.of("B", "U8", "H", "U16", "I", "U32", "b", "I8",
      "h", "I16", "i", "I32", "e", "F16", "f", "F32", "d", "F64");

  /** Element {@code i} of an integer tensor, decoded with a ByteBuffer, as its two's-complement low bits. */
  private static long plainInteger(byte[] file, TensorEntry entry, int i) {
    int size = entry.dtype().itemSize();
    ByteBuffer bytes = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int at = (int) entry.begin() + i * size;
    switch (size) {
      case 1: return bytes.get(at);
      case 2: return bytes.getShort(at);
      case 4: return bytes.getInt(at);
      default: return bytes.getLong(at);
    }
  }

  private static void checkSample(Path file, String name) {
    SafetensorsHeader header = SafetensorsHeader.read(file.toString(), CONF);
    assertEquals(Map.of("test", "a"), header.metadata(), file.toString());
    TensorEntry entry = header.tensor(name);
    assertEquals(SAMPLE_DTYPES.get(name), entry.dtype().name());
    assertArrayEquals(new long[] {6}, entry.shape());
    if (entry.dtype().isFloatReadable()) {
      float[] values = new float[6];
      SafetensorsFile.readFloats(entry, 0, 6, values, 0, CONF);
      for (int i = 0; i < 6; i++) {
        assertEquals((float) SAMPLE_VALUES[i], values[i], name);
      }
      float[] tail = new float[3];
      SafetensorsFile.readFloats(entry, 3, 2, tail, 1, CONF);
      assertArrayEquals(new float[] {0, 0, 1}, tail);
    } else {
      byte[] bytes = Fixtures.readBytes(file);
      long mask = entry.dtype().itemSize() == 8 ? -1L : (1L << (8 * entry.dtype().itemSize())) - 1;
      for (int i = 0; i < 6; i++) {
        assertEquals(SAMPLE_VALUES[i] & mask, plainInteger(bytes, entry, i) & mask, name + "[" + i + "]");
      }
    }
  }

  @Test
  void huggingFaceSamplesOneDtypeEach() {
    for (String name : SAMPLE_DTYPES.keySet()) {
      checkSample(Fixtures.shared(SAMPLES + name + ".safetensors"), name);
    }
  }

  @Test
  void huggingFaceOverallHoldsAllNine() {
    Path overall = Fixtures.shared(SAMPLES + "overall.safetensors");
    SafetensorsHeader header = SafetensorsHeader.read(overall.toString(), CONF);
    assertEquals(List.of("B", "H", "I", "b", "d", "e", "f", "h", "i"), List.copyOf(header.tensors().keySet()));
    for (String name : SAMPLE_DTYPES.keySet()) {
      checkSample(overall, name);
    }
  }

  @Test
  void burnMultiLayer() {
    Path file = Fixtures.shared(BURN + "crates/burn-store/safetensors-tests/tests/multi_layer/multi_layer.safetensors");
    SafetensorsHeader header = SafetensorsHeader.read(file.toString(), CONF);
    assertEquals(9, header.tensors().size());
    assertEquals(SafetensorsDtype.I64, header.tensor("norm1.num_batches_tracked").dtype());
    assertEquals(0, header.tensor("norm1.num_batches_tracked").rank());
    TensorEntry fc1 = header.tensor("fc1.weight");
    assertArrayEquals(new long[] {16, 256}, fc1.shape());
    Fixtures.PlainTensor plain = Fixtures.plainTensor(file, "fc1.weight");
    assertEquals(plain.begin, fc1.begin());
    Checkpoint checkpoint = Checkpoint.open(file.toString(), CONF, "fc1.weight");
    long[] ids = {15, 0, 3, 15};
    float[] rows = new float[ids.length * 256];
    checkpoint.gatherRows(ids, rows, CONF);
    for (int i = 0; i < ids.length; i++) {
      assertArrayEquals(Fixtures.plainF32Row(file, plain, (int) ids[i]),
          java.util.Arrays.copyOfRange(rows, i * 256, (i + 1) * 256), "row " + ids[i]);
    }
  }

  @Test
  void burnMnist() {
    Path file = Fixtures.shared(BURN + "examples/import-model-weights/weights/mnist.safetensors");
    SafetensorsHeader header = SafetensorsHeader.read(file.toString(), CONF);
    assertEquals(20, header.tensors().size());
    Checkpoint checkpoint = Checkpoint.open(file.toString(), CONF, "fc1.weight");
    assertEquals(32, checkpoint.vocabSize());
    assertEquals(11616, checkpoint.hiddenSize());
    assertEquals(SafetensorsDtype.F32, checkpoint.dtype());
    Fixtures.PlainTensor plain = Fixtures.plainTensor(file, "fc1.weight");
    long[] ids = {31, 0, 7, 7, 16};
    float[] rows = new float[ids.length * 11616];
    checkpoint.gatherRows(ids, rows, CONF);
    for (int i = 0; i < ids.length; i++) {
      assertArrayEquals(Fixtures.plainF32Row(file, plain, (int) ids[i]),
          java.util.Arrays.copyOfRange(rows, i * 11616, (i + 1) * 11616), "row " + ids[i]);
    }
  }
}
