package org.causaldensity.report.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.causaldensity.testing.JsonTrees;
import org.junit.jupiter.api.Test;

/**
 * The record ↔ JSON mapping, on the summary.json a real run wrote for the end-to-end fixture (committed beside it;
 * {@code AnalysisJobTest} checks that a run still writes it).
 */
class SummaryJsonTest {
  static final Path REAL_RUN = Path.of("src/test/resources/fixtures/e2e/expected_summary.json");

  static String realRun() throws IOException {
    return Files.readString(REAL_RUN, StandardCharsets.UTF_8);
  }

  @Test
  void aRealRunsSummaryReadsBackIntoTheRecordAndIsWrittenAgainByteForByte() throws IOException {
    Summary summary = SummaryJson.read(realRun());
    assertEquals(realRun(), SummaryJson.render(summary));
  }

  @Test
  void topLevelKeysAndTheirOrderAreTheDocumentedOnes() throws IOException {
    JsonNode tree = JsonTrees.MAPPER.readTree(realRun());
    assertEquals(List.of("schema_version", "inputs", "options", "warnings", "notebook", "product", "answer",
        "n_duplicate_groups", "duplicate_groups", "extremes", "robustness", "null_models"),
        List.copyOf(fieldNames(tree)));
    assertEquals(Summary.SCHEMA_VERSION, tree.get("schema_version").asInt());
    assertEquals(List.of("statistic", "estimate", "ci95", "verdict", "bootstrap", "ratio_of_means",
        "mean_log10_density_difference", "mann_whitney", "regions", "tokens", "degenerate_tokens", "norm_thresholds",
        "excluding_degenerate", "intrinsic_dimension", "duplicates_policy"), fieldNames(tree.get("answer")));
    assertEquals(fieldNames(tree.get("answer")).subList(0, 9), fieldNames(tree.get("answer")
        .get("excluding_degenerate")));
  }

  @Test
  void nonFiniteNumbersAreStringsInTheFileAndDoublesInTheRecord() throws IOException {
    Summary summary = SummaryJson.read(realRun());
    // The fixture's 22 tokens with all neighbours at distance 0 make the core's median density +Infinity.
    assertEquals(Double.POSITIVE_INFINITY, summary.answer().estimate());
    assertEquals(22, summary.answer().regions().core().infiniteDensities());
    assertTrue(realRun().contains("\"estimate\" : \"Infinity\""));
  }

  @Test
  void absentOptionalValuesAreLeftOutAndNullsKept() throws IOException {
    Summary summary = SummaryJson.read(realRun());
    assertNull(summary.inputs().tokenizer(), "the fixture has no tokenizer");
    assertTrue(realRun().contains("\"tokenizer\" : null"), "a null input is written, not left out");
    ProductBlock.Described none = ProductBlock.Described.of(new double[] {Double.POSITIVE_INFINITY});
    assertEquals(List.of("n_finite", "n_infinite"), fieldNames(SummaryJson.tree(none)));
    IntrinsicDimensionBlock dimension = new IntrinsicDimensionBlock(null, null, null, null, null);
    assertEquals(List.of(), fieldNames(SummaryJson.tree(dimension)));
  }

  @Test
  void anUnknownKeyIsRefused() throws IOException {
    String renamed = realRun().replace("\"n_duplicate_groups\"", "\"duplicate_group_count\"");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SummaryJson.read(renamed));
    assertTrue(e.getMessage().contains("duplicate_group_count"), e.getMessage());
  }

  private static List<String> fieldNames(JsonNode node) {
    return node.properties().stream().map(java.util.Map.Entry::getKey).toList();
  }
}
