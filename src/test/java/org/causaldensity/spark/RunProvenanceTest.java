package org.causaldensity.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.causaldensity.inputs.AnalysisOptions;
import org.junit.jupiter.api.Test;

class RunProvenanceTest {
  @Test
  void everyOptionIsRecordedUnderItsSnakeCaseName() {
    AnalysisOptions options = AnalysisOptions.defaults("d.npy", "t.pt", "m.pt", "model", "out", true);
    Map<String, Object> block = RunProvenance.options(options);
    List<String> expected = new ArrayList<>();
    for (RecordComponent c : AnalysisOptions.class.getRecordComponents()) {
      StringBuilder snake = new StringBuilder();
      for (char ch : c.getName().toCharArray()) {
        snake.append(Character.isUpperCase(ch) ? "_" + Character.toLowerCase(ch) : String.valueOf(ch));
      }
      expected.add(snake.toString());
    }
    assertEquals(expected, List.copyOf(block.keySet()));
    assertEquals("d.npy", block.get("distances"));
    assertEquals(true, block.get("overwrite"));
    assertEquals(20, block.get("k"));
    assertEquals("option", block.get("d_eff_source"));
    assertEquals("error", block.get("on_invalid"));
    assertEquals("token_indices", block.get("token_indices_key"));
  }
}
