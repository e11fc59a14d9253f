package org.causaldensity.io.npy;

import static org.causaldensity.io.npy.NpyTestFiles.CONF;
import static org.causaldensity.io.npy.NpyTestFiles.assertInvalid;
import static org.causaldensity.io.npy.NpyTestFiles.fixture;
import static org.causaldensity.io.npy.NpyTestFiles.sameFloat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.causaldensity.io.npy.NpyTestFiles.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NpyMatrixTest {
  /** Buffer bounds that put chunk edges everywhere: below one element, odd sizes, one row, a few rows. */
  private static final int[] TINY_BUFFERS = {12, 132, 133, 1000, 4400};
  private static final float UNTOUCHED = -12345.678f;

  @TempDir
  Path dir;

  static Stream<Fixture> matrices() {
    return NpyTestFiles.matrices().stream();
  }

  static Stream<Fixture> largeMatrices() {
    return NpyTestFiles.matrices().stream().filter(f -> f.n() == 33);
  }

  @ParameterizedTest
  @MethodSource("matrices")
  void wholeMatrixEqualsNumpysFloat32(Fixture f) {
    float[] expected = NpyTestFiles.expectedFloats(f.expectedF4());
    try (NpyMatrix m = NpyMatrix.open(f.pathText(), CONF)) {
      assertEquals(f.n(), m.size());
      assertEquals(f.pathText(), m.path());
      assertEquals(f.descr(), m.header().dtype().descriptor());
      float[] got = new float[f.n() * f.n()];
      m.readRows(0, f.n(), got);
      assertSame(expected, 0, got, got.length, f.file());
    }
  }

  static Stream<Fixture> smallMatrices() {
    // The header version does not change the data path: one version per dtype and order is enough here.
    return NpyTestFiles.matrices().stream().filter(f -> f.n() == 7 && f.majorVersion() == 1);
  }

  /**
   * Every (firstRow, rowCount) of the 7 x 7 files with buffers below one element, of odd sizes, of one column
   * segment and more: covers each chunking path (Fortran merged, per column, split segments) exhaustively.
   */
  @ParameterizedTest
  @MethodSource("smallMatrices")
  void everyRowRangeWithEveryTinyBuffer(Fixture f) {
    float[] expected = NpyTestFiles.expectedFloats(f.expectedF4());
    for (int buffer : new int[] {1, 9, 29, 200}) {
      for (long gap : new long[] {NpyMatrix.MERGED_GAP_BYTES, 0}) { // gap 0: Fortran columns read one by one
        readEveryRange(f, expected, buffer, gap);
      }
    }
  }

  private static void readEveryRange(Fixture f, float[] expected, int buffer, long gap) {
    try (NpyMatrix m = NpyMatrix.open(f.pathText(), CONF, buffer, gap)) {
      for (int first = 0; first <= 7; first++) {
        for (int count = 0; first + count <= 7; count++) {
          float[] got = new float[count * 7 + 3];
          Arrays.fill(got, UNTOUCHED);
          m.readRows(first, count, got);
          assertSame(expected, first * 7, got, count * 7, f.file() + " rows " + first + "+" + count + " buffer "
              + buffer + " gap " + gap);
          for (int i = count * 7; i < got.length; i++) {
            assertEquals(UNTOUCHED, got[i], "wrote past rowCount x N");
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("largeMatrices")
  void randomRowRangesWithTinyBuffers(Fixture f) {
    float[] expected = NpyTestFiles.expectedFloats(f.expectedF4());
    int n = f.n();
    Random random = new Random(f.file().hashCode());
    for (int buffer : TINY_BUFFERS) {
      try (NpyMatrix m = NpyMatrix.open(f.pathText(), CONF, buffer, buffer % 2 == 0 ? 0 : 1 << 16)) {
        for (int trial = 0; trial < (buffer < 100 ? 3 : 8); trial++) { // tiny buffers: a pread per few elements
          int first = random.nextInt(n + 1);
          int count = random.nextInt(n - first + 1);
          float[] got = new float[count * n];
          m.readRows(first, count, got);
          assertSame(expected, first * n, got, count * n, f.file() + " rows " + first + "+" + count + " buffer "
              + buffer);
        }
      }
    }
  }

  @Test
  void everyFloat16BitPatternWidensLikeNumpy() throws Exception {
    String expectedHash = Files.readString(NpyTestFiles.fixtureDir().resolve("f2_all_bits.sha256"),
        StandardCharsets.US_ASCII).trim();
    try (NpyMatrix m = NpyMatrix.open(fixture("f2_all_bits.npy"), CONF)) {
      assertEquals(256, m.size());
      float[] got = new float[256 * 256];
      m.readRows(0, 256, got);
      ByteBuffer bytes = ByteBuffer.allocate(4 * got.length).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : got) {
        bytes.putInt(Float.floatToRawIntBits(v)); // raw bits: NaN payloads count
      }
      String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
      assertEquals(expectedHash, hash);
      assertEquals(65504f, got[0x7bff]);
      assertEquals(0x1p-24f, got[0x0001]);
      assertEquals(Float.NEGATIVE_INFINITY, got[0xfc00]);
    }
  }

  @Test
  void float64IsRoundedToNearestFloat32TiesToEven() {
    // matrix_7 holds 1.5 + ulp/2 and 1.5 + 3 ulp/2 (ties), 1e39 (overflow) and 1e-41 (float32 subnormal).
    float ulp = Math.ulp(1.5f);
    float[] got = new float[49];
    try (NpyMatrix m = NpyMatrix.open(fixture("matrix_7_lef8_C_v1.npy"), CONF)) {
      m.readRows(0, 7, got);
    }
    double[] stored = NpyTestFiles.expectedDoubles("expected_7_f8.f8.bin");
    int ties = 0;
    for (int i = 0; i < 49; i++) {
      if (stored[i] == 1.5 + ulp / 2.0) {
        assertEquals(1.5f, got[i]); // even mantissa
        ties++;
      } else if (stored[i] == 1.5 + 3 * ulp / 2.0) {
        assertEquals(1.5f + 2 * ulp, got[i]);
        ties++;
      } else if (stored[i] == 1e39) {
        assertEquals(Float.POSITIVE_INFINITY, got[i]);
        ties++;
      } else if (stored[i] == 1e-41) {
        assertTrue(Float.MIN_NORMAL > got[i] && got[i] > 0, "float32 subnormal");
        ties++;
      }
    }
    assertEquals(4, ties, "the fixture holds each special value once");
  }

  @Test
  void nonMatricesAreRefusedNamingTheShape() {
    String cube = fixture("bad_3d_2x3x4_f4.npy");
    assertInvalid(cube, () -> NpyMatrix.open(cube, CONF), "shape (2, 3, 4)", "2-D N x N");
    String vector = fixture("bad_1d_49_f4.npy");
    assertInvalid(vector, () -> NpyMatrix.open(vector, CONF), "shape (49,)");
    String scalar = fixture("array_scalar_le_f8.npy");
    assertInvalid(scalar, () -> NpyMatrix.open(scalar, CONF), "shape ()");
    String rect = fixture("bad_nonsquare_5x7_f4.npy");
    assertInvalid(rect, () -> NpyMatrix.open(rect, CONF), "5 x 7 matrix", "square");
    String empty = fixture("array_empty_0x0_le_f4.npy");
    assertInvalid(empty, () -> NpyMatrix.open(empty, CONF), "empty 0 x 0");
  }

  @Test
  void unsupportedDtypesAreRefusedNamingTheDtype() {
    String accepted = NpyDtype.acceptedDescriptors();
    String[][] cases = {
        {"bad_int_7x7_i4.npy", "'<i4'"}, {"bad_complex_7x7_c8.npy", "'<c8'"}, {"bad_bool_7x7_b1.npy", "'|b1'"},
        {"bad_unicode_7x7_U2.npy", "'<U2'"}, {"bad_object_7x7_O.npy", "'|O'"},
        {"bad_structured_7x7.npy", "structured"}};
    for (String[] c : cases) {
      String path = fixture(c[0]);
      assertInvalid(path, () -> NpyMatrix.open(path, CONF), c[1], accepted);
    }
  }

  @Test
  void lengthMismatchesAreRefusedWithBothSizes() throws Exception {
    // Both files are a 7 x 7 '<f4' matrix with numpy's 128-byte prefix + header: 128 + 196 = 324 bytes.
    String truncated = fixture("bad_truncated_7x7_f4.npy");
    assertEquals(321, Files.size(Path.of(truncated)));
    assertInvalid(truncated, () -> NpyMatrix.open(truncated, CONF), "is 321 bytes, expected 324", "truncated");
    String longer = fixture("bad_longer_7x7_f4.npy");
    assertInvalid(longer, () -> NpyMatrix.open(longer, CONF), "is 329 bytes, expected 324", "extra bytes");
  }

  @Test
  void fileShortenedAfterOpenIsReportedOnRead() throws Exception {
    Path copy = dir.resolve("m.npy");
    Files.copy(Path.of(fixture("matrix_33_lef4_C_v1.npy")), copy);
    try (NpyMatrix m = NpyMatrix.open(copy.toString(), CONF)) {
      byte[] bytes = Files.readAllBytes(copy);
      Files.write(copy, Arrays.copyOf(bytes, bytes.length / 2));
      float[] got = new float[33 * 33];
      assertInvalid(copy.toString(), () -> m.readRows(0, 33, got), "file ends before byte");
    }
  }

  @Test
  void argumentsAreChecked() {
    try (NpyMatrix m = NpyMatrix.open(fixture("matrix_7_lef4_C_v1.npy"), CONF)) {
      float[] dst = new float[49];
      assertMessage(assertThrows(IllegalArgumentException.class, () -> m.readRows(-1, 1, dst)), "firstRow", "-1");
      assertMessage(assertThrows(IllegalArgumentException.class, () -> m.readRows(8, 0, dst)), "firstRow", "8");
      assertMessage(assertThrows(IllegalArgumentException.class, () -> m.readRows(3, 5, dst)), "rowCount", "[0, 4]",
          "5");
      assertMessage(assertThrows(IllegalArgumentException.class, () -> m.readRows(0, -1, dst)), "rowCount", "-1");
      assertMessage(assertThrows(IllegalArgumentException.class, () -> m.readRows(0, 2, new float[13])), "dst",
          "14", "13");
      assertThrows(NullPointerException.class, () -> m.readRows(0, 1, null));
      m.readRows(7, 0, new float[0]); // an empty range at the end is fine
    }
    assertThrows(IllegalArgumentException.class, () -> NpyMatrix.open(fixture("matrix_7_lef4_C_v1.npy"), CONF, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> NpyMatrix.open(fixture("matrix_7_lef4_C_v1.npy"), CONF, 1, -1));
  }

  /** Same values in C and Fortran order, little and big endian: the layouts agree with each other, not just numpy. */
  @Test
  void allLayoutsOfOneMatrixAgree() {
    float[] reference = null;
    for (String name : new String[] {"lef4_C", "lef4_F", "bef4_C", "bef4_F"}) {
      float[] got = new float[33 * 33];
      try (NpyMatrix m = NpyMatrix.open(fixture("matrix_33_" + name + "_v1.npy"), CONF, 300, 0)) {
        m.readRows(0, 33, got);
      }
      if (reference == null) {
        reference = got;
      } else {
        assertSame(reference, 0, got, got.length, name);
      }
    }
  }

  @Test
  void closeIsIdempotentAndEndsReading() {
    NpyMatrix m = NpyMatrix.open(fixture("matrix_7_lef4_C_v1.npy"), CONF);
    float[] dst = new float[7];
    m.readRows(6, 1, dst);
    m.close();
    m.close();
    assertThrows(IllegalStateException.class, () -> m.readRows(0, 1, dst));
  }

  private static void assertSame(float[] expected, int from, float[] got, int count, String what) {
    for (int i = 0; i < count; i++) {
      if (!sameFloat(expected[from + i], got[i])) {
        fail(what + ": element " + (from + i) + " expected " + expected[from + i] + " got " + got[i]);
      }
    }
  }

  private static void assertMessage(Exception e, String... fragments) {
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), () -> "message lacks '" + fragment + "': " + e.getMessage());
    }
  }
}
