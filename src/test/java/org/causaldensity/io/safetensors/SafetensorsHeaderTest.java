package org.causaldensity.io.safetensors;

import static org.causaldensity.io.safetensors.Fixtures.CONF;
import static org.causaldensity.io.safetensors.Fixtures.assertFails;
import static org.causaldensity.io.safetensors.Fixtures.file;
import static org.causaldensity.io.safetensors.Fixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.causaldensity.io.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsHeaderTest {
  private static final String F32_A = "\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}";

  @TempDir
  Path tmp;

  private String write(String name, byte[] bytes) {
    Path path = tmp.resolve(name);
    Fixtures.write(path, bytes);
    return path.toString();
  }

  private SafetensorsHeader readBuilt(String header, int dataBytes) {
    return SafetensorsHeader.read(write("built.safetensors", file(header, new byte[dataBytes])), CONF);
  }

  private void assertRefused(String header, int dataBytes, String... fragments) {
    String path = write("refused.safetensors", file(header, new byte[dataBytes]));
    assertFails(Failure.INVALID_FILE, () -> SafetensorsHeader.read(path, CONF), fragments);
  }

  @Test
  void shardHeaderMatchesAPlainParse() {
    String shard = fixture("tied/model-00002-of-00002.safetensors");
    SafetensorsHeader header = SafetensorsHeader.read(shard, CONF);
    assertEquals(Map.of("format", "pt"), header.metadata());
    assertEquals(List.of("model.layers.0.input_layernorm.weight", "model.embed_tokens.weight"),
        List.copyOf(header.tensors().keySet()), "ascending offset order");
    for (TensorEntry entry : header.tensors().values()) {
      Fixtures.PlainTensor plain = Fixtures.plainTensor(Paths.get(shard), entry.name());
      assertEquals(plain.dtype, entry.dtype().name());
      assertArrayEquals(plain.shape, entry.shape());
      assertEquals(plain.begin, entry.begin());
      assertEquals(plain.end, entry.end());
      assertEquals(shard, entry.file());
    }
    TensorEntry gamma = header.tensor("model.embed_tokens.weight");
    assertEquals(2L * Fixtures.VOCAB * Fixtures.HIDDEN, gamma.byteLength());
    assertEquals(header.fileLength(), gamma.end(), "the last tensor ends the file");
    assertEquals(8 + header.headerLength(), header.dataStart());
    assertEquals(0, header.headerLength() % 8, "writer pads the header to 8 bytes");
    assertNull(header.tensor("lm_head.weight"));
  }

  @Test
  void acceptsWhatTheReferenceAccepts() {
    // no tensors at all, with the reference's own serialization of an empty file
    SafetensorsHeader empty = readBuilt("{}      ", 0);
    assertTrue(empty.tensors().isEmpty());
    assertTrue(empty.metadata().isEmpty());
    // scalar (shape []), zero-size tensor sharing an offset, null __metadata__, unknown entry fields, whitespace
    SafetensorsHeader mixed = readBuilt(" {\"__metadata__\":null,"
        + "\"s\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8],\"extra\":[1,{}]},"
        + "\"z\":{\"dtype\":\"F32\",\"shape\":[3,0],\"data_offsets\":[8,8]},"
        + "\"p\":{\"dtype\":\"F4\",\"shape\":[2,3],\"data_offsets\":[8,11]}}\n ", 11);
    assertEquals(List.of("s", "z", "p"), List.copyOf(mixed.tensors().keySet()));
    assertEquals(1, mixed.tensor("s").elementCount());
    assertEquals(0, mixed.tensor("z").elementCount());
    assertEquals(mixed.tensor("z").begin(), mixed.tensor("z").end());
    assertEquals(3, mixed.tensor("p").byteLength(), "six 4-bit values pack into 3 bytes");
  }

  @Test
  void refusesBadProjectFixtures() {
    String[][] cases = {
        {"header_too_large", "header length 100000001 exceeds the limit of 100000000 bytes"},
        {"header_past_end", "runs past the end of the file"},
        {"invalid_json", "header is not valid JSON"},
        {"invalid_utf8", "header is not valid UTF-8"},
        {"offsets_outside", "data_offsets [0, 400] run past the data section, which has 16 bytes"},
        {"overlapping", "tensor 'b' (data bytes [8, 24)) overlaps tensor 'a' (data bytes [0, 16))"},
        {"gap", "gap of 4 unclaimed bytes", "before tensor 'b'"},
        {"span_mismatch", "span 12 bytes, but shape [4] of F32 needs 16 bytes"},
        {"shape_overflow", "more bits than fit in 64 bits"},
        {"trailing_bytes", "cover 16 bytes of the data section, but the file has 20"},
        {"unknown_dtype", "unknown dtype 'F128'"},
    };
    for (String[] c : cases) {
      String path = fixture("bad/" + c[0] + ".safetensors");
      String[] fragments = java.util.Arrays.copyOfRange(c, 1, c.length);
      var e = assertFails(Failure.INVALID_FILE, () -> SafetensorsHeader.read(path, CONF), fragments);
      assertEquals(path, e.subject(), c[0]);
    }
  }

  @Test
  void refusesLengthFieldsThatCannotBeRight() {
    String tiny = write("tiny.safetensors", new byte[] {1, 0, 0});
    assertFails(Failure.INVALID_FILE, () -> SafetensorsHeader.read(tiny, CONF), "is 3 bytes, shorter than the 8");
    byte[] huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-2L).array();
    String topBit = write("top.safetensors", huge);
    assertFails(Failure.INVALID_FILE, () -> SafetensorsHeader.read(topBit, CONF), "18446744073709551614 exceeds");
    assertRefused("", 0, "header is empty");
  }

  @Test
  void refusesMalformedEntries() {
    assertRefused("[]      ", 0, "header is an array, expected a JSON object");
    assertRefused("{" + F32_A + "," + F32_A + "}", 16, "not valid JSON", "Duplicate field 'a'");
    assertRefused("{" + F32_A + "} x", 16, "not valid JSON");
    assertRefused("{\"a\":[1]}", 0, "tensor 'a' is an array, expected an object");
    assertRefused("{\"a\":{\"shape\":[4],\"data_offsets\":[0,16]}}", 16, "dtype is missing");
    assertRefused("{\"a\":{\"dtype\":\"f32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 16, "unknown dtype 'f32'");
    assertRefused("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,16]}}", 16, "shape is missing");
    assertRefused("{\"a\":{\"dtype\":\"F32\",\"shape\":[-4],\"data_offsets\":[0,16]}}", 16, "shape[0] is -4");
    assertRefused("{\"a\":{\"dtype\":\"F32\",\"shape\":[4.0],\"data_offsets\":[0,16]}}", 16, "shape[0] is number 4.0");
    assertRefused("{\"a\":{\"dtype\":\"F32\",\"shape\":[\"4\"],\"data_offsets\":[0,16]}}", 16,
        "shape[0] is string \"4\"");
    assertRefused("{\"a\":{\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,16]}}", 16,
        "expected an integer in [0, 9223372036854775807]");
    assertRefused("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16,32]}}", 16, "has 3 numbers");
    assertRefused("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[16,0]}}", 16, "end before they begin");
    assertRefused("{\"a\":{\"dtype\":\"F4\",\"shape\":[3],\"data_offsets\":[0,2]}}", 2, "does not fill whole bytes");
    assertRefused("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[4,20]}}", 20, "gap of 4",
        "the data section begins at 0");
    assertRefused("{\"__metadata__\":{\"k\":1}," + F32_A + "}", 16, "__metadata__ value of key 'k' is number 1");
    assertRefused("{\"__metadata__\":[]," + F32_A + "}", 16, "__metadata__ is an array");
  }

  @Test
  void refusesDeepNestingWithoutStackOverflow() {
    String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    assertRefused(deep, 0, "not valid JSON");
  }

  @Test
  void clipsHostileNamesInMessages() {
    String name = "n".repeat(10_000);
    var e = assertThrows(org.causaldensity.io.CausalDensityException.class, () -> readBuilt(
        "{\"" + name + "\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,12]}}", 12));
    assertTrue(e.getMessage().length() < 400, e.getMessage());
    assertTrue(e.getMessage().contains("(10000 chars)"));
  }

  @Test
  void dtypeWidthsFollowTheReference() {
    assertEquals(2, SafetensorsDtype.BF16.itemSize());
    assertEquals(8, SafetensorsDtype.C64.itemSize());
    assertEquals(1, SafetensorsDtype.BOOL.itemSize());
    assertEquals(6, SafetensorsDtype.F6_E3M2.bitSize());
    assertThrows(UnsupportedOperationException.class, SafetensorsDtype.F4::itemSize);
    assertEquals(SafetensorsDtype.F8_E4M3, SafetensorsDtype.fromHeaderName("F8_E4M3"));
    assertNull(SafetensorsDtype.fromHeaderName("bf16"));
  }
}
