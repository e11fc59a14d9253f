package org.causaldensity.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;


import com.fasterxml.jackson.databind.JsonNode;
import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Row;
import org.causaldensity.testing.JsonTrees;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} without {@code --distances}: the exact matrix-free neighbours against numpy's float64 brute force
 * ({@code src/test/fixtures/exact/make_exact_fixture.py}: planted bit-identical groups and rows 1e-4 apart), and
 * against the matrix path on the same files (the end-to-end fixture, whose matrix numpy computed in float64 and
 * rounded to float32). Blocks of 64 rows make many block pairs.
 */
class MatrixFreeTest extends JavaDataFrameSuiteBase {
  static final Path EXACT = Path.of("src/test/resources/fixtures/exact");
  /** The job's float64 distances against numpy's (different summation order, near-duplicates cancel ~1e-4). */
  static final double DISTANCE_TOLERANCE = 1e-9;
  /** The bound between the two paths' densities (matrix in float32). */
  static final double DENSITY_TOLERANCE = 1e-5;

  @TempDir
  Path tmp;

  @Override
  public SparkConf conf() {
    return super.conf().setMaster("local[2]").set("spark.ui.enabled", "false")
        .set(ExactNeighbourStage.BLOCK_ROWS_SETTING, "64");
  }

  @Override
  public boolean enableHiveSupport() {
    return false;
  }

  @BeforeEach
  void startSpark() {
    runBefore();
  }

  @AfterAll
  static void stopSpark() {
    runAfterClass();
  }

  private static String[] args(Path tokenIds, Path metric, Path model, Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("run", "--token-indices", tokenIds.toString(), "--metric",
        metric.toString(), "--model", model.toString(), "--out", out.toString()));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  private List<Row> tokens(Path out) {
    return spark().read().parquet(out.resolve("tokens").toString()).orderBy("row").collectAsList();
  }

  @Test
  void equalsFloat64BruteForceWithDuplicatesAndNearDuplicates() throws IOException {
    Path out = tmp.resolve("out");
    AnalysisJobTest.Outcome outcome = AnalysisJobTest.cli(args(EXACT.resolve("token_indices.pt"),
        EXACT.resolve("metric.pt"), EXACT.resolve("model.safetensors"), out, "--k", "20"));
    assertEquals(0, outcome.code(), outcome.stderr());
    org.junit.jupiter.api.Assertions.assertTrue(Files.exists(out.resolve("_SUCCESS")));
    assertFalse(Files.exists(out.resolve(AnalysisJob.WHITENED_STAGING)), "staged blocks are removed");
    JsonNode expected = JsonTrees.read(EXACT.resolve("expected.json"));
    List<Row> rows = tokens(out);
    assertEquals(expected.get("neighbours").size(), rows.size());
    int zeroLists = 0;
    for (Row row : rows) {
      int i = (int) row.getLong(row.fieldIndex("row"));
      JsonNode ids = expected.get("neighbours").get(i);
      JsonNode dist = expected.get("distances").get(i);
      List<Integer> actual = row.getList(row.fieldIndex("neighbour_rows"));
      List<Float> actualDist = row.getList(row.fieldIndex("neighbour_distances"));
      assertEquals(ids.size(), actual.size());
      for (int j = 0; j < ids.size(); j++) {
        double e = dist.get(j).asDouble();
        assertEquals((float) e, actualDist.get(j), Math.max(DISTANCE_TOLERANCE * e, Math.ulp((float) e)),
            "row " + i + " distance " + j);
        if (e == 0) {
          assertEquals(0f, actualDist.get(j), "bit-identical rows are at exactly 0");
        }
        assertEquals(ids.get(j).asInt(), (int) actual.get(j), "row " + i + " neighbour " + j + " " + actual);
      }
      List<Long> neighbourIds = row.getList(row.fieldIndex("neighbour_token_ids"));
      for (int j = 0; j < actual.size(); j++) {
        assertEquals(rows.get(actual.get(j)).getLong(rows.get(0).fieldIndex("token_id")), (long) neighbourIds.get(j),
            "vocabulary id of row " + i + "'s neighbour " + j);
      }
      if (dist.get(ids.size() - 1).asDouble() == 0) {
        zeroLists++;
      }
    }
    org.junit.jupiter.api.Assertions.assertTrue(zeroLists >= 40, "the group of 40 identical rows has all-zero lists: " + zeroLists);
    JsonNode summary = JsonTrees.read(out.resolve("summary.json"));
    assertEquals("computed-exact", summary.get("inputs").get("distances_format").asText());
  }

  @Test
  void equalsTheMatrixPathOnTheSameFiles() throws IOException {
    Path matrixOut = tmp.resolve("matrix");
    Path freeOut = tmp.resolve("free");
    Path inputs = AnalysisJobTest.INPUTS;
    assertEquals(0, AnalysisJobTest.cli(AnalysisJobTest.runArgs(inputs.resolve("distances.npy").toString(),
        matrixOut)).code());
    AnalysisJobTest.Outcome outcome = AnalysisJobTest.cli(args(inputs.resolve("token_indices.pt"),
        inputs.resolve("metric.pt"), inputs.resolve("model"), freeOut));
    assertEquals(0, outcome.code(), outcome.stderr());
    List<Row> matrix = tokens(matrixOut);
    List<Row> free = tokens(freeOut);
    assertEquals(matrix.size(), free.size());
    for (int i = 0; i < matrix.size(); i++) {
      Row m = matrix.get(i);
      Row f = free.get(i);
      List<Float> md = m.getList(m.fieldIndex("neighbour_distances"));
      List<Integer> mi = m.getList(m.fieldIndex("neighbour_rows"));
      List<Integer> fi = f.getList(f.fieldIndex("neighbour_rows"));
      for (int j = 0; j < mi.size(); j++) {
        // Equal up to exact ties of the float32 matrix (the job breaks them by exact float64 distance).
        boolean tied = (j > 0 && md.get(j).equals(md.get(j - 1))) || (j + 1 < md.size()
            && md.get(j).equals(md.get(j + 1)));
        if (!tied) {
          assertEquals(mi.get(j), fi.get(j), "row " + i + " neighbour " + j);
        }
      }
      for (String column : List.of("density", "notebook_density", "causal_norm")) {
        double a = m.getDouble(m.fieldIndex(column));
        double b = f.getDouble(f.fieldIndex(column));
        if (Double.isInfinite(a) || a == 0) {
          assertEquals(a, b, column + " of row " + i);
        } else {
          assertEquals(a, b, DENSITY_TOLERANCE * Math.abs(a), column + " of row " + i);
        }
      }
      assertEquals(m.getInt(m.fieldIndex("exact_duplicates")), f.getInt(f.fieldIndex("exact_duplicates")),
          "row " + i);
    }
  }
}
