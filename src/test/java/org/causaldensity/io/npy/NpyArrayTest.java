package org.causaldensity.io.npy;

import static org.causaldensity.io.npy.NpyTestFiles.CONF;
import static org.causaldensity.io.npy.NpyTestFiles.assertInvalid;
import static org.causaldensity.io.npy.NpyTestFiles.fixture;
import static org.causaldensity.io.npy.NpyTestFiles.sameDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.stream.Stream;
import org.causaldensity.io.npy.NpyTestFiles.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NpyArrayTest {
  static Stream<Fixture> allGoodFiles() {
    return NpyTestFiles.manifest().stream();
  }

  @ParameterizedTest
  @MethodSource("allGoodFiles")
  void valuesEqualNumpysInRowMajorOrder(Fixture f) {
    double[] expected = NpyTestFiles.expectedDoubles(f.expectedF8());
    // One-element reads only on small files: each is a positional read.
    int[] buffers = expected.length <= 64 ? new int[] {NpyMatrix.DEFAULT_BUFFER_BYTES, 1, 12, 100}
        : new int[] {NpyMatrix.DEFAULT_BUFFER_BYTES, 100};
    for (int buffer : buffers) {
      NpyArray a = NpyArray.readAll(f.pathText(), CONF, NpyArray.DEFAULT_MAX_VALUES, buffer);
      assertArrayEquals(f.shape(), a.shape());
      assertEquals(expected.length, a.size());
      double[] got = a.values();
      for (int i = 0; i < expected.length; i++) {
        if (!sameDouble(expected[i], got[i]) || !sameDouble(got[i], a.get(i))) {
          fail(f.file() + " buffer " + buffer + ": value " + i + " expected " + expected[i] + " got " + got[i]);
        }
      }
    }
  }

  @Test
  void valuesAreACopy() {
    NpyArray a = NpyArray.readAll(fixture("array_vector_5_le_f8_C.npy"), CONF);
    double first = a.get(0);
    a.values()[0] = first + 1;
    assertEquals(first, a.get(0));
  }

  @Test
  void moreValuesThanTheCapAreRefused() {
    String path = fixture("matrix_7_lef4_C_v1.npy");
    assertEquals(49, NpyArray.readAll(path, CONF, 49).size());
    assertInvalid(path, () -> NpyArray.readAll(path, CONF, 48), "holds 49 values", "(7, 7)", "48", "NpyMatrix");
    assertThrows(IllegalArgumentException.class, () -> NpyArray.readAll(path, CONF, -1));
    assertThrows(IllegalArgumentException.class, () -> NpyArray.readAll(path, CONF, Integer.MAX_VALUE));
    assertThrows(IllegalArgumentException.class, () -> NpyArray.readAll(path, CONF, 10, 0));
  }

  @Test
  void unsupportedOrMalformedFilesAreRefused() {
    String[][] cases = {
        {"bad_int_7x7_i4.npy", "'<i4'"}, {"bad_object_7x7_O.npy", "'|O'"}, {"bad_structured_7x7.npy", "structured"},
        {"bad_complex_7x7_c8.npy", "'<c8'"}, {"bad_truncated_7x7_f4.npy", "expected 324"},
        {"bad_longer_7x7_f4.npy", "expected 324"}};
    for (String[] c : cases) {
      String path = fixture(c[0]);
      assertInvalid(path, () -> NpyArray.readAll(path, CONF), c[1]);
    }
  }
}
