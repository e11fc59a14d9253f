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
import org.causaldensity.demo.SafetensorsWriter;
import org.causaldensity.demo.SafetensorsWriter.Tensor;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import org.causaldensity.io.HalfFloats;
import org.causaldensity.testing.SystemPython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {
  private static final Configuration CONF = new Configuration();

  @TempDir
  Path dir;

  @Test
  void bf16WrittenIsWhatTorchRoundsOnEveryFixtureCase() throws IOException {
    String[] lines = new String(org.causaldensity.testing.Fixtures.bytes("/fixtures/demo/bf16_cases.txt"),
        StandardCharsets.US_ASCII).split("\\n");
    List<float[]> cases = new ArrayList<>();
    for (String line : lines) {
      if (!line.startsWith("#") && !line.isBlank()) {
        String[] fields = line.split(" ");
        cases.add(new float[] {Float.intBitsToFloat(Integer.parseUnsignedInt(fields[0], 16)),
            Integer.parseInt(fields[1], 16)});
      }
    }
    assertEquals(1538, cases.size(), "cases in bf16_cases.txt");
    float[] values = new float[cases.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = cases.get(i)[0];
    }
    Path file = dir.resolve("cases.safetensors");
    try (SafetensorsWriter writer = SafetensorsWriter.create(file.toString(), CONF,
        List.of(new Tensor("cases", SafetensorsDtype.BF16, values.length)), null)) {
      writer.beginTensor("cases");
      writer.appendBf16(values, 0, 1000); // across two appends
      writer.appendBf16(values, 1000, values.length - 1000);
    }
    ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    data.position((int) (8 + data.getLong(0)));
    int nans = 0;
    for (int i = 0; i < values.length; i++) {
      int written = data.getShort() & 0xFFFF;
      int torch = (int) cases.get(i)[1];
      String what = String.format("float bits %08x: torch %04x, written %04x",
          Float.floatToRawIntBits(values[i]), torch, written);
      if (Float.isNaN(values[i])) {
        // torch's vectorised CPU path writes 0xFFFF, its scalar path 0x7FC0: any NaN is right.
        assertTrue(Float.isNaN(HalfFloats.fromBfloat16((short) written)), what);
        nans++;
      } else {
        assertEquals(torch, written, what);
      }
    }
    assertTrue(nans >= 7, "fixture NaN cases: " + nans);
  }

  @Test
  void projectReaderReadsBackWhatWasWritten() {
    Path file = dir.resolve("round.safetensors");
    float[] weights = {0.5f, -1.25f, 3.0f, 1e-3f, -7.5f, 65504f};
    try (SafetensorsWriter writer = SafetensorsWriter.create(file.toString(), CONF,
        List.of(new Tensor("w", SafetensorsDtype.BF16, 2, 3), new Tensor("b", SafetensorsDtype.F32, 3)),
        Map.of("format", "pt"))) {
      writer.beginTensor("b");
      writer.appendF32(weights, 0, 3);
      writer.beginTensor("w");
      writer.appendBf16(weights, 0, 6);
    }
    SafetensorsHeader header = SafetensorsHeader.read(file.toString(), CONF);
    assertEquals(Map.of("format", "pt"), header.metadata());
    assertEquals(0, header.dataStart() % 8);
    float[] w = new float[6];
    SafetensorsFile.readFloats(header.tensor("w"), 0, 6, w, 0, CONF);
    float[] b = new float[3];
    SafetensorsFile.readFloats(header.tensor("b"), 0, 3, b, 0, CONF);
    for (int i = 0; i < 6; i++) {
      assertEquals(HalfFloats.fromBfloat16(HalfFloats.toBfloat16(weights[i])), w[i], 0f, "w[" + i + "]");
    }
    assertArrayEquals(java.util.Arrays.copyOf(weights, 3), b, 0f);
    assertArrayEquals(new long[] {2, 3}, header.tensor("w").shape());
  }

  @Test
  void headerIsTheLibrarysForASampleItWrote() throws IOException {
    // f.safetensors: written by safetensors (PR #84) for F32 [6] = -3..2 with metadata {"test": "a"}. That old
    // version did not pad the header to 8 bytes; apart from that padding, the bytes must be the same.
    byte[] reference = Files.readAllBytes(Fixtures.shared("formats/safetensors-samples@bd71d434/f.safetensors"));
    Path file = dir.resolve("f.safetensors");
    try (SafetensorsWriter writer = SafetensorsWriter.create(file.toString(), CONF,
        List.of(new Tensor("f", SafetensorsDtype.F32, 6)), Map.of("test", "a"))) {
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
    List<Tensor> tensors = List.of(new Tensor("z.bf16", SafetensorsDtype.BF16, 13, 17),
        new Tensor("a.bf16", SafetensorsDtype.BF16, 3), new Tensor("m.f32", SafetensorsDtype.F32),
        new Tensor("empty", SafetensorsDtype.F32, 0, 4));
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
        "def to_bf16(x):  # round to nearest even on the bits; any NaN becomes the quiet NaN 0x7FC0",
        "    u = x.view(np.uint32).astype(np.uint64)",
        "    r = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)",
        "    return np.where(np.isnan(x), np.uint16(0x7FC0), r)",
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
        List.of(new Tensor("a", SafetensorsDtype.F32, 2), new Tensor("b", SafetensorsDtype.F32, 3)), null);
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
        List.of(new Tensor("b", SafetensorsDtype.BF16, 2), new Tensor("a", SafetensorsDtype.F32, 1)), null)) {
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
    List<Tensor> twice = new ArrayList<>(List.of(new Tensor("x", SafetensorsDtype.F32, 1), new Tensor("x", SafetensorsDtype.BF16, 1)));
    CausalDensityException duplicate = assertThrows(CausalDensityException.class,
        () -> SafetensorsWriter.create(dir.resolve("d.safetensors").toString(), CONF, twice, null));
    assertTrue(duplicate.getMessage().contains("x appears twice"), duplicate.getMessage());
    CausalDensityException negative = assertThrows(CausalDensityException.class,
        () -> new Tensor("y", SafetensorsDtype.F32, 3, -2));
    assertTrue(negative.getMessage().contains("negative dimension -2"), negative.getMessage());
    assertThrows(CausalDensityException.class, () -> new Tensor("__metadata__", SafetensorsDtype.F32, 1));
    CausalDensityException dtype = assertThrows(CausalDensityException.class,
        () -> new Tensor("z", SafetensorsDtype.F16, 1));
    assertTrue(dtype.getMessage().contains("tensor z is F16; this writer writes F32 and BF16"), dtype.getMessage());
  }
}
