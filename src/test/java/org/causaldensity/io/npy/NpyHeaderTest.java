package org.causaldensity.io.npy;

import static org.causaldensity.io.npy.NpyTestFiles.CONF;
import static org.causaldensity.io.npy.NpyTestFiles.assertInvalid;
import static org.causaldensity.io.npy.NpyTestFiles.assertRefused;
import static org.causaldensity.io.npy.NpyTestFiles.f4Counting;
import static org.causaldensity.io.npy.NpyTestFiles.npy;
import static org.causaldensity.io.npy.NpyTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.causaldensity.io.Failure;
import org.causaldensity.io.npy.NpyTestFiles.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NpyHeaderTest {
  private static final String F4_2X2 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }";

  @TempDir
  Path dir;

  static Stream<Fixture> numpyFiles() {
    return NpyTestFiles.manifest().stream();
  }

  @ParameterizedTest
  @MethodSource("numpyFiles")
  void numpyWrittenHeadersParse(Fixture f) throws IOException {
    NpyHeader h = NpyHeader.read(f.pathText(), CONF);
    assertEquals(f.majorVersion(), h.majorVersion());
    assertEquals(f.descr(), h.dtype().descriptor());
    assertEquals(f.fortran(), h.fortranOrder());
    assertArrayEquals(f.shape(), h.shape());
    assertEquals(Files.size(f.path()), h.dataOffset() + h.dataLength());
    assertEquals(0, h.dataOffset() % 64, "numpy aligns the data to 64 bytes");
  }

  @Test
  void handEditedHeaderWithoutTrailingCommaIsRead() {
    String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2)}\n";
    String path = write(dir.resolve("a.npy"), npy(header, f4Counting(4)));
    NpyHeader h = NpyHeader.read(path, CONF);
    assertArrayEquals(new long[] {2, 2}, h.shape());
    assertEquals(2, h.rows());
    assertEquals(2, h.cols());
    assertEquals(10 + header.length(), h.dataOffset());
  }

  @Test
  void anyKeyOrderQuotesAndWhitespaceAreRead() {
    String path = write(dir.resolve("a.npy"), npy(
        "  { \"shape\" : ( 3 ,\n 2 , ) ,\n\t'fortran_order':True,'descr':\"<f4\" ,\r\n}\n\n   ", f4Counting(6)));
    NpyHeader h = NpyHeader.read(path, CONF);
    assertArrayEquals(new long[] {3, 2}, h.shape());
    assertTrue(h.fortranOrder());
    assertEquals(NpyDtype.LITTLE_F4, h.dtype());
  }

  @Test
  void python2LongSuffixAndUnicodePrefixAreRead() {
    String path = write(dir.resolve("a.npy"),
        npy("{'descr': u'>f8', 'fortran_order': False, 'shape': (2L, 1L), }", new byte[16]));
    NpyHeader h = NpyHeader.read(path, CONF);
    assertEquals(NpyDtype.BIG_F8, h.dtype());
    assertArrayEquals(new long[] {2, 1}, h.shape());
  }

  @Test
  void scalarAndVectorShapesAreRead() {
    NpyHeader scalar = NpyHeader.read(write(dir.resolve("s.npy"),
        npy("{'descr': '<f2', 'fortran_order': False, 'shape': ()}", new byte[2])), CONF);
    assertEquals(0, scalar.ndim());
    assertEquals(1, scalar.elementCount());
    assertEquals("()", scalar.shapeText());
    NpyHeader vector = NpyHeader.read(write(dir.resolve("v.npy"),
        npy("{'descr': '<f2', 'fortran_order': False, 'shape': (3,)}", new byte[6])), CONF);
    assertEquals("(3,)", vector.shapeText());
    assertThrows(IllegalStateException.class, vector::rows);
    assertThrows(IllegalStateException.class, scalar::cols);
  }

  @Test
  void versionsTwoAndThreeUseFourByteLengths() {
    for (int major : new int[] {2, 3}) {
      String path = write(dir.resolve("v" + major + ".npy"), npy(major, 0, F4_2X2, f4Counting(4)));
      NpyHeader h = NpyHeader.read(path, CONF);
      assertEquals(major, h.majorVersion());
      assertEquals(12 + F4_2X2.length(), h.dataOffset());
    }
  }

  @Test
  void zeroDimensionWithHugeOtherDimensionIsEmpty() {
    String path = write(dir.resolve("a.npy"), npy(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 9223372036854775807), }", new byte[0]));
    assertEquals(0, NpyHeader.read(path, CONF).elementCount());
  }

  @Test
  void headerSurvivesJavaSerialization() throws Exception {
    NpyHeader h = NpyHeader.read(NpyTestFiles.fixture("matrix_33_bef8_F_v1.npy"), CONF);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(h);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      NpyHeader back = (NpyHeader) in.readObject();
      assertEquals(h, back);
      assertEquals(h.hashCode(), back.hashCode());
      assertEquals(h.toString(), back.toString());
    }
    assertEquals("NpyHeader{version 1.0, descr '>f8', fortran_order True, shape (33, 33), data at 128}",
        h.toString());
  }

  static Stream<Arguments> refusedHeaders() {
    String accepted = NpyDtype.acceptedDescriptors();
    return Stream.of(
        Arguments.of("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 2), }", new String[] {"'<i4'", accepted}),
        Arguments.of("{'descr': '|O', 'fortran_order': False, 'shape': (2, 2), }", new String[] {"'|O'", accepted}),
        Arguments.of("{'descr': '<c8', 'fortran_order': False, 'shape': (2, 2), }", new String[] {"'<c8'"}),
        Arguments.of("{'descr': '|b1', 'fortran_order': False, 'shape': (2, 2), }", new String[] {"'|b1'"}),
        Arguments.of("{'descr': '<d', 'fortran_order': False, 'shape': (2, 2), }", new String[] {"'<d'"}),
        Arguments.of("{'descr': '=f4', 'fortran_order': False, 'shape': (2, 2), }",
            new String[] {"'=f4'", "byte order", accepted}),
        Arguments.of("{'descr': '|f2', 'fortran_order': False, 'shape': (2, 2), }", new String[] {"'|f2'", "byte order"}),
        Arguments.of("{'descr': 'f8', 'fortran_order': False, 'shape': (2, 2), }", new String[] {"'f8'", "byte order"}),
        Arguments.of("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2, 2), }",
            new String[] {"structured", "[('a', '<f4')]"}),
        Arguments.of("{'descr': 4, 'fortran_order': False, 'shape': (2, 2), }", new String[] {"descriptor 4"}),
        Arguments.of("{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 2), }", new String[] {"fortran_order 0"}),
        Arguments.of("{'descr': '<f4', 'fortran_order': None, 'shape': (2, 2), }", new String[] {"None"}),
        Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': [2, 2], }", new String[] {"shape [2, 2]"}),
        Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': (4), }", new String[] {"shape (4)", "(n,)"}),
        Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -2), }",
            new String[] {"(2, -2)", "negative"}),
        Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2.0), }", new String[] {"malformed integer"}),
        Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': ('2', 2), }", new String[] {"('2', 2)"}),
        Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999, 1), }",
            new String[] {"beyond 9223372036854775807"}),
        Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }",
            new String[] {"no file can hold it"}),
        Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': (" + "1, ".repeat(65) + "), }",
            new String[] {"65 dimensions"}),
        Arguments.of("{'descr': '<f4', 'fortran_order': False}", new String[] {"lacks the key 'shape'"}),
        Arguments.of("{'descr': '<f4', 'shape': (2, 2)}", new String[] {"lacks the key 'fortran_order'"}),
        Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), 'extra': 1}",
            new String[] {"the key 'extra'"}),
        Arguments.of("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2, 2)}",
            new String[] {"'descr' appears twice", "character 17"}),
        Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), } junk",
            new String[] {"unexpected text after the literal"}),
        Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), ", new String[] {"unexpected end"}),
        Arguments.of("{'descr': '<f4, 'fortran_order': False, 'shape': (2, 2)}", new String[] {"expected ',' or '}'"}),
        Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2)}\0\0\0",
            new String[] {"unexpected text", "\\x00"}),
        Arguments.of("{'descr': '<f4' 'fortran_order': False, 'shape': (2, 2)}", new String[] {"expected ',' or '}'"}),
        Arguments.of("{'descr': '<f4', 'fortran_order': false, 'shape': (2, 2)}", new String[] {"fortran_order false"}),
        Arguments.of("{'descr': '<\\x66\\x34', 'fortran_order': False, 'shape': (2, 2)}",
            new String[] {"unsupported escape"}),
        Arguments.of("{1: '<f4'}", new String[] {"dict key 1 is not a string"}),
        Arguments.of("{'descr', 'shape'}", new String[] {"expected ':'"}),
        Arguments.of("('<f4', False, (2, 2))", new String[] {"expected a dict"}),
        Arguments.of("", new String[] {"unexpected end of text"}),
        Arguments.of("{'descr': " + "(".repeat(40) + "1" + ")".repeat(40) + "}", new String[] {"not a string"}),
        Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': ((2, 2),), }",
            new String[] {"shape ((2, 2),)", "expected a tuple of integers"}),
        Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': (2, None), }", new String[] {"shape (2, None)"}),
        Arguments.of("{'descr': None, 'fortran_order': False, 'shape': (2, 2), }", new String[] {"descriptor None"}),
        Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': " + "(".repeat(100_000) + "}",
            new String[] {"expected a tuple of integers"}),
        Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2)\n, }", new String[] {}));
  }

  @ParameterizedTest
  @MethodSource("refusedHeaders")
  void malformedOrUnsupportedHeadersAreRefused(String header, String[] fragments) {
    String path = write(dir.resolve("h.npy"), npy(header, f4Counting(4)));
    if (fragments.length == 0) { // the last case is valid: a newline before the trailing comma
      assertEquals(4, NpyHeader.read(path, CONF).elementCount());
      return;
    }
    assertInvalid(path, () -> NpyHeader.read(path, CONF), fragments);
  }

  @Test
  void fileLengthMustMatchTheHeaderExactly() {
    String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }";
    int dataOffset = 10 + header.length();
    int expected = dataOffset + 9 * 8;
    String shorter = write(dir.resolve("short.npy"), npy(header, new byte[71]));
    assertInvalid(shorter, () -> NpyHeader.read(shorter, CONF), "is " + (expected - 1) + " bytes, expected " + expected,
        dataOffset + "-byte header then 3 x 3 elements of 8 bytes ('<f8')", "truncated");
    String longer = write(dir.resolve("long.npy"), npy(header, new byte[73]));
    assertInvalid(longer, () -> NpyHeader.read(longer, CONF), "is " + (expected + 1) + " bytes, expected " + expected,
        "extra bytes");
    String scalar = write(dir.resolve("scalar.npy"),
        npy("{'descr': '<f2', 'fortran_order': False, 'shape': ()}", new byte[3]));
    assertInvalid(scalar, () -> NpyHeader.read(scalar, CONF), "then 1 elements of 2 bytes");
  }

  @Test
  void prefixProblemsAreRefused() {
    byte[] good = npy(F4_2X2, f4Counting(4));
    String empty = write(dir.resolve("empty.npy"), new byte[0]);
    assertInvalid(empty, () -> NpyHeader.read(empty, CONF), "is 0 bytes, too short");
    String nine = write(dir.resolve("nine.npy"), java.util.Arrays.copyOf(good, 9));
    assertInvalid(nine, () -> NpyHeader.read(nine, CONF), "is 9 bytes, too short");

    byte[] magic = good.clone();
    magic[0] = 'x';
    String badMagic = write(dir.resolve("magic.npy"), magic);
    assertInvalid(badMagic, () -> NpyHeader.read(badMagic, CONF), "not a .npy file", "78 4e 55 4d 50 59",
        "93 4e 55 4d 50 59");
    String zip = write(dir.resolve("zip.npy"), "PK\u0003\u0004 a zip, not npy".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertInvalid(zip, () -> NpyHeader.read(zip, CONF), "not a .npy file");

    for (int[] version : new int[][] {{0, 0}, {4, 0}, {1, 1}, {255, 255}}) {
      byte[] bytes = good.clone();
      bytes[6] = (byte) version[0];
      bytes[7] = (byte) version[1];
      String path = write(dir.resolve("version.npy"), bytes);
      assertInvalid(path, () -> NpyHeader.read(path, CONF), "version " + version[0] + "." + version[1],
          "1.0, 2.0 and 3.0");
    }

    byte[] v2Short = java.util.Arrays.copyOf(npy(2, 0, F4_2X2, new byte[0]), 11);
    String eleven = write(dir.resolve("eleven.npy"), v2Short);
    assertInvalid(eleven, () -> NpyHeader.read(eleven, CONF), "is 11 bytes, too short for a version 2.0");
  }

  @Test
  void headerLengthIsBoundedBeforeAllocating() {
    byte[] bytes = npy(2, 0, F4_2X2, f4Counting(4));
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, -1); // 4 GiB - 1
    String huge = write(dir.resolve("huge.npy"), bytes);
    assertInvalid(huge, () -> NpyHeader.read(huge, CONF), "declares a 4294967295-byte header",
        "more than the 1048576 bytes");
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 1000);
    String past = write(dir.resolve("past.npy"), bytes);
    assertInvalid(past, () -> NpyHeader.read(past, CONF), "1000-byte header ending at byte 1012",
        "only " + bytes.length + " bytes");
  }

  @Test
  void longHeadersWithinTheBoundAreRead() {
    String padded = F4_2X2 + " ".repeat(200_000) + "\n";
    String path = write(dir.resolve("long.npy"), npy(2, 0, padded, f4Counting(4)));
    assertEquals(12 + padded.length(), NpyHeader.read(path, CONF).dataOffset());
  }

  @Test
  void headerTextEncodings() {
    // 1.0 and 2.0 are Latin-1: a byte 0xe9 is the character e-acute, shown escaped in the message.
    String latin = write(dir.resolve("latin.npy"),
        npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), 'caf\u00e9': 1}", f4Counting(4)));
    assertInvalid(latin, () -> NpyHeader.read(latin, CONF), "the key 'caf\\xe9'");
    // 3.0 is UTF-8: a well-formed non-ASCII descriptor is read and refused as a dtype.
    String utf8 = write(dir.resolve("utf8.npy"),
        npy(3, 0, "{'descr': '<f\u20ac', 'fortran_order': False, 'shape': (2, 2), }", f4Counting(4)));
    assertInvalid(utf8, () -> NpyHeader.read(utf8, CONF), "dtype '<f\\u20ac'");
    // ... and malformed UTF-8 is refused as such.
    byte[] bytes = npy(3, 0, F4_2X2, f4Counting(4));
    bytes[14] = (byte) 0xc3; // a lead byte followed by 'e' (from 'descr')
    String bad = write(dir.resolve("bad.npy"), bytes);
    assertInvalid(bad, () -> NpyHeader.read(bad, CONF), "not valid UTF-8");
  }

  @Test
  void missingFilesAndFoldersAreRefused() {
    String missing = dir.resolve("absent.npy").toString();
    assertRefused(Failure.IO, missing, () -> NpyHeader.read(missing, CONF), "no such file");
    String folder = dir.toString();
    assertInvalid(folder, () -> NpyHeader.read(folder, CONF), "is a folder");
  }

  @Test
  void dtypeTable() {
    for (NpyDtype d : NpyDtype.values()) {
      assertEquals(d, NpyDtype.forDescriptor(d.descriptor()));
      assertEquals(Integer.parseInt(d.descriptor().substring(2)), d.itemSize());
      assertEquals(d.descriptor().charAt(0) == '<', d.byteOrder() == ByteOrder.LITTLE_ENDIAN);
    }
    assertEquals(null, NpyDtype.forDescriptor("<i4"));
    assertFalse(NpyDtype.acceptedDescriptors().contains("="));
  }
}
