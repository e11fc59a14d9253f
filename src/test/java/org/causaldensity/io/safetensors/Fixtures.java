package org.causaldensity.io.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.function.Executable;

/** Test fixtures of io.safetensors and a plain reader that shares no code with the one under test. */
final class Fixtures {
  static final Configuration CONF = new Configuration();
  static final int VOCAB = 50;
  static final int HIDDEN = 8;

  private Fixtures() {}

  /** A file or folder under src/test/resources/fixtures/safetensors (made by make_safetensors.py). */
  static String fixture(String name) {
    try {
      return Paths.get(Fixtures.class.getResource("/fixtures/safetensors/" + name).toURI()).toString();
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing fixture " + name + "; run make_safetensors.py", e);
    }
  }

  /** The float32 values torch / numpy computed for a checkpoint's unembedding ({@code <name>.expected.f32}). */
  static float[] expected(String name) {
    ByteBuffer bytes = ByteBuffer.wrap(readBytes(Paths.get(fixture(name + ".expected.f32"))))
        .order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[bytes.remaining() / 4];
    bytes.asFloatBuffer().get(values);
    return values;
  }

  /** The shared third-party fixtures folder ({@code formats/...}); skips the test when neither place has it. */
  static Path shared(String relative) {
    String property = System.getProperty("causaldensity.shared");
    for (String root : new String[] {property, "/work/shared"}) {
      if (root != null) {
        Path candidate = Paths.get(root, "fixtures", relative);
        if (Files.exists(candidate)) {
          return candidate;
        }
      }
    }
    Assumptions.abort("shared fixtures absent (neither causaldensity.shared=" + property + " nor /work/shared holds "
        + "fixtures/" + relative + ")");
    return null;
  }

  static byte[] readBytes(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path path, byte[] bytes) {
    try {
      Files.write(path, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A safetensors file: 8-byte little-endian length of {@code header}, the header, then {@code data}. */
  static byte[] file(String header, byte[] data) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length)
        .put(json).put(data).array();
  }

  /** Asserts that {@code action} fails with {@code failure} and a message holding every fragment. */
  static CausalDensityException assertFails(Failure failure, Executable action, String... fragments) {
    CausalDensityException e = assertThrows(CausalDensityException.class, action);
    assertEquals(failure, e.failure(), e.getMessage());
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), () -> "'" + fragment + "' not in: " + e.getMessage());
    }
    return e;
  }

  /** A tensor found the plain way: header parsed with a bare ObjectMapper, offsets added by hand. */
  static final class PlainTensor {
    final String dtype;
    final long[] shape;
    final long begin;
    final long end;

    PlainTensor(String dtype, long[] shape, long begin, long end) {
      this.dtype = dtype;
      this.shape = shape;
      this.begin = begin;
      this.end = end;
    }
  }

  static PlainTensor plainTensor(Path file, String name) {
    byte[] bytes = readBytes(file);
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    try {
      JsonNode entry = new ObjectMapper().readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8)).get(name);
      long[] shape = new long[entry.get("shape").size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = entry.get("shape").get(i).longValue();
      }
      JsonNode offsets = entry.get("data_offsets");
      return new PlainTensor(entry.get("dtype").textValue(), shape, 8 + n + offsets.get(0).longValue(),
          8 + n + offsets.get(1).longValue());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Row {@code row} of a 2-D little-endian F32 tensor, read from the whole file with a ByteBuffer. */
  static float[] plainF32Row(Path file, PlainTensor tensor, int row) {
    int width = (int) tensor.shape[1];
    ByteBuffer bytes = ByteBuffer.wrap(readBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[width];
    for (int j = 0; j < width; j++) {
      values[j] = bytes.getFloat((int) (tensor.begin + 4L * ((long) row * width + j)));
    }
    return values;
  }
}
