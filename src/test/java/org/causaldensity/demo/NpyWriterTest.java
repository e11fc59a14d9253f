package org.causaldensity.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import org.causaldensity.testing.SystemPython;
import org.causaldensity.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriterTest {
  private static final Configuration CONF = new Configuration();

  @TempDir
  Path dir;

  /** The matrix make_npy_cases.py saved as f4_5x7.npy, built the same way. */
  private static float[] fixtureMatrix() {
    float[] a = new float[35];
    for (int i = 0; i < 35; i++) {
      a[i] = (float) (i * 0.25 - 3);
    }
    float[] row0 = {Float.NaN, -0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
        Float.MAX_VALUE, 0.1f};
    System.arraycopy(row0, 0, a, 0, 7);
    return a;
  }

  private byte[] write(String name, long rows, int cols, float[] data, int... blockRows) throws IOException {
    Path file = dir.resolve(name);
    try (NpyWriter writer = NpyWriter.create(file.toString(), CONF, rows, cols)) {
      int row = 0;
      for (int count : blockRows) {
        float[] block = new float[count * cols];
        System.arraycopy(data, row * cols, block, 0, count * cols);
        writer.writeRows(block, count);
        row += count;
      }
    }
    return Files.readAllBytes(file);
  }

  @Test
  void matrixWrittenInUnevenBlocksIsByteForByteWhatNumpySaved() throws IOException {
    byte[] written = write("a.npy", 5, 7, fixtureMatrix(), 2, 0, 1, 2);
    assertArrayEquals(Fixtures.bytes("/fixtures/demo/f4_5x7.npy"), written);
  }

  @Test
  void emptyAndSingleElementMatricesAreWhatNumpySaved() throws IOException {
    assertArrayEquals(Fixtures.bytes("/fixtures/demo/f4_0x3.npy"), write("e.npy", 0, 3, new float[0]));
    assertArrayEquals(Fixtures.bytes("/fixtures/demo/f4_1x1.npy"), write("s.npy", 1, 1, new float[] {2.5f}, 1));
  }

  @Test
  void headerIsNumpysForLargeAndOddShapes() {
    SystemPython.assumeModules("numpy");
    long[][] shapes = {{32000, 32000}, {151936, 2560}, {123456789012L, 1}, {7, 0}, {0, 0}, {9, 1234567}};
    StringBuilder expected = new StringBuilder();
    for (long[] shape : shapes) {
      expected.append(SystemPython.run(String.join("\n",
          "import io, sys, numpy as np",
          "b = io.BytesIO()",
          "d = {'descr': '<f4', 'fortran_order': False, 'shape': (int(sys.argv[1]), int(sys.argv[2]))}",
          "np.lib.format.write_array_header_1_0(b, d)",
          "print(b.getvalue().hex())"), Long.toString(shape[0]), Long.toString(shape[1])));
    }
    StringBuilder actual = new StringBuilder();
    for (long[] shape : shapes) {
      byte[] header = NpyWriter.header(shape[0], (int) shape[1]);
      assertEquals(0, header.length % NpyWriter.ARRAY_ALIGN, "header length of " + shape[0] + "x" + shape[1]);
      actual.append(java.util.HexFormat.of().formatHex(header)).append('\n');
    }
    assertEquals(expected.toString(), actual.toString());
  }

  @Test
  void randomMatrixStreamedInBlocksLoadsInNumpyBitForBit() throws IOException {
    SystemPython.assumeModules("numpy");
    int rows = 300;
    int cols = 37;
    Random random = new Random(3);
    float[] data = new float[rows * cols];
    for (int i = 0; i < data.length; i++) {
      data[i] = Float.intBitsToFloat(random.nextInt()); // every bit pattern, NaN payloads included
    }
    write("r.npy", rows, cols, data, 128, 128, 44);
    Path raw = dir.resolve("r.raw");
    ByteBuffer bytes = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(data);
    Files.write(raw, bytes.array());
    String out = SystemPython.run(String.join("\n",
        "import sys, io, numpy as np",
        "a = np.load(sys.argv[1])",
        "raw = np.fromfile(sys.argv[2], dtype='<u4').reshape(int(sys.argv[3]), int(sys.argv[4]))",
        "assert a.dtype == np.dtype('<f4') and a.flags['C_CONTIGUOUS'], a.dtype",
        "assert np.array_equal(a.view('<u4'), raw), 'values differ'",
        "b = io.BytesIO(); np.save(b, a)",
        "assert b.getvalue() == open(sys.argv[1], 'rb').read(), 'np.save writes other bytes'",
        "print(a.shape)"), dir.resolve("r.npy").toString(), raw.toString(), Integer.toString(rows),
        Integer.toString(cols));
    assertEquals("(300, 37)", out.trim());
  }

  @Test
  void closingBeforeTheLastRowDeletesTheFileAndSaysHowManyRowsWereMissing() {
    Path file = dir.resolve("short.npy");
    NpyWriter writer = NpyWriter.create(file.toString(), CONF, 4, 2);
    writer.writeRows(new float[6], 3);
    CausalDensityException e = assertThrows(CausalDensityException.class, writer::close);
    assertEquals(Failure.INTERNAL, e.failure());
    assertTrue(e.getMessage().contains("only 3 of 4 rows"), e.getMessage());
    assertFalse(Files.exists(file));
    writer.close(); // a second close is a no-op
  }

  @Test
  void rowsBeyondTheMatrixAndShortBlocksAreRefusedAndWriteNothing() {
    Path file = dir.resolve("over.npy");
    try (NpyWriter writer = NpyWriter.create(file.toString(), CONF, 2, 3)) {
      CausalDensityException tooMany = assertThrows(CausalDensityException.class,
          () -> writer.writeRows(new float[9], 3));
      assertTrue(tooMany.getMessage().contains("exceed the matrix's 2 rows"), tooMany.getMessage());
      CausalDensityException shortBlock = assertThrows(CausalDensityException.class,
          () -> writer.writeRows(new float[5], 2));
      assertTrue(shortBlock.getMessage().contains("5 floats, fewer than 2 rows × 3 columns"),
          shortBlock.getMessage());
      assertEquals(0, writer.rowsWritten());
      writer.writeRows(new float[6], 2);
    }
    assertTrue(Files.exists(file));
  }

  @Test
  void negativeShapeIsAUsageErrorNamingTheArgument() {
    CausalDensityException e = assertThrows(CausalDensityException.class,
        () -> NpyWriter.create(dir.resolve("n.npy").toString(), CONF, -1, 3));
    assertEquals(Failure.USAGE, e.failure());
    assertEquals("rows", e.subject());
    assertTrue(e.getMessage().contains("-1"));
  }
}
