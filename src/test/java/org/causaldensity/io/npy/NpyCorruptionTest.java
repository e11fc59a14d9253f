package org.causaldensity.io.npy;

import static org.causaldensity.io.npy.NpyTestFiles.CONF;
import static org.causaldensity.io.npy.NpyTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.causaldensity.io.CausalDensityException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile bytes: project fixtures truncated, extended and with bytes flipped, and random byte sequences. Every
 * outcome must be a {@link CausalDensityException} naming the file or a successful read; a flipped data byte must
 * change at most the one element it belongs to.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NpyCorruptionTest {
  /** Flip masks for header bytes: lowest bit, ASCII case/space bit, top bit. */
  private static final int[] HEADER_MASKS = {0x01, 0x20, 0x80};
  private static final int DATA_FLIPS = 40;
  private static final int DATA_TRUNCATIONS = 25;

  @TempDir
  Path diskDir;
  /** Where the corrupted copies go: tmpfs when there is one (thousands of small writes), else the disk. */
  private Path dir;

  @BeforeEach
  void chooseFolder() throws IOException {
    Path shm = Path.of("/dev/shm");
    dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "npy-corruption-")
        : diskDir;
  }

  @AfterEach
  void removeFolder() throws IOException {
    if (!dir.equals(diskDir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }

  /** One file per header version, every dtype width, both orders, and non-matrix shapes. */
  static Stream<String> swept() {
    return Stream.of("matrix_7_lef4_C_v1.npy", "matrix_7_bef8_F_v2.npy", "matrix_7_lef2_F_v3.npy",
        "matrix_7_bef2_C_v1.npy", "matrix_33_lef8_F_v1.npy", "array_cube_2x3x4_be_f2_F.npy", "array_scalar_le_f8.npy",
        "array_empty_0_le_f4.npy");
  }

  /** What reading a file gave: refused, or the values through both readers (matrix values null for non-matrices). */
  private record Outcome(CausalDensityException refusal, NpyHeader header, float[] matrix, double[] array) {}

  private Outcome read(String path, String what) {
    try {
      NpyArray array = NpyArray.readAll(path, CONF);
      float[] matrix = null;
      if (array.header().ndim() == 2 && array.header().rows() == array.header().cols() && array.size() > 0) {
        try (NpyMatrix m = NpyMatrix.open(path, CONF)) {
          matrix = new float[m.size() * m.size()];
          m.readRows(0, m.size(), matrix);
        }
      } else {
        try (NpyMatrix m = NpyMatrix.open(path, CONF)) {
          fail(what + ": NpyMatrix opened a non-matrix " + m.header());
        } catch (CausalDensityException expected) {
          assertEquals(path, expected.subject(), what);
        }
      }
      return new Outcome(null, array.header(), matrix, array.values());
    } catch (CausalDensityException e) {
      assertEquals(path, e.subject(), what);
      assertNotNull(e.getMessage(), what);
      try (NpyMatrix m = NpyMatrix.open(path, CONF)) {
        fail(what + ": NpyArray refused (" + e.getMessage() + ") but NpyMatrix opened " + m.header());
      } catch (CausalDensityException alsoRefused) {
        assertEquals(path, alsoRefused.subject(), what);
      }
      return new Outcome(e, null, null, null);
    } catch (RuntimeException | Error e) {
      throw new AssertionError(what + ": " + e, e);
    }
  }

  @ParameterizedTest
  @MethodSource("swept")
  void truncatedAndExtendedFilesAreRefused(String name) {
    byte[] clean = NpyTestFiles.readBytes(NpyTestFiles.fixtureDir().resolve(name));
    long dataOffset = NpyHeader.read(NpyTestFiles.fixture(name), CONF).dataOffset();
    String path = dir.resolve("t.npy").toString();
    Random random = new Random(name.hashCode());
    int[] cuts = new int[(int) dataOffset + DATA_TRUNCATIONS];
    for (int i = 0; i < dataOffset; i++) {
      cuts[i] = i; // every byte of prefix and header
    }
    for (int i = 0; i < DATA_TRUNCATIONS; i++) {
      cuts[(int) dataOffset + i] = clean.length == dataOffset ? (int) dataOffset - 1
          : (int) dataOffset + random.nextInt(clean.length - (int) dataOffset);
    }
    for (int cut : cuts) {
      write(Path.of(path), Arrays.copyOf(clean, cut));
      Outcome o = read(path, name + " cut at " + cut);
      assertNotNull(o.refusal(), name + " cut at " + cut + " was read");
    }
    for (int extra : new int[] {1, 2, 7, 64}) {
      write(Path.of(path), Arrays.copyOf(clean, clean.length + extra));
      Outcome o = read(path, name + " plus " + extra);
      assertNotNull(o.refusal(), name + " plus " + extra + " was read");
      assertTrue(o.refusal().getMessage().contains("extra bytes"), o.refusal().getMessage());
    }
  }

  @ParameterizedTest
  @MethodSource("swept")
  void flippedBytesAreRefusedOrReadConsistently(String name) {
    String cleanPath = NpyTestFiles.fixture(name);
    byte[] clean = NpyTestFiles.readBytes(Path.of(cleanPath));
    Outcome reference = read(cleanPath, name);
    int dataOffset = (int) reference.header().dataOffset();
    String path = dir.resolve("f.npy").toString();
    int refused = 0;
    for (int at = 0; at < dataOffset; at++) {
      for (int mask : HEADER_MASKS) {
        byte[] bytes = clean.clone();
        bytes[at] ^= (byte) mask;
        write(Path.of(path), bytes);
        String what = name + " byte " + at + " ^ " + mask;
        Outcome o = read(path, what);
        if (o.refusal() != null) {
          refused++;
        } else if (o.header().equals(reference.header())) { // e.g. '\n' -> vertical tab: still the same header
          assertValuesEqual(reference, o, -1, what);
        }
      }
    }
    assertTrue(refused > dataOffset, name + ": only " + refused + " header flips refused");
    Random random = new Random(name.hashCode());
    for (int k = 0; k < DATA_FLIPS && clean.length > dataOffset; k++) {
      int at = dataOffset + random.nextInt(clean.length - dataOffset);
      byte[] bytes = clean.clone();
      bytes[at] ^= (byte) (1 + random.nextInt(255));
      write(Path.of(path), bytes);
      String what = name + " data byte " + at;
      Outcome o = read(path, what);
      assertEquals(null, o.refusal(), what);
      int element = (at - dataOffset) / reference.header().dtype().itemSize(); // in file order
      assertValuesEqual(reference, o, element, what);
    }
  }

  /** Equal values, except possibly the element at file-order index {@code except}: at most one may differ. */
  private static void assertValuesEqual(Outcome expected, Outcome got, int except, String what) {
    int differing = 0;
    for (int i = 0; i < expected.array().length; i++) {
      differing += NpyTestFiles.sameDouble(expected.array()[i], got.array()[i]) ? 0 : 1;
    }
    assertTrue(differing <= (except < 0 ? 0 : 1), what + ": " + differing + " values changed");
    if (expected.matrix() != null) {
      int differingFloats = 0;
      for (int i = 0; i < expected.matrix().length; i++) {
        differingFloats += NpyTestFiles.sameFloat(expected.matrix()[i], got.matrix()[i]) ? 0 : 1;
      }
      assertTrue(differingFloats <= (except < 0 ? 0 : 1), what + ": " + differingFloats + " floats changed");
    }
  }

  @Test
  void randomBytesAreRefused() {
    Random random = new Random(7);
    String path = dir.resolve("r.npy").toString();
    for (int trial = 0; trial < 800; trial++) {
      byte[] bytes = new byte[random.nextInt(300)];
      random.nextBytes(bytes);
      if (trial % 2 == 0 && bytes.length >= 12) { // a valid prefix so the header parser sees the noise
        System.arraycopy(NpyHeader.MAGIC, 0, bytes, 0, 6);
        bytes[6] = (byte) (1 + random.nextInt(3));
        bytes[7] = 0;
        bytes[8] = (byte) random.nextInt(bytes.length - 11);
        bytes[9] = 0;
        bytes[10] = 0;
        bytes[11] = 0;
      }
      write(Path.of(path), bytes);
      assertNotNull(read(path, "random trial " + trial).refusal(), "random trial " + trial);
    }
  }

  /** Random edits of a valid header text (a character replaced, dropped or doubled) in each version. */
  @Test
  void randomHeaderTextEditsAreRefusedOrReadConsistently() {
    Random random = new Random(11);
    String header = "{'descr': '<f4', 'fortran_order': True, 'shape': (3, 3), }";
    String alphabet = "{}()[],:'\" 0123456789-LuTrueFalseNone<>=|f248descrshapefortran_order\n\t\\\u00e9\u20ac\0";
    String path = dir.resolve("e.npy").toString();
    int read = 0;
    for (int trial = 0; trial < 800; trial++) {
      StringBuilder text = new StringBuilder(header);
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(text.length());
        switch (random.nextInt(3)) {
          case 0 -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
          case 1 -> text.deleteCharAt(at);
          default -> text.insert(at, text.charAt(at));
        }
      }
      int major = 1 + trial % 3;
      write(Path.of(path), NpyTestFiles.npy(major, 0, text.toString(), NpyTestFiles.f4Counting(9)));
      Outcome o = read(path, "edit " + trial + " v" + major + ": " + text);
      if (o.refusal() == null) {
        read++;
        assertEquals(o.header().elementCount(), o.array().length);
      }
    }
    assertTrue(read > 0 && read < 800, "some edits keep the header valid, most do not: " + read);
  }
}
