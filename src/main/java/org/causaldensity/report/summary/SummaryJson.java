package org.causaldensity.report.summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;

/**
 * summary.json and run_info.json as pretty JSON. A record component is written under its snake_case name
 * ({@code nDuplicateGroups} → {@code n_duplicate_groups}) in declaration order; map keys as they are. Non-finite
 * numbers become the strings {@code "Infinity"}, {@code "-Infinity"} and {@code "NaN"} (Jackson's default), so strict
 * JSON parsers accept the file, and {@link #read} turns them back into doubles.
 */
public final class SummaryJson {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private SummaryJson() {}

  /** The text of summary.json. */
  public static String render(Summary summary) {
    return write(summary);
  }

  /** The JSON text of a tree of maps, lists, arrays, numbers and strings (run_info.json). */
  public static String render(Map<String, ?> tree) {
    return write(tree);
  }

  /**
   * The summary a summary.json of this schema holds. A key the record does not know, or a value of the wrong type,
   * is an IllegalArgumentException naming it.
   */
  public static Summary read(String json) {
    try {
      return MAPPER.readValue(json, Summary.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a summary.json of schema " + Summary.SCHEMA_VERSION + ": "
          + e.getOriginalMessage(), e);
    }
  }

  /** A block as the JSON tree summary.json holds for it (snake_case keys in file order). */
  public static JsonNode tree(Object block) {
    return MAPPER.valueToTree(block);
  }

  private static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("summary is not serialisable: " + e.getMessage(), e);
    }
  }
}
