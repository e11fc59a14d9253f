package org.causaldensity.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test-side readers for what the demo wrote, written from the format specifications independently of the
 * writers (the project's own readers live in other packages and are tested there).
 */
final class ReadBack {
  private ReadBack() {}

  static final ObjectMapper JSON = new ObjectMapper();

  /** The float32 data of an N×N {@code <f4} .npy file (header checked for that dtype and shape). */
  static float[] npySquare(Path file, int n) {
    ByteBuffer bytes = ByteBuffer.wrap(read(file)).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = bytes.getShort(8) & 0xFFFF;
    String dict = new String(bytes.array(), 10, headerLength, StandardCharsets.US_ASCII);
    assertTrue(dict.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (" + n + ", " + n + "), }"),
        dict);
    assertEquals(0, (10 + headerLength) % 64, "data offset alignment");
    assertEquals(10 + headerLength + 4L * n * n, bytes.capacity(), "file length");
    float[] data = new float[n * n];
    bytes.position(10 + headerLength);
    bytes.asFloatBuffer().get(data);
    return data;
  }

  static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A safetensors file's header (the JSON object) and where its data starts. */
  record Safetensors(JsonNode header, long dataStart, byte[] bytes) {
    static Safetensors of(Path file) {
      byte[] bytes = read(file);
      long length = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
      try {
        JsonNode header = JSON.readTree(new String(bytes, 8, (int) length, StandardCharsets.UTF_8));
        return new Safetensors(header, 8 + length, bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Row {@code row} of a 2-D BF16 tensor, as BF16 bit patterns. */
    short[] bf16Row(String name, int row) {
      JsonNode tensor = header.get(name);
      assertEquals("BF16", tensor.get("dtype").asText());
      int cols = tensor.get("shape").get(1).asInt();
      long start = dataStart + tensor.get("data_offsets").get(0).asLong() + 2L * row * cols;
      short[] bits = new short[cols];
      ByteBuffer.wrap(bytes, (int) start, 2 * cols).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(bits);
      return bits;
    }
  }

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
