package org.causaldensity.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causaldensity.knn.NeighbourScan;
import org.causaldensity.knn.TokenNeighbours;
import org.causaldensity.report.summary.NotebookBlock;
import org.causaldensity.report.summary.SummaryJson;
import org.causaldensity.testing.Fixtures;
import org.causaldensity.testing.SmallNpy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end against the notebook's own code: make_notebook_fixture.py ran the notebook on distances.npy; here the
 * same rows go through NeighbourScan and NotebookSummary.
 */
class NotebookSummaryTest {
  /** Values derived from float32 distances: numpy's float32 mean sums in np.partition's internal order. */
  private static final double FLOAT_DERIVED_RTOL = 1e-6;

  private static JsonNode expected;
  private static long[] tokenIds;
  private static double[] norms;
  private static double[] densities;
  private static int[] duplicates;
  private static int k;

  @BeforeAll
  static void scanTheMatrix() {
    expected = Fixtures.json("/fixtures/notebook/expected.json");
    SmallNpy.Matrix m = SmallNpy.float32Matrix(Fixtures.bytes("/fixtures/notebook/distances.npy"));
    int n = m.rows;
    k = expected.get("notebook").get("k").asInt();
    tokenIds = new long[n];
    norms = new double[n];
    densities = new double[n];
    duplicates = new int[n];
    NeighbourScan scan = new NeighbourScan(n, k);
    for (int i = 0; i < n; i++) {
      tokenIds[i] = expected.get("token_indices").get(i).asLong();
      norms[i] = expected.get("causal_norms").get(i).asDouble();
      TokenNeighbours t = scan.scan(m.data, i * n, i);
      densities[i] = t.notebookDensity();
      duplicates[i] = t.exactDuplicates();
      assertEquals(0, t.invalidCount(), "row " + i);
    }
  }

  private static void assertClose(JsonNode want, Object got, double rtol, String key) {
    if (want.isArray()) {
      int size = want.size();
      if (got instanceof double[]) {
        double[] g = (double[]) got;
        assertEquals(size, g.length, key);
        for (int i = 0; i < size; i++) {
          assertClose(want.get(i), g[i], rtol, key + "[" + i + "]");
        }
      } else {
        long[] g = (long[]) got;
        assertEquals(size, g.length, key);
        for (int i = 0; i < size; i++) {
          assertEquals(want.get(i).asLong(), g[i], key + "[" + i + "]");
        }
      }
    } else if (want.isTextual()) {
      assertEquals(want.asText(), got, key);
    } else if (want.isIntegralNumber()) {
      assertInstanceOf(Long.class, got, key);
      assertEquals(want.asLong(), (long) (Long) got, key);
    } else {
      double w = want.asDouble();
      double g = (Double) got;
      assertEquals(w, g, rtol * Math.abs(w), key);
    }
  }

  @Test
  void perTokenDensitiesMatchTheNotebook() {
    JsonNode want = expected.get("densities");
    int zeros = 0;
    for (int i = 0; i < densities.length; i++) {
      double w = want.get(i).asDouble();
      assertEquals(w, densities[i], FLOAT_DERIVED_RTOL * w, "density of row " + i);
      if (w == 0) {
        zeros++;
      }
      assertEquals(expected.get("zero_offdiagonal_per_row").get(i).asInt(), duplicates[i], "duplicates of row " + i);
    }
    assertEquals(23, zeros, "the group of 23 identical points has nothing left (k + 1 = 21 zeros)");
  }

  @Test
  void everyKeyOfTheNotebookBlockMatches() {
    NotebookSummary summary = NotebookSummary.compute(tokenIds, norms, densities, k, 1333,
        expected.get("bins").asInt());
    Map<String, Object> got = plainMap(SummaryJson.tree(NotebookBlock.of(summary)));
    JsonNode want = expected.get("notebook");
    assertEquals(fieldNames(want), new ArrayList<>(got.keySet()), "keys and their order");
    int leaves = compare(want, got, "");
    // 8 scalars (range: 2), density 4, log volumetric 5, norm 4, radial 31 + 4×30, regions 9, thresholds 5.
    assertEquals(186, leaves, "number of compared values");
  }

  /** Walks both trees; norm-only values must be exact, density-derived ones within FLOAT_DERIVED_RTOL. */
  @SuppressWarnings("unchecked")
  private static int compare(JsonNode want, Map<String, Object> got, String path) {
    assertEquals(fieldNames(want), new ArrayList<>(got.keySet()), "keys at " + path);
    int leaves = 0;
    for (String key : got.keySet()) {
      String p = path + "/" + key;
      Object g = got.get(key);
      if (g instanceof Map) {
        leaves += compare(want.get(key), (Map<String, Object>) g, p);
      } else {
        boolean exact = p.startsWith("/causal_norm") || p.startsWith("/thresholds") || p.contains("edges")
            || p.contains("centers");
        assertClose(want.get(key), g, exact ? 0.0 : FLOAT_DERIVED_RTOL, p);
        leaves += want.get(key).isArray() ? want.get(key).size() : 1;
      }
    }
    return leaves;
  }

  /** The block as summary.json writes it, with numbers as Long / Double and arrays as long[] / double[]. */
  private static Map<String, Object> plainMap(JsonNode node) {
    Map<String, Object> map = new LinkedHashMap<>();
    node.properties().forEach(e -> map.put(e.getKey(), plain(e.getValue())));
    return map;
  }

  private static Object plain(JsonNode node) {
    if (node.isObject()) {
      return plainMap(node);
    }
    if (node.isArray()) {
      boolean integral = true;
      for (JsonNode item : node) {
        integral &= item.isIntegralNumber();
      }
      if (integral) {
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = node.get(i).longValue();
        }
        return values;
      }
      double[] values = new double[node.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = node.get(i).doubleValue();
      }
      return values;
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    return node.isNumber() ? (Object) node.doubleValue() : node.asText();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  @Test
  void thresholdsAndRegionsFollowTheNotebook() {
    Regions r = Regions.of(norms, densities);
    JsonNode t = expected.get("notebook").get("thresholds");
    assertEquals(t.get("p10").asDouble(), r.coreThreshold(), 0.0);
    assertEquals(t.get("p90").asDouble(), r.outerThreshold(), 0.0);
    assertEquals(expected.get("notebook").get("verdict").asText(), r.verdict());
    assertArrayEquals(new long[] {expected.get("notebook").get("token_index_range").get(0).asLong(),
        expected.get("notebook").get("token_index_range").get(1).asLong()},
        NotebookSummary.compute(tokenIds, norms, densities, k, 1333, 30).tokenIndexRange());
  }

  @Test
  void badArguments() {
    assertEquals("tokenIds, causalNorms and notebookDensities differ in length: 1, 2, 1",
        assertThrows(IllegalArgumentException.class, () -> NotebookSummary.compute(new long[] {1},
            new double[] {1, 2}, new double[] {1}, 3, 10, 5)).getMessage());
    assertEquals("dEff must be a finite dimension > 0, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> NotebookSummary.compute(new long[] {1},
            new double[] {1}, new double[] {1}, 3, 0, 5)).getMessage());
  }
}
