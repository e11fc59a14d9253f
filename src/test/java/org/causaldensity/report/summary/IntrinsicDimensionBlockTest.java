package org.causaldensity.report.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.causaldensity.answer.DimensionEstimate;
import org.causaldensity.answer.IntrinsicDimension;
import org.junit.jupiter.api.Test;

/** Both participation ratios are reported with their definitions; a NaN one is left out. */
class IntrinsicDimensionBlockTest {
  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void bothParticipationRatiosWithTheirDefinitions() {
    JsonNode block = SummaryJson.tree(IntrinsicDimensionBlock.of(new IntrinsicDimension(
        new DimensionEstimate("twonn_mle", 7.1, 10, 0), null, null, 5.5, 100, 8, 6.5)));
    assertEquals(List.of("twonn", "participation_ratio", "metric_participation_ratio"), keys(block));
    assertEquals(List.of("method", "definition", "estimate", "samples", "ambient_dimension"),
        keys(block.get("participation_ratio")));
    assertEquals(List.of("method", "definition", "estimate", "ambient_dimension"),
        keys(block.get("metric_participation_ratio")));
    assertEquals(6.5, block.get("metric_participation_ratio").get("estimate").asDouble());
    assertEquals(IntrinsicDimensionBlock.METRIC_DEFINITION,
        block.get("metric_participation_ratio").get("definition").asText());
    assertEquals(5.5, block.get("participation_ratio").get("estimate").asDouble());
  }

  @Test
  void aRatioNotComputedIsLeftOut() {
    JsonNode block = SummaryJson.tree(IntrinsicDimensionBlock.of(new IntrinsicDimension(null, null, null, Double.NaN,
        0, 8, 3.0)));
    assertEquals(List.of("metric_participation_ratio"), keys(block));
  }
}
