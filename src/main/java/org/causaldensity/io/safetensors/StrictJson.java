package org.causaldensity.io.safetensors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.causaldensity.io.CausalDensityException;

/**
 * JSON parsing for safetensors headers and the checkpoint's side files. Headers are read as strictly as the
 * reference's serde_json reads them (valid UTF-8, one value and only whitespace after it, no comments, no NaN) and
 * stricter in one way: a repeated key is refused rather than silently overwritten. {@code config.json} and the index
 * are written by Python's {@code json} module, so they are read as Python reads them: NaN and Infinity allowed, a
 * repeated key's last value wins.
 */
final class StrictJson {
  private static final ObjectMapper HEADER_MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final ObjectMapper PYTHON_MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private StrictJson() {}

  /** Parses a safetensors header: {@code length} bytes of UTF-8 JSON; {@code what} names it in messages. */
  static JsonNode parse(byte[] bytes, int offset, int length, String path, String what) {
    return parse(HEADER_MAPPER, bytes, offset, length, path, what);
  }

  /** Parses a JSON file written by Python ({@code config.json}, the shard index). */
  static JsonNode parsePythonJson(byte[] bytes, String path) {
    return parse(PYTHON_MAPPER, bytes, 0, bytes.length, path, "the file");
  }

  private static JsonNode parse(ObjectMapper mapper, byte[] bytes, int offset, int length, String path,
      String what) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw CausalDensityException.invalidFile(path, "%s is not valid UTF-8", what);
    }
    try {
      JsonNode root = mapper.readTree(text);
      if (root == null || root.isMissingNode()) {
        throw CausalDensityException.invalidFile(path, "%s is empty, expected a JSON object", what);
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : String.format(java.util.Locale.ROOT, " at line %d, column %d",
          at.getLineNr(), at.getColumnNr());
      throw CausalDensityException.invalidFile(path, "%s is not valid JSON%s: %s", what, where,
          e.getOriginalMessage());
    }
  }

  /** A non-negative integer that fits in a long; anything else (fraction, exponent, sign, string) is refused. */
  static long nonNegativeLong(JsonNode node, String path, String where) {
    if (node == null || !node.isIntegralNumber()) {
      throw CausalDensityException.invalidFile(path, "%s is %s, expected a non-negative integer", where,
          describe(node));
    }
    if (!node.canConvertToLong() || node.longValue() < 0) {
      throw CausalDensityException.invalidFile(path, "%s is %s, expected an integer in [0, %d]", where,
          node.asText(), Long.MAX_VALUE);
    }
    return node.longValue();
  }

  /** A short description of a JSON value for messages: its type and, for scalars, a clipped rendering. */
  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "missing";
    }
    if (node.isContainerNode()) {
      return node.isArray() ? "an array" : "an object";
    }
    String text = node.toString();
    String clipped = text.length() > 40 ? text.substring(0, 40) + "..." : text;
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + clipped;
  }
}
