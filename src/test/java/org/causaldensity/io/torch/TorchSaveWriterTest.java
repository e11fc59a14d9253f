package org.causaldensity.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files TorchSaveWriter writes: read back by TorchFile, and by torch.load(weights_only=True) where torch exists. */
class TorchSaveWriterTest {
  private static final Configuration CONF = new Configuration();
  private static final Path PYTHON = Paths.get("/usr/bin/python3");
  private static final long PYTHON_TIMEOUT_SECONDS = 120;
  /** Above the writer's 1 MiB chunk, so that values cross chunk boundaries. */
  private static final int LARGE = 300_007;

  @TempDir
  Path folder;

  /** The demo's two inputs and every value kind the writer takes, with edge values. */
  private static final class Sample {
    final long[] indices = new long[37];
    final float[] metric = new float[5 * 5];
    final float[] large = new float[LARGE];
    final int[] ints = {Integer.MIN_VALUE, -1, 0, 70000, 5, Integer.MAX_VALUE};
    final Map<String, Object> entries = new LinkedHashMap<>();

    Sample() {
      Random random = new Random(42);
      for (int i = 0; i < indices.length; i++) {
        indices[i] = random.nextInt(151_936);
      }
      indices[0] = Long.MIN_VALUE;
      indices[1] = Long.MAX_VALUE;
      for (int i = 0; i < metric.length; i++) {
        metric[i] = (float) random.nextGaussian();
      }
      metric[3] = Float.NaN;
      metric[4] = -0.0f;
      metric[5] = Float.MIN_VALUE;
      metric[6] = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < large.length; i++) {
        large[i] = i * 0.5f - 7;
      }
      entries.put("token_indices", TorchSaveWriter.Tensor.int64(indices, indices.length));
      entries.put("M", TorchSaveWriter.Tensor.float32(metric, 5, 5));
      entries.put("cube", TorchSaveWriter.Tensor.float32(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
          13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24}, 2, 3, 4));
      entries.put("scalar", TorchSaveWriter.Tensor.float64(new double[] {Math.PI}));
      entries.put("empty", TorchSaveWriter.Tensor.float32(new float[0], 0, 3));
      entries.put("ints", TorchSaveWriter.Tensor.int32(ints, 2, 3));
      entries.put("large", TorchSaveWriter.Tensor.float32(large, LARGE));
      entries.put("step", 70_000L);
      entries.put("big", 1L << 40);
      entries.put("negative", -3);
      entries.put("name", "démo ✓");
      entries.put("flag", true);
      entries.put("nothing", null);
    }
  }

  private String write(String name, Map<String, Object> entries) {
    String path = folder.resolve(name).toUri().toString();
    TorchSaveWriter.writeDict(path, CONF, entries);
    return path;
  }

  @Test
  void whatIsWrittenReadsBackExactly() {
    Sample sample = new Sample();
    Map<String, Object> entries = sample.entries;
    TorchFile file = TorchFile.read(write("distances_causal_32000.pt", entries), CONF);
    assertEquals(new ArrayList<>(entries.keySet()), new ArrayList<>(file.keys()));
    for (Map.Entry<String, Object> entry : entries.entrySet()) {
      Object read = ((Map<?, ?>) file.root()).get(entry.getKey());
      if (!(entry.getValue() instanceof TorchSaveWriter.Tensor)) {
        Object expected = entry.getValue() instanceof Integer ? (Object) ((Integer) entry.getValue()).longValue()
            : entry.getValue();
        assertEquals(expected, read, entry.getKey());
        continue;
      }
      TorchSaveWriter.Tensor written = (TorchSaveWriter.Tensor) entry.getValue();
      TorchTensor tensor = (TorchTensor) read;
      assertEquals(written.dtype(), tensor.dtype(), entry.getKey());
      assertArrayEquals(written.shape(), tensor.shape(), entry.getKey());
      assertEquals(0, tensor.storageOffset());
      assertArrayEquals(contiguousStrides(written.shape()), tensor.strides(), entry.getKey());
    }
    assertArrayEquals(sample.indices, file.tensor("token_indices").toLongArray());
    assertBitsEqual(sample.metric, file.tensor("M").toFloatArray());
    assertBitsEqual(sample.large, file.tensor("large").toFloatArray());
    assertArrayEquals(new double[] {Math.PI}, file.tensor("scalar").toDoubleArray());
    assertArrayEquals(java.util.Arrays.stream(sample.ints).asLongStream().toArray(),
        file.tensor("ints").toLongArray());
    assertEquals(0, file.tensor("empty").toFloatArray().length);
  }

  private static void assertBitsEqual(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), "element " + i);
    }
  }

  private static long[] contiguousStrides(long[] shape) {
    long[] strides = new long[shape.length];
    long stride = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      strides[d] = stride;
      stride *= Math.max(1, shape[d]);
    }
    return strides;
  }

  @Test
  void layoutIsTorchsStemFolderWithAlignedStoredEntries() {
    String path = write("causal_metric_tensor_demo.pt", new Sample().entries);
    byte[] bytes = TorchFixtures.bytes(Paths.get(java.net.URI.create(path)));
    TorchZip zip = TorchZip.parse(bytes, path);
    List<String> names = new ArrayList<>();
    zip.entries().forEach(e -> names.add(e.name));
    assertEquals(List.of("causal_metric_tensor_demo/data.pkl", "causal_metric_tensor_demo/byteorder",
        "causal_metric_tensor_demo/data/0", "causal_metric_tensor_demo/data/1", "causal_metric_tensor_demo/data/2",
        "causal_metric_tensor_demo/data/3", "causal_metric_tensor_demo/data/4", "causal_metric_tensor_demo/data/5",
        "causal_metric_tensor_demo/data/6", "causal_metric_tensor_demo/version"), names);
    for (TorchZip.Entry entry : zip.entries()) {
      assertEquals(TorchZip.STORED, entry.method, entry.name);
      assertEquals(0, entry.dataOffset % TorchSaveWriter.ALIGNMENT, entry.name + " starts on a 64-byte boundary");
    }
    assertEquals("3\n", StandardCharsets.US_ASCII.decode(zip.content(zip.entry("causal_metric_tensor_demo/version")))
        .toString());
    assertEquals("archive", TorchSaveWriter.stem("s3a://bucket/we ird.pt"));
    assertEquals("a.b", TorchSaveWriter.stem("hdfs:///x/a.b.pt"));
  }

  @Test
  void argumentsAreCheckedBeforeAnythingIsWritten() {
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> TorchSaveWriter.Tensor.float32(new float[5], 2, 3));
    assertTrue(shape.getMessage().contains("shape [2, 3] holds 6 elements but data has 5"), shape.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TorchSaveWriter.Tensor.int64(new long[2], 2, -1));
    assertThrows(IllegalArgumentException.class, () -> TorchSaveWriter.Tensor.int64(new long[1], 1L << 40,
        1L << 40));
    assertThrows(IllegalArgumentException.class, () -> TorchSaveWriter.Tensor.int64(new long[2]),
        "shape () is a scalar: one value");
    Map<String, Object> bad = new HashMap<>();
    bad.put("weights", new float[3]);
    String path = folder.resolve("bad.pt").toUri().toString();
    IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
        () -> TorchSaveWriter.writeDict(path, CONF, bad));
    assertTrue(value.getMessage().startsWith("entries['weights'] is a [F"), value.getMessage());
    bad.put("weights", 0.5);
    IllegalArgumentException aFloat = assertThrows(IllegalArgumentException.class,
        () -> TorchSaveWriter.writeDict(path, CONF, bad));
    assertTrue(aFloat.getMessage().contains("store it as Tensor.float64(new double[] {x})"), aFloat.getMessage());
    assertTrue(Files.notExists(folder.resolve("bad.pt")));
  }

  @Test
  void torchLoadsItWithWeightsOnly() throws Exception {
    assumeTrue(Files.isExecutable(PYTHON), "/usr/bin/python3 absent: torch cross-check skipped");
    Path script = Paths.get("src/test/fixtures/torch/check_written.py").toAbsolutePath();
    assumeTrue(Files.isRegularFile(script), "check_written.py not found from " + Paths.get("").toAbsolutePath());
    Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import torch").redirectErrorStream(true).start();
    assumeTrue(probe.waitFor(PYTHON_TIMEOUT_SECONDS, TimeUnit.SECONDS) && probe.exitValue() == 0,
        "torch not importable by /usr/bin/python3: cross-check skipped");

    Sample sample = new Sample();
    Map<String, Object> entries = sample.entries;
    String uri = write("written.pt", entries);
    Path out = Files.createDirectory(folder.resolve("loaded"));
    Process python = new ProcessBuilder(PYTHON.toString(), script.toString(),
        Paths.get(java.net.URI.create(uri)).toString(), out.toString()).redirectErrorStream(false).start();
    String stdout = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(python.waitFor(PYTHON_TIMEOUT_SECONDS, TimeUnit.SECONDS), "python timed out");
    assertEquals(0, python.exitValue(), stderr);

    Map<String, String[]> lines = new LinkedHashMap<>();
    for (String line : stdout.split("\n")) {
      if (!line.isEmpty()) {
        String[] fields = line.split("\t", -1);
        lines.put(fields[0], fields);
      }
    }
    assertEquals(new ArrayList<>(entries.keySet()), new ArrayList<>(lines.keySet()));
    assertArrayEquals(new String[] {"token_indices", "tensor", "int64", "37", "1"}, lines.get("token_indices"));
    assertArrayEquals(new String[] {"M", "tensor", "float32", "5,5", "5,1"}, lines.get("M"));
    assertArrayEquals(new String[] {"cube", "tensor", "float32", "2,3,4", "12,4,1"}, lines.get("cube"));
    assertArrayEquals(new String[] {"scalar", "tensor", "float64", "", ""}, lines.get("scalar"));
    assertArrayEquals(new String[] {"empty", "tensor", "float32", "0,3", "3,1"}, lines.get("empty"));
    assertArrayEquals(new String[] {"ints", "tensor", "int32", "2,3", "3,1"}, lines.get("ints"));
    assertArrayEquals(new String[] {"step", "int", "70000"}, lines.get("step"));
    assertArrayEquals(new String[] {"big", "int", "1099511627776"}, lines.get("big"));
    assertArrayEquals(new String[] {"negative", "int", "-3"}, lines.get("negative"));
    assertArrayEquals(new String[] {"name", "str", "'démo ✓'"}, lines.get("name"));
    assertArrayEquals(new String[] {"flag", "bool", "True"}, lines.get("flag"));
    assertArrayEquals(new String[] {"nothing", "NoneType", "None"}, lines.get("nothing"));

    ByteBuffer indices = loaded(out, "token_indices");
    for (long expected : sample.indices) {
      assertEquals(expected, indices.getLong());
    }
    for (String key : List.of("M", "large")) {
      ByteBuffer floats = loaded(out, key);
      for (float expected : key.equals("M") ? sample.metric : sample.large) {
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(floats.getFloat()), key);
      }
      assertEquals(0, floats.remaining());
    }
    assertEquals(Math.PI, loaded(out, "scalar").getDouble());
    ByteBuffer ints = loaded(out, "ints");
    for (int expected : sample.ints) {
      assertEquals(expected, ints.getInt());
    }
    assertEquals(0, loaded(out, "empty").remaining());
    assertNull(((Map<?, ?>) TorchFile.read(uri, CONF).root()).get("nothing"));
  }

  private static ByteBuffer loaded(Path out, String key) throws IOException {
    return ByteBuffer.wrap(Files.readAllBytes(out.resolve(key + ".bin"))).order(ByteOrder.LITTLE_ENDIAN);
  }
}
