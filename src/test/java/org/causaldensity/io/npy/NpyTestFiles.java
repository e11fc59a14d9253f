package org.causaldensity.io.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import org.junit.jupiter.api.function.Executable;

/** Shared test helpers: the project fixtures made by make_npy.py, the shared third-party folder, hand-built files. */
final class NpyTestFiles {
  static final Configuration CONF = new Configuration();

  private NpyTestFiles() {}

  /** One line of manifest.tsv: a good file and where numpy's reading of it is stored. */
  record Fixture(String file, String role, long[] shape, String descr, boolean fortran, int majorVersion,
      String expectedF4, String expectedF8) {
    Path path() {
      return fixtureDir().resolve(file);
    }

    String pathText() {
      return path().toString();
    }

    int n() {
      return (int) shape[0];
    }

    @Override
    public String toString() {
      return file;
    }
  }

  static Path fixtureDir() {
    try {
      return Paths.get(NpyTestFiles.class.getResource("/fixtures/npy/manifest.tsv").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static String fixture(String name) {
    return fixtureDir().resolve(name).toString();
  }

  static List<Fixture> manifest() {
    try {
      List<String> lines = Files.readAllLines(fixtureDir().resolve("manifest.tsv"), StandardCharsets.UTF_8);
      List<Fixture> out = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split("\t");
        long[] shape = f[2].equals("scalar") ? new long[0]
            : java.util.Arrays.stream(f[2].split("x")).mapToLong(Long::parseLong).toArray();
        out.add(new Fixture(f[0], f[1], shape, f[3], Boolean.parseBoolean(f[4]),
            Integer.parseInt(f[5].substring(0, 1)), f[6], f[7]));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Fixture> matrices() {
    return manifest().stream().filter(f -> f.role().equals("matrix")).toList();
  }

  static float[] expectedFloats(String binName) {
    ByteBuffer bytes = ByteBuffer.wrap(readBytes(fixtureDir().resolve(binName))).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[bytes.remaining() / 4];
    bytes.asFloatBuffer().get(out);
    return out;
  }

  static double[] expectedDoubles(String binName) {
    ByteBuffer bytes = ByteBuffer.wrap(readBytes(fixtureDir().resolve(binName))).order(ByteOrder.LITTLE_ENDIAN);
    double[] out = new double[bytes.remaining() / 8];
    bytes.asDoubleBuffer().get(out);
    return out;
  }

  static byte[] readBytes(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String write(Path path, byte[] bytes) {
    try {
      Files.write(path, bytes);
      return path.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The shared third-party folder: system property causaldensity.shared (set by surefire to ../shared), else
   * /work/shared; null when neither exists.
   */
  static Path sharedFormats() {
    for (String base : new String[] {System.getProperty("causaldensity.shared"), "/work/shared"}) {
      if (base != null && Files.isDirectory(Paths.get(base, "fixtures", "formats"))) {
        return Paths.get(base, "fixtures", "formats");
      }
    }
    return null;
  }

  /** A .npy file by hand: magic, version, header length, the header text as given (no padding added), data. */
  static byte[] npy(int major, int minor, String header, byte[] data) {
    byte[] text = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    int prefix = major == 1 ? 10 : 12;
    ByteBuffer out = ByteBuffer.allocate(prefix + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(NpyHeader.MAGIC).put((byte) major).put((byte) minor);
    if (major == 1) {
      out.putShort((short) text.length);
    } else {
      out.putInt(text.length);
    }
    return out.put(text).put(data).array();
  }

  static byte[] npy(String header, byte[] data) {
    return npy(1, 0, header, data);
  }

  /** {@code count} little-endian float32 values 0, 1, 2, ... */
  static byte[] f4Counting(int count) {
    ByteBuffer out = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      out.putFloat(i);
    }
    return out.array();
  }

  /** Asserts that {@code action} fails as an invalid file naming {@code path}, with every fragment in its message. */
  static CausalDensityException assertInvalid(String path, Executable action, String... fragments) {
    return assertRefused(Failure.INVALID_FILE, path, action, fragments);
  }

  static CausalDensityException assertRefused(Failure failure, String path, Executable action, String... fragments) {
    CausalDensityException e = assertThrows(CausalDensityException.class, action);
    assertEquals(path, e.subject(), "subject");
    assertEquals(failure, e.failure(), () -> "failure of: " + e.getMessage());
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), () -> "message lacks '" + fragment + "': " + e.getMessage());
    }
    return e;
  }

  /** Equal as numpy would print them: identical bits, except that any NaN equals any NaN. */
  static boolean sameFloat(float a, float b) {
    return Float.floatToRawIntBits(a) == Float.floatToRawIntBits(b) || (Float.isNaN(a) && Float.isNaN(b));
  }

  static boolean sameDouble(double a, double b) {
    return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b) || (Double.isNaN(a) && Double.isNaN(b));
  }
}
