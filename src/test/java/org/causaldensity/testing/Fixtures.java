package org.causaldensity.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the project's own fixtures from the test classpath ({@code src/test/resources/fixtures/...}). */
public final class Fixtures {
  private Fixtures() {}

  /** The bytes of a classpath resource; AssertionError naming it when missing. */
  public static byte[] bytes(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new AssertionError("fixture missing from the test classpath: " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON fixture; non-finite numbers may appear as NaN/Infinity literals (Python's json writes them). */
  public static JsonNode json(String resource) {
    try {
      ObjectMapper mapper = new ObjectMapper();
      mapper.enable(com.fasterxml.jackson.core.JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);
      return mapper.readTree(bytes(resource));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
