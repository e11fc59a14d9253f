package org.causaldensity.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every tensor and scalar of the project's fixtures, checked against what torch itself reported when
 * make_torch.py saved them (expected.tsv, scalars.tsv, *.values.bin).
 */
class TorchFileFixturesTest {
  private static final Configuration CONF = new Configuration();
  private static final Map<String, TorchFile> FILES = new HashMap<>();

  static synchronized TorchFile file(String name) {
    return FILES.computeIfAbsent(name,
        n -> TorchFile.read(TorchFixtures.project(n).toUri().toString(), CONF));
  }

  private static List<String[]> rows(String manifest) throws Exception {
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(TorchFixtures.project(manifest), StandardCharsets.UTF_8)) {
      if (!line.isEmpty()) {
        rows.add(line.split("\t", -1));
      }
    }
    return rows;
  }

  private static long[] longs(String csv) {
    return csv.isEmpty() ? new long[0] : Arrays.stream(csv.split(",")).mapToLong(Long::parseLong).toArray();
  }

  private static ByteBuffer values(String file) {
    return ByteBuffer.wrap(TorchFixtures.bytes(TorchFixtures.project(file + ".values.bin")))
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  @TestFactory
  Stream<DynamicTest> everyTensorMatchesWhatTorchReported() throws Exception {
    return rows("expected.tsv").stream().map(row -> DynamicTest.dynamicTest(row[0] + " " + row[1], () -> {
      TorchTensor tensor = assertInstanceOf(TorchTensor.class, TorchFixtures.at(file(row[0]).root(), row[1]));
      assertEquals(row[2], tensor.dtype().torchName());
      assertArrayEquals(longs(row[3]), tensor.shape(), "shape");
      assertArrayEquals(longs(row[4]), tensor.strides(), "strides");
      assertEquals(Long.parseLong(row[5]), tensor.storageOffset(), "storage offset");
      assertEquals(Arrays.stream(tensor.shape()).reduce(1, Math::multiplyExact), tensor.numel());
      ByteBuffer expected = values(row[0]).position(Integer.parseInt(row[8]));
      int n = (int) tensor.numel();
      switch (row[7]) {
        case "f32": {
          float[] actual = tensor.toFloatArray();
          double[] widened = tensor.toDoubleArray();
          for (int i = 0; i < n; i++) {
            float want = expected.getFloat();
            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(actual[i]), "element " + i);
            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(widened[i]), "element " + i);
          }
          break;
        }
        case "f64": {
          double[] actual = tensor.toDoubleArray();
          for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToRawLongBits(expected.getDouble()), Double.doubleToRawLongBits(actual[i]),
                "element " + i);
          }
          break;
        }
        default: {
          long[] actual = tensor.toLongArray();
          long[] want = new long[n];
          expected.asLongBuffer().get(want);
          assertArrayEquals(want, actual);
          break;
        }
      }
    }));
  }

  @Test
  void tensorsShareAStorageExactlyWhenTorchsDo() throws Exception {
    Map<String, List<String[]>> byFile = rows("expected.tsv").stream()
        .collect(Collectors.groupingBy(row -> row[0], LinkedHashMap::new, Collectors.toList()));
    int sharedPairs = 0;
    for (Map.Entry<String, List<String[]>> file : byFile.entrySet()) {
      List<String[]> tensors = file.getValue();
      for (String[] a : tensors) {
        for (String[] b : tensors) {
          TorchStorage sa = ((TorchTensor) TorchFixtures.at(file(a[0]).root(), a[1])).storage();
          TorchStorage sb = ((TorchTensor) TorchFixtures.at(file(b[0]).root(), b[1])).storage();
          if (a[6].equals(b[6])) {
            assertSame(sa, sb, a[1] + " and " + b[1] + " share a storage in " + a[0]);
            sharedPairs += a == b ? 0 : 1;
          } else {
            assertNotSame(sa, sb, a[1] + " and " + b[1] + " have separate storages in " + a[0]);
          }
        }
      }
    }
    // views.pt: five views of one storage (10 pairs); tied.pt: three tensors of one storage (3 pairs).
    assertEquals(13, sharedPairs / 2, "pairs of tensors sharing a storage");
  }

  @TestFactory
  Stream<DynamicTest> everyScalarMatchesWhatPythonSaved() throws Exception {
    return rows("scalars.tsv").stream().map(row -> DynamicTest.dynamicTest(row[0] + " " + row[1], () -> {
      Object value = TorchFixtures.at(file(row[0]).root(), row[1]);
      String text = row[3];
      switch (row[2]) {
        case "None":
          assertNull(value);
          break;
        case "bool":
          assertEquals(Boolean.valueOf(text.toLowerCase()), value);
          break;
        case "int": {
          BigInteger expected = new BigInteger(text);
          assertEquals(expected.bitLength() < 64 ? (Object) expected.longValue() : expected, value);
          break;
        }
        case "float":
          assertEquals(Double.doubleToRawLongBits(pythonFloat(text)),
              Double.doubleToRawLongBits(assertInstanceOf(Double.class, value)));
          break;
        case "str":
          assertEquals(new String(hex(text), StandardCharsets.UTF_8), value);
          break;
        case "bytes":
          assertArrayEquals(hex(text), assertInstanceOf(byte[].class, value));
          break;
        case "dtype":
          assertEquals(text, assertInstanceOf(TorchDtype.class, value).torchName());
          break;
        case "size":
          assertArrayEquals(Arrays.stream(longs(text)).boxed().toArray(), assertInstanceOf(Object[].class, value));
          break;
        case "device":
          assertEquals(text, value);
          break;
        case "set": {
          Set<Long> expected = new TreeSet<>();
          Arrays.stream(longs(text)).forEach(expected::add);
          assertEquals(expected, new TreeSet<>((Set<?>) assertInstanceOf(Set.class, value)));
          break;
        }
        case "empty":
          if (text.equals("list")) {
            assertEquals(List.of(), value);
          } else if (text.equals("dict")) {
            assertEquals(Map.of(), value);
          } else {
            assertEquals(0, assertInstanceOf(Object[].class, value).length);
          }
          break;
        default:
          throw new AssertionError("unknown kind " + row[2]);
      }
    }));
  }

  private static double pythonFloat(String text) {
    switch (text) {
      case "nan":
        return Double.NaN;
      case "inf":
        return Double.POSITIVE_INFINITY;
      case "-inf":
        return Double.NEGATIVE_INFINITY;
      default:
        return Double.parseDouble(text);
    }
  }

  private static byte[] hex(String text) {
    byte[] out = new byte[text.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  /** bfloat16 from (non-NaN) float32 by round-to-nearest-even on the bits: torch's rounding, done here. */
  private static float bf16RoundNearestEven(float value) {
    int bits = Float.floatToRawIntBits(value);
    int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
    return Float.intBitsToFloat(rounded & 0xFFFF0000);
  }

  @Test
  void bfloat16ValuesAreTorchsRoundingOfTheirFloat32Source() {
    TorchFile dtypes = file("dtypes.pt");
    float[] source = dtypes.tensor("bf16_source").toFloatArray();
    float[] bf16 = dtypes.tensor("bf16").toFloatArray();
    assertEquals(50, source.length);
    for (int i = 0; i < source.length; i++) {
      if (Float.isNaN(source[i])) {
        // torch's vectorised conversion writes NaN as 0xFFFF (a negative quiet NaN); the bits are kept as stored.
        assertTrue(Float.isNaN(bf16[i]), "element " + i);
      } else {
        assertEquals(Float.floatToRawIntBits(bf16RoundNearestEven(source[i])), Float.floatToRawIntBits(bf16[i]),
            "element " + i + " (" + source[i] + ")");
      }
    }
    // 1 + 2^-8 is a tie: it rounds to even (1.0); 1 + 3 * 2^-8 rounds up to 1 + 2^-6.
    assertEquals(1.0f, bf16[40]);
    assertEquals(1.0f + 0x1p-6f, bf16[41]);
  }

  @Test
  void float16IsWidenedExactlyIncludingSubnormalsAndSpecials() {
    float[] f16 = file("dtypes.pt").tensor("f16").toFloatArray();
    assertEquals(0x1p-24f, f16[6], "smallest subnormal");
    assertEquals(0x1p-14f, f16[7], "smallest normal");
    assertEquals(65504f, f16[4]);
    assertEquals(Float.NEGATIVE_INFINITY, f16[11]);
    assertTrue(Float.isNaN(f16[12]));
    assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(f16[1]));
  }

  @Test
  void keysComeInFileOrderAndTheDemoFormatsRead() {
    assertEquals(List.of("f16", "bf16", "bf16_source", "f32", "f64", "i8", "i16", "i32", "i64", "u8", "bool",
        "scalar", "empty", "empty_2d", "t4d"), new ArrayList<>(file("dtypes.pt").keys()));
    TorchTensor indices = file("distances_causal_small.pt").tensor("token_indices");
    assertEquals(TorchDtype.INT64, indices.dtype());
    assertArrayEquals(new long[] {50}, indices.shape());
    assertEquals(50, Arrays.stream(indices.toLongArray()).distinct().filter(id -> id >= 0 && id < 1000).count(),
        "randperm(1000)[:50] gives 50 distinct ids below 1000");
    TorchTensor metric = file("causal_metric_tensor_small.pt").tensor("M");
    assertEquals(TorchDtype.FLOAT32, metric.dtype());
    assertArrayEquals(new long[] {8, 8}, metric.shape());
  }

  @Test
  void archiveLayoutAndByteorderEntriesAreRead() throws Exception {
    TorchZip zip = TorchZip.parse(TorchFixtures.bytes(TorchFixtures.project("archive_layout.pt")), "archive");
    assertTrue(zip.entries().stream().allMatch(e -> e.name.startsWith("archive/")), "torch.save to a buffer");
    TorchZip big = TorchZip.parse(TorchFixtures.bytes(TorchFixtures.project("big_endian.pt")), "big");
    assertEquals("big", StandardCharsets.US_ASCII.decode(big.content(big.entry("order_source/byteorder")))
        .toString());
    TorchZip deflated = TorchZip.parse(TorchFixtures.bytes(TorchFixtures.project("deflated.pt")), "deflated");
    assertTrue(deflated.entries().stream().anyMatch(e -> e.method == TorchZip.DEFLATED));
  }

  @Test
  void stateDictAttributesAndParametersReadAsPlainTensors() {
    TorchFile tied = file("tied.pt");
    assertEquals(List.of("tok_embeddings.weight", "output.weight", "head.weight_t", "norm.weight"),
        new ArrayList<>(tied.keys()));
    assertSame(tied.tensor("tok_embeddings.weight").storage(), tied.tensor("head.weight_t").storage());
  }
}
