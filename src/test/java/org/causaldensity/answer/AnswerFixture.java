package org.causaldensity.answer;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The values numpy / scipy computed, written by src/test/fixtures/answer/make_answer_fixture.py. */
final class AnswerFixture {
  private static final String RESOURCE = "/fixtures/answer/answer_fixture.json";
  private static JsonNode root;

  private AnswerFixture() {}

  static synchronized JsonNode root() {
    if (root == null) {
      try (InputStream in = AnswerFixture.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing test resource " + RESOURCE);
        }
        root = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build().readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  /** An input array written as float32 text: (double)(float) restores the exact value numpy used. */
  static double[] float32s(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) array.get(i).asDouble();
    }
    return values;
  }

  /** An expected-value array, full float64. */
  static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asDouble();
    }
    return values;
  }

  static double[][] rows(double[] flat, int columns) {
    double[][] rows = new double[flat.length / columns][];
    for (int r = 0; r < rows.length; r++) {
      rows[r] = java.util.Arrays.copyOfRange(flat, r * columns, (r + 1) * columns);
    }
    return rows;
  }
}
