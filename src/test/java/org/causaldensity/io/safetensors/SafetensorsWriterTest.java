package org.causaldensity.io.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import org.causaldensity.io.safetensors.SafetensorsWriter.Dtype;
import org.causaldensity.io.safetensors.SafetensorsWriter.Tensor;
import org.causaldensity.testsupport.SystemPython;
import org.causaldensity.testsupport.TestFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {
  private static final Configuration CONF = new Configuration();

  @TempDir
  Path dir;

  @Test
  void bf16RoundingIsTorchsOnEveryFixtureCase() {
    String[] lines = new String(TestFixtures.resource("demo/bf16_cases.txt"), StandardCharsets.US_ASCII)
        .split("\n");
    int cases = 0;
    for (String line : lines) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] fields = line.split(" ");
      int floatBits = Integer.parseUnsignedInt(fields[0], 16);
      int expected = Integer.parseInt(fields[1], 16);
      int actual = SafetensorsWriter.bf16(Float.intBitsToFloat(floatBits)) & 0xFFFF;
      assertEquals(expected, actual, () -> String.format("float bits %08x: torch %04x, ours %04x", floatBits,
          expected, SafetensorsWriter.bf16(Float.intBitsToFloat(floatBits)) & 0xFFFF));
      cases++;
    }
    assertEquals(1538, cases, "cases in bf16_cases.txt");
  }

  @Test
  void bf16ToFloatInvertsRoundingOnEveryFiniteBf16() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float value = SafetensorsWriter.bf16ToFloat((short) bits);
      if (!Float.isNaN(value)) {
        assertEquals(bits, SafetensorsWriter.bf16(value) & 0xFFFF, "bf16 bits " + Integer.toHexString(bits));
        assertEquals(bits << 16, Float.floatToRawIntBits(value));
      }
    }
  }

  @Test
  void headerIsTheLibrarysForASampleItWrote() throws IOException {
    // f.safetensors: written by safetensors (PR #84) for F32 [6] = -3..2 with metadata {"test": "a"}. That old
    // version did not pad the header to 8 bytes; apart from that padding, the bytes must be the same.
    byte[] reference = Files.readAllBytes(TestFixtures.shared("formats/safetensors-samples@bd71d434/f.safetensors"));
    Path file = dir.resolve("f.safetensors");
    try (SafetensorsWriter writer = SafetensorsWriter.create(file.toString(), CONF,
        List.of(new Tensor("f", Dtype.F32, 6)), Map.of("test", "a"))) {
      writer.beginTensor("f");
      writer.appendF32(new float[] {-3, -2, -1, 0, 1, 2}, 0, 6);
    }
    byte[] ours = Files.readAllBytes(file);
    ByteBuffer theirs = ByteBuffer.wrap(reference).order(ByteOrder.LITTLE_ENDIAN);
    int theirLength = (int) theirs.getLong();
    int ourLength = (int) ByteBuffer.wrap(ours).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, ourLength % 8);
    String theirJson = new String(reference, 8, theirLength, StandardCharsets.UTF_8);
    String ourJson = new String(ours, 8, ourLength, StandardCharsets.UTF_8);
    assertEquals(theirJson, ourJson.stripTrailing());
    assertArrayEquals(java.util.Arrays.copyOfRange(reference, 8 + theirLength, reference.length),
        java.util.Arrays.copyOfRange(ours, 8 + ourLength, ours.length));
  }

  @Test
  void fileReadByAnIndependentPythonReaderHoldsTheTensorsInTheLibrarysOrder() throws IOException {
    SystemPython.assumeModules("numpy");
    Random random = new Random(11);
    float[] big = new float[13 * 17];
    for (int i = 0; i < big.length; i++) {
      big[i] = (float) (random.nextGaussian() * 0.03);
    }
    big[5] = Float.NaN;
    big[6] = 1e38f * 3.3f; // rounds to infinity in BF16
    float[] small = {1.5f, -2.25f, 3.0e-39f};
    float[] scalar = {42.125f};
    Path file = dir.resolve("t.safetensors");
    List<Tensor> tensors = List.of(new Tensor("z.bf16", Dtype.BF16, 13, 17), new Tensor("a.bf16", Dtype.BF16, 3),
        new Tensor("m.f32", Dtype.F32), new Tensor("empty", Dtype.F32, 0, 4));
    List<String> order;
    try (SafetensorsWriter writer = SafetensorsWriter.create(file.toString(), CONF, tensors,
        Map.of("format", "pt", "note", "quote \" backslash \\ tab \t"))) {
      order = writer.order();
      for (String name : order) {
        writer.beginTensor(name);
        switch (name) {
          case "z.bf16" -> {
            writer.appendBf16(big, 0, 100); // in two appends
            writer.appendBf16(big, 100, big.length - 100);
          }
          case "a.bf16" -> writer.appendBf16(small, 0, small.length);
          case "m.f32" -> writer.appendF32(scalar, 0, 1);
          default -> { }
        }
      }
    }
    assertEquals(List.of("empty", "m.f32", "a.bf16", "z.bf16"), order);
    Path raw = dir.resolve("values.raw");
    ByteBuffer bytes = ByteBuffer.allocate((big.length + small.length) * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(big).put(small);
    Files.write(raw, bytes.array());
    String out = SystemPython.run(String.join("\n",
        "import sys, json, struct, numpy as np",
        "data = open(sys.argv[1], 'rb').read()",
        "(n,) = struct.unpack('<Q', data[:8])",
        "assert n % 8 == 0, n",
        "header = json.loads(data[8:8 + n])",
        "body = data[8 + n:]",
        "meta = header.pop('__metadata__')",
        "assert meta == {'format': 'pt', 'note': 'quote \" backslash \\\\ tab \\t'}, meta",
        "names = list(header)",
        "offsets = [header[k]['data_offsets'] for k in names]",
        "assert offsets == sorted(offsets) and offsets[0][0] == 0 and offsets[-1][1] == len(body), offsets",
        "assert all(a[1] == b[0] for a, b in zip(offsets, offsets[1:])), offsets",
        "def raw(name, dtype):",
        "    t = header[name]; s, e = t['data_offsets']",
        "    assert t['dtype'] == dtype, t",
        "    return np.frombuffer(body[s:e], dtype={'F32': '<f4', 'BF16': '<u2'}[dtype]).reshape(t['shape'])",
        "def to_bf16(x):  # round to nearest even on the bits; NaN as torch's CPU conversion writes it",
        "    u = x.view(np.uint32).astype(np.uint64)",
        "    r = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)",
        "    return np.where(np.isnan(x), np.uint16(0xFFFF), r)",
        "src = np.fromfile(sys.argv[2], dtype='<f4')",
        "assert np.array_equal(raw('z.bf16', 'BF16'), to_bf16(src[:13 * 17]).reshape(13, 17)), 'z.bf16 differs'",
        "assert np.array_equal(raw('a.bf16', 'BF16'), to_bf16(src[13 * 17:])), 'a.bf16 differs'",
        "assert raw('m.f32', 'F32').shape == () and raw('m.f32', 'F32')[()] == 42.125",
        "assert raw('empty', 'F32').shape == (0, 4)",
        "print(' '.join(names))"), file.toString(), raw.toString());
    assertEquals("empty m.f32 a.bf16 z.bf16", out.trim());
  }

  @Test
  void closingWithAnIncompleteTensorDeletesTheFileAndNamesTheTensor() {
    Path file = dir.resolve("incomplete.safetensors");
    SafetensorsWriter writer = SafetensorsWriter.create(file.toString(), CONF,
        List.of(new Tensor("a", Dtype.F32, 2), new Tensor("b", Dtype.F32, 3)), null);
    writer.beginTensor("a");
    writer.appendF32(new float[2], 0, 2);
    CausalDensityException e = assertThrows(CausalDensityException.class, writer::close);
    assertEquals(Failure.INTERNAL, e.failure());
    assertTrue(e.getMessage().contains("tensor b has 0 of its 3 elements"), e.getMessage());
    assertFalse(Files.exists(file));
  }

  @Test
  void outOfOrderWrongDtypeAndOverflowingAppendsAreRefused() {
    Path file = dir.resolve("misuse.safetensors");
    try (SafetensorsWriter writer = SafetensorsWriter.create(file.toString(), CONF,
        List.of(new Tensor("b", Dtype.BF16, 2), new Tensor("a", Dtype.F32, 1)), null)) {
      CausalDensityException order = assertThrows(CausalDensityException.class, () -> writer.beginTensor("b"));
      assertTrue(order.getMessage().contains("next tensor of " + file + " is a, not b"), order.getMessage());
      assertThrows(CausalDensityException.class, () -> writer.appendF32(new float[1], 0, 1));
      writer.beginTensor("a");
      CausalDensityException dtype = assertThrows(CausalDensityException.class,
          () -> writer.appendBf16(new float[1], 0, 1));
      assertTrue(dtype.getMessage().contains("is F32, cannot append BF16"), dtype.getMessage());
      CausalDensityException overflow = assertThrows(CausalDensityException.class,
          () -> writer.appendF32(new float[2], 0, 2));
      assertTrue(overflow.getMessage().contains("overflow tensor a"), overflow.getMessage());
      writer.appendF32(new float[1], 0, 1);
      writer.beginTensor("b");
      writer.appendBf16Bits(new short[] {1, 2}, 0, 2);
    }
    assertTrue(Files.exists(file));
  }

  @Test
  void duplicateNamesAndBadShapesAreUsageErrors() {
    List<Tensor> twice = new ArrayList<>(List.of(new Tensor("x", Dtype.F32, 1), new Tensor("x", Dtype.BF16, 1)));
    CausalDensityException duplicate = assertThrows(CausalDensityException.class,
        () -> SafetensorsWriter.create(dir.resolve("d.safetensors").toString(), CONF, twice, null));
    assertTrue(duplicate.getMessage().contains("x appears twice"), duplicate.getMessage());
    CausalDensityException negative = assertThrows(CausalDensityException.class,
        () -> new Tensor("y", Dtype.F32, 3, -2));
    assertTrue(negative.getMessage().contains("negative dimension -2"), negative.getMessage());
    assertThrows(CausalDensityException.class, () -> new Tensor("__metadata__", Dtype.F32, 1));
  }
}
