package org.causaldensity.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;

/**
 * Renders the run's summary as pretty JSON. Non-finite numbers become the strings {@code "Infinity"},
 * {@code "-Infinity"} and {@code "NaN"} (Jackson's default), so strict JSON parsers accept the file.
 */
public final class SummaryJson {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SummaryJson() {}

  /** The JSON text of a tree of maps, lists, arrays, numbers and strings. */
  public static String render(Map<String, ?> summary) {
    try {
      return MAPPER.writeValueAsString(summary) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("summary is not serialisable: " + e.getMessage(), e);
    }
  }
}
