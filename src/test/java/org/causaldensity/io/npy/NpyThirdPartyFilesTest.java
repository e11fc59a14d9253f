package org.causaldensity.io.npy;

import static org.causaldensity.io.npy.NpyTestFiles.CONF;
import static org.causaldensity.io.npy.NpyTestFiles.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Files written by numpy for other projects (../shared/fixtures/formats, see its README): read with values checked
 * against what those projects recorded, or refused for the right reason.
 */
class NpyThirdPartyFilesTest {
  private static Path formats;

  @BeforeAll
  static void locate() {
    formats = NpyTestFiles.sharedFormats();
    Assumptions.assumeTrue(formats != null,
        "shared fixtures absent (neither -Dcausaldensity.shared/fixtures/formats nor /work/shared): skipped");
  }

  private static String npyjs(String stem) {
    return formats.resolve("npyjs@36e9a2f0/test/data/" + stem + ".npy").toString();
  }

  private static String ndarrayNpy(String name) {
    return formats.resolve("ndarray-npy@e403bc75/resources/" + name).toString();
  }

  private static String xtensor(String name) {
    return formats.resolve("xtensor@dd857e5f/test/files/xnpy_files/" + name).toString();
  }

  /** npyjs's records.json holds the last five values of each of its files. */
  @Test
  void npyjsFloatsEndWithTheRecordedValues() throws Exception {
    JsonNode records = new ObjectMapper().readTree(formats.resolve("npyjs@36e9a2f0/test/records.json").toFile());
    String[][] files = {
        {"10-float16", "<f2", "10"}, {"10-float32", "<f4", "10"}, {"10-float64", "<f8", "10"},
        {"65x65-float16", "<f2", "65,65"}, {"65x65-float32", "<f4", "65,65"}, {"65x65-float64", "<f8", "65,65"},
        {"4x4x4x4x4-float32", "<f4", "4,4,4,4,4"}};
    for (String[] f : files) {
      NpyArray a = NpyArray.readAll(npyjs(f[0]), CONF);
      assertEquals(f[1], a.header().dtype().descriptor(), f[0]);
      assertArrayEquals(Arrays.stream(f[2].split(",")).mapToLong(Long::parseLong).toArray(), a.shape(), f[0]);
      JsonNode lastFive = records.get("./data/" + f[0]);
      assertEquals(5, lastFive.size(), f[0]);
      for (int i = 0; i < 5; i++) {
        assertEquals(lastFive.get(i).asDouble(), a.get(a.size() - 5 + i), f[0] + " value " + (a.size() - 5 + i));
      }
    }
  }

  @Test
  void npyjsSquareMatricesReadByRowsAgreeWithTheWholeArray() throws Exception {
    JsonNode records = new ObjectMapper().readTree(formats.resolve("npyjs@36e9a2f0/test/records.json").toFile());
    for (String stem : new String[] {"65x65-float16", "65x65-float32", "65x65-float64"}) {
      double[] whole = NpyArray.readAll(npyjs(stem), CONF).values();
      try (NpyMatrix m = NpyMatrix.open(npyjs(stem), CONF, 1000, 0)) {
        assertEquals(65, m.size());
        float[] rows = new float[65 * 65];
        for (int first = 0; first < 65; first += 9) { // uneven blocks: 9, 9, ..., 2
          int count = Math.min(9, 65 - first);
          float[] block = new float[count * 65];
          m.readRows(first, count, block);
          System.arraycopy(block, 0, rows, first * 65, block.length);
        }
        for (int i = 0; i < whole.length; i++) {
          assertEquals((float) whole[i], rows[i], stem + " value " + i);
        }
        for (int i = 0; i < 5; i++) { // the last row's last five columns, as recorded
          assertEquals((float) records.get("./data/" + stem).get(i).asDouble(), rows[65 * 65 - 5 + i]);
        }
      }
    }
  }

  @Test
  void npyjsNonMatricesAndNonFloatsAreRefused() {
    String vector = npyjs("10-float32");
    assertInvalid(vector, () -> NpyMatrix.open(vector, CONF), "shape (10,)", "2-D N x N");
    String fiveD = npyjs("4x4x4x4x4-float32");
    assertInvalid(fiveD, () -> NpyMatrix.open(fiveD, CONF), "shape (4, 4, 4, 4, 4)");
    for (String[] f : new String[][] {{"10-int64", "'<i8'"}, {"bool", "'|b1'"}}) {
      String path = npyjs(f[0]);
      assertInvalid(path, () -> NpyArray.readAll(path, CONF), "dtype " + f[1], NpyDtype.acceptedDescriptors());
      assertInvalid(path, () -> NpyMatrix.open(path, CONF), "dtype " + f[1]);
    }
  }

  /** ndarray-npy's float64 examples hold their own flat (C-order) index; their headers lack numpy's trailing ", ". */
  @Test
  void ndarrayNpyFloat64ValuesAreTheirFlatIndex() {
    for (String endian : new String[] {"little", "big"}) {
      for (String order : new String[] {"standard", "fortran"}) {
        String path = ndarrayNpy("example_f64_" + endian + "_endian_" + order + ".npy");
        NpyArray a = NpyArray.readAll(path, CONF);
        assertEquals(endian.equals("little") ? NpyDtype.LITTLE_F8 : NpyDtype.BIG_F8, a.header().dtype());
        assertEquals(order.equals("fortran"), a.header().fortranOrder());
        assertArrayEquals(new long[] {2, 3, 4}, a.shape());
        for (int i = 0; i < 24; i++) {
          assertEquals(i, a.get(i), path + " value " + i);
        }
        assertInvalid(path, () -> NpyMatrix.open(path, CONF), "shape (2, 3, 4)");
      }
    }
  }

  @Test
  void ndarrayNpyComplexBoolAndIntAreRefused() {
    String[][] cases = {
        {"example_c64_little_endian_standard.npy", "'<c16'"}, {"example_c64_big_endian_fortran.npy", "'>c16'"},
        {"example_bool_standard.npy", "'|b1'"}, {"example_bool_bad_value.npy", "'|b1'"}, {"array.npy", "'<i4'"}};
    for (String[] c : cases) {
      String path = ndarrayNpy(c[0]);
      assertInvalid(path, () -> NpyArray.readAll(path, CONF), "dtype " + c[1]);
      assertInvalid(path, () -> NpyMatrix.open(path, CONF), "dtype " + c[1]);
    }
  }

  /**
   * xtensor wrote one 3 x 3 x 3 array in C and Fortran order (its ".be" copies are in fact little-endian). Checked
   * against the files' raw bytes with the index arithmetic done here: C offset 9i + 3j + k, Fortran i + 3j + 9k.
   */
  @Test
  void xtensorDoublesAgreeAcrossOrdersAndWithTheRawBytes() {
    double[] c = NpyArray.readAll(xtensor("double.le.npy"), CONF).values();
    for (String name : new String[] {"double.be.npy", "double_fortran.le.npy", "double_fortran.be.npy"}) {
      NpyArray a = NpyArray.readAll(xtensor(name), CONF);
      assertEquals(NpyDtype.LITTLE_F8, a.header().dtype(), name);
      assertEquals(name.contains("fortran"), a.header().fortranOrder(), name);
      assertArrayEquals(c, a.values(), name);
    }
    double[] rawC = rawDoubles(xtensor("double.le.npy"));
    double[] rawF = rawDoubles(xtensor("double_fortran.le.npy"));
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 3; k++) {
          assertEquals(rawC[9 * i + 3 * j + k], c[9 * i + 3 * j + k]);
          assertEquals(rawF[i + 3 * j + 9 * k], c[9 * i + 3 * j + k]);
        }
      }
    }
    assertFalse(Arrays.equals(rawC, rawF), "the two layouts differ on disk");
  }

  @Test
  void xtensorIntegersAndBooleansAreRefused() {
    String[][] cases = {
        {"int.le.npy", "'<i4'"}, {"unsignedlong.be.npy", "'<u8'"}, {"unsignedlong_fortran.le.npy", "'<u8'"},
        {"bool.le.npy", "'|b1'"}, {"bool_fortran.be.npy", "'|b1'"}};
    for (String[] c : cases) {
      String path = xtensor(c[0]);
      assertInvalid(path, () -> NpyArray.readAll(path, CONF), "dtype " + c[1]);
    }
  }

  @Test
  void candleInt64VectorIsRefused() {
    String path = formats.resolve("candle@2a13b0f3/candle-core/tests/test.npy").toString();
    assertInvalid(path, () -> NpyHeader.read(path, CONF), "dtype '<i8'");
    assertInvalid(path, () -> NpyMatrix.open(path, CONF), "dtype '<i8'");
  }

  private static double[] rawDoubles(String path) {
    byte[] bytes = NpyTestFiles.readBytes(Path.of(path));
    int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
    assertTrue(bytes[6] == 1, "version 1.0 file");
    ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLength, bytes.length - 10 - headerLength)
        .order(ByteOrder.LITTLE_ENDIAN);
    double[] out = new double[data.remaining() / 8];
    data.asDoubleBuffer().get(out);
    return out;
  }
}
