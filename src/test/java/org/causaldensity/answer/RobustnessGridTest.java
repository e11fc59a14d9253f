package org.causaldensity.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.causaldensity.report.summary.SummaryJson;
import org.junit.jupiter.api.Test;

class RobustnessGridTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ComparisonSettings SETTINGS = ComparisonSettings.defaults().withResamples(500);

  /**
   * 400 tokens with norms 0..399. Core tokens (the lowest 20%) sit in tight groups of six: their 5 nearest others are
   * at 0.1, every further one at 10. All others have every neighbour at 1. At k = 5 the core is 10× denser than the
   * shell; from k = 10 on it is sparser (mean (5·0.1 + 5·10)/10 = 5.05).
   */
  @Test
  void verdictThatFlipsAtKFiveIsSensitiveAndNamesTheKFiveCells() {
    int n = 400;
    double[] norms = new double[n];
    float[][] distances = new float[n][50];
    for (int i = 0; i < n; i++) {
      norms[i] = i;
      boolean core = i < n / 5;
      for (int j = 0; j < 50; j++) {
        distances[i][j] = core ? (j < 5 ? 0.1f : 10f) : 1f;
      }
    }
    Robustness grid = RobustnessGrid.compute(distances, norms, new int[n], 20, SETTINGS);

    assertEquals("sparser", grid.primary().verdict());
    assertEquals(Robustness.SENSITIVE, grid.summary());
    assertEquals(List.of(5, 10, 20, 50), grid.kValues());
    assertEquals(List.of(5, 10, 20), grid.corePercentiles());
    assertEquals(4 * 3 * 2, grid.cells().size());
    assertEquals(6, grid.differing().size());
    for (RobustnessCell cell : grid.differing()) {
      assertEquals(5, cell.k(), cell.toString());
      assertEquals("denser", cell.verdict());
      assertEquals(10.0, cell.estimate(), 1e-6);
    }
    for (RobustnessCell cell : grid.cells()) {
      if (cell.k() == 10) {
        assertEquals(1 / 5.05, cell.estimate(), 1e-6, cell.toString());
      }
    }
  }

  @Test
  void primaryCellIsTheAnswerNumberForNumber() {
    Random random = new Random(11);
    int n = 600;
    double[] norms = new double[n];
    float[][] distances = new float[n][];
    int[] duplicates = new int[n];
    for (int i = 0; i < n; i++) {
      norms[i] = random.nextDouble() * 3;
      float[] row = new float[50];
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) (norms[i] + random.nextDouble());
      }
      if (i % 37 == 0) {
        row[0] = 0f; // a degenerate token
        duplicates[i] = 1;
      }
      Arrays.sort(row);
      distances[i] = row;
    }
    int k = 20;
    double[] densities = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int j = 0; j < k; j++) {
        sum += distances[i][j];
      }
      densities[i] = 1 / (sum / k);
    }
    CoreDensityAnswer answer = RegionComparison.compare(norms, densities, duplicates, SETTINGS);
    Robustness grid = RobustnessGrid.compute(distances, norms, duplicates, k, SETTINGS);

    RobustnessCell primary = grid.primary();
    assertEquals(new RobustnessCell(20, 10, false, answer.all().estimate(),
        List.of(answer.all().interval().lower(), answer.all().interval().upper()), answer.all().verdict().label()),
        primary);
    RobustnessCell clean = grid.cells().stream().filter(c -> c.k() == 20 && c.corePercentile() == 10
        && c.excludingDegenerate()).findFirst().orElseThrow();
    assertEquals(answer.excludingDegenerate().estimate(), clean.estimate(), 0.0);
    assertEquals(answer.excludingDegenerate().interval().lower(), clean.ci95().get(0), 0.0);
  }

  @Test
  void plantedDenseCoreIsRobustEverywhere() {
    int n = 300;
    double[] norms = new double[n];
    float[][] distances = new float[n][50];
    for (int i = 0; i < n; i++) {
      norms[i] = i;
      Arrays.fill(distances[i], i < 60 ? 0.01f : 1f);
    }
    Robustness grid = RobustnessGrid.compute(distances, norms, new int[n], 20, SETTINGS);
    assertEquals("denser", grid.primary().verdict());
    assertEquals(Robustness.ROBUST, grid.summary());
    assertTrue(grid.differing().isEmpty());
  }

  @Test
  void runsOwnKJoinsTheGridAndEveryKIsCappedAtNMinusOne() {
    int n = 31; // k = 50 becomes 30
    double[] norms = new double[n];
    float[][] distances = new float[n][30];
    for (int i = 0; i < n; i++) {
      norms[i] = i;
      Arrays.fill(distances[i], 1f + i);
    }
    Robustness grid = RobustnessGrid.compute(distances, norms, new int[n], 7, SETTINGS);
    assertEquals(List.of(5, 7, 10, 20, 30), grid.kValues());
    assertEquals(7, grid.primary().k());
    assertEquals(30, RobustnessGrid.keptNeighbours(31, 7));
    assertEquals(50, RobustnessGrid.keptNeighbours(1000, 20));
    assertEquals(64, RobustnessGrid.keptNeighbours(1000, 64));
  }

  @Test
  void blockHasExactlyTheIssuesKeysAndIsByteIdenticalBetweenRuns() throws Exception {
    Random random = new Random(3);
    int n = 200;
    double[] norms = random.doubles(n).toArray();
    float[][] distances = new float[n][50];
    for (float[] row : distances) {
      for (int j = 0; j < 50; j++) {
        row[j] = 1 + random.nextFloat();
      }
      Arrays.sort(row);
    }
    String first = SummaryJson.render(Map.of("robustness",
        RobustnessGrid.compute(distances, norms, new int[n], 20, SETTINGS)));
    String second = SummaryJson.render(Map.of("robustness",
        RobustnessGrid.compute(distances, norms, new int[n], 20, SETTINGS)));
    assertEquals(first, second);
    JsonNode block = JSON.readTree(first).get("robustness");
    assertEquals(List.of("statistic", "primary", "k_values", "core_percentiles", "shell_percentiles", "cells",
        "summary", "differing"), names(block));
    for (JsonNode cell : block.get("cells")) {
      assertEquals(List.of("k", "core_percentile", "excluding_degenerate", "estimate", "ci95", "verdict"), names(cell));
      assertTrue(cell.get("excluding_degenerate").isBoolean());
      assertEquals(2, cell.get("ci95").size());
    }
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
