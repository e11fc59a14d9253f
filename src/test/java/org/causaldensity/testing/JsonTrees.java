package org.causaldensity.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reading JSON files (numpy's NaN included) and comparing trees of numbers with a relative tolerance. */
public final class JsonTrees {
  public static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private JsonTrees() {}

  public static JsonNode read(Path path) throws IOException {
    return MAPPER.readTree(Files.readAllBytes(path));
  }

  /** A number node or one of the strings "NaN", "Infinity", "-Infinity" as a double. */
  public static double number(JsonNode node) {
    if (node.isTextual()) {
      return switch (node.asText()) {
        case "NaN" -> Double.NaN;
        case "Infinity" -> Double.POSITIVE_INFINITY;
        case "-Infinity" -> Double.NEGATIVE_INFINITY;
        default -> throw new AssertionError("not a number: " + node);
      };
    }
    assertTrue(node.isNumber(), () -> "not a number: " + node);
    return node.asDouble();
  }

  /**
   * Asserts that {@code actual} holds every key of {@code expected} with equal values: integers and strings exactly,
   * floating point numbers within {@code relativeTolerance} (NaN equals NaN).
   */
  public static void assertMatches(JsonNode expected, JsonNode actual, double relativeTolerance, String where) {
    if (expected.isObject()) {
      assertTrue(actual != null && actual.isObject(), where + ": expected an object, got " + actual);
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode other = actual.get(field.getKey());
        if (other == null) {
          fail(where + "." + field.getKey() + " is missing");
        }
        assertMatches(field.getValue(), other, relativeTolerance, where + "." + field.getKey());
      }
    } else if (expected.isArray()) {
      assertTrue(actual.isArray(), where + ": expected an array, got " + actual);
      assertEquals(expected.size(), actual.size(), where + ": array length");
      for (int i = 0; i < expected.size(); i++) {
        assertMatches(expected.get(i), actual.get(i), relativeTolerance, where + "[" + i + "]");
      }
    } else if (expected.isIntegralNumber() && actual.isIntegralNumber()) {
      assertEquals(expected.asLong(), actual.asLong(), where);
    } else if (expected.isNumber() || (expected.isTextual() && isNonFinite(expected.asText()))) {
      double e = number(expected);
      double a = number(actual);
      if (Double.isNaN(e) || Double.isInfinite(e)) {
        assertEquals(e, a, where);
      } else {
        assertEquals(e, a, relativeTolerance * Math.max(1e-12, Math.abs(e)), where);
      }
    } else {
      assertEquals(expected.asText(), actual.asText(), where);
    }
  }

  /** Every key path of a tree in document order ("answer.regions.core.n"; array elements as [i]). */
  public static List<String> paths(JsonNode node) {
    List<String> paths = new ArrayList<>();
    collectPaths(node, "", paths);
    return paths;
  }

  private static void collectPaths(JsonNode node, String prefix, List<String> paths) {
    if (node.isObject()) {
      node.properties().forEach(field -> {
        String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
        paths.add(path);
        collectPaths(field.getValue(), path, paths);
      });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectPaths(node.get(i), prefix + "[" + i + "]", paths);
      }
    }
  }

  private static boolean isNonFinite(String s) {
    return s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity");
  }
}
