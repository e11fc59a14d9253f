package org.causaldensity.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;


import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Row;
import org.causaldensity.io.safetensors.Checkpoint;
import org.causaldensity.io.torch.TorchFile;
import org.causaldensity.selection.MetricChoice;
import org.causaldensity.selection.UniformSample;
import org.causaldensity.testing.JsonTrees;
import org.causaldensity.testing.LocalSparkSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} without {@code --distances}: the exact matrix-free neighbours against numpy's float64 brute force
 * ({@code src/test/fixtures/exact/make_exact_fixture.py}: planted bit-identical groups and rows 1e-4 apart), and
 * against the matrix path on the same files (the end-to-end fixture, whose matrix numpy computed in float64 and
 * rounded to float32). Blocks of 64 rows make many block pairs.
 */
class MatrixFreeTest extends LocalSparkSuite {
  static final Path EXACT = Path.of("src/test/resources/fixtures/exact");
  /** The job's float64 distances against numpy's (different summation order, near-duplicates cancel ~1e-4). */
  static final double DISTANCE_TOLERANCE = 1e-9;
  /** The bound between the two paths' densities (matrix in float32). */
  static final double DENSITY_TOLERANCE = 1e-5;

  @TempDir
  Path tmp;

  @Override
  public SparkConf conf() {
    return super.conf().set(ExactNeighbourStage.BLOCK_ROWS_SETTING, "64");
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

  /**
   * {@code --tokens sample:N:SEED --metric estimate --duplicates collapse} from the command line, against a float64
   * brute force done here: the sample's γ rows grouped by value (all-pairs comparison), every distance
   * √((γa−γb)ᵀM(γa−γb)) between the groups' lowest ids with M the file the run wrote (itself checked against numpy),
   * top k by (distance, row).
   */
  @Test
  void sampledEstimatedCollapsedRunEqualsFloat64BruteForce() throws IOException {
    Path out = tmp.resolve("out");
    Path model = AnalysisJobTest.INPUTS.resolve("model");
    int k = 10;
    AnalysisJobTest.Outcome outcome = AnalysisJobTest.cli("run", "--tokens", "sample:400:11", "--metric", "estimate",
        "--duplicates", "collapse", "--model", model.toString(), "--out", out.toString(), "--k", String.valueOf(k));
    assertEquals(0, outcome.code(), outcome.stderr());
    float[] m = TorchFile.read(out.resolve(MetricChoice.ESTIMATE_FILE).toString(), new Configuration()).tensor("M")
        .toFloatArray();
    JsonNode numpy = JsonTrees.read(MatrixFreeSetupTest.EXPECTED).get("metric");
    double scale = 0;
    for (JsonNode v : numpy) {
      scale = Math.max(scale, Math.abs(v.asDouble()));
    }
    for (int i = 0; i < m.length; i++) {
      assertEquals(numpy.get(i).asDouble(), m[i], MatrixFreeSetupTest.METRIC_TOLERANCE * scale, "M entry " + i);
    }
    // The sample's ids (UniformSample is checked against its Python port in UniformSampleTest).
    long[] selected = UniformSample.draw(600, 400, 11);
    BruteForce expected = BruteForce.of(model, selected, m, k, true);
    org.junit.jupiter.api.Assertions.assertTrue(expected.ids.length < selected.length, "the sample holds some of the 22 identical rows 10..31");
    List<Row> rows = tokens(out);
    expected.check(rows);

    JsonNode summary = JsonTrees.read(out.resolve("summary.json"));
    JsonNode options = summary.get("options");
    assertEquals("matrix-free", options.get("path").asText());
    assertEquals("sample", options.get("token_selection").get("kind").asText());
    assertEquals("sample:400:11", options.get("token_selection").get("spelling").asText());
    assertEquals(400, options.get("token_selection").get("n_tokens").asLong());
    assertEquals(11, options.get("token_selection").get("seed").asLong());
    assertEquals("estimate", options.get("metric").get("kind").asText());
    assertEquals(600, options.get("metric").get("covariance_rows").asLong());
    assertEquals("collapse", options.get("duplicates").asText());
    assertEquals("collapse", summary.get("answer").get("duplicates_policy").asText());
    JsonNode block = summary.get("duplicates_policy");
    assertEquals(400, block.get("n_selected").asLong());
    assertEquals(expected.ids.length, block.get("n_analysed").asLong());
    assertEquals(400 - expected.ids.length, block.get("rows_removed").asLong());
    assertEquals(expected.ids.length, summary.get("answer").get("tokens").asLong());
  }

  /** {@code --tokens all --metric identity}: every vocabulary row, Euclidean distances, duplicates kept. */
  @Test
  void allTokensIdentityMetricEqualsFloat64BruteForce() throws IOException {
    Path out = tmp.resolve("out");
    Path model = AnalysisJobTest.INPUTS.resolve("model");
    int k = 5;
    AnalysisJobTest.Outcome outcome = AnalysisJobTest.cli("run", "--tokens", "all", "--metric", "identity",
        "--model", model.toString(), "--out", out.toString(), "--k", String.valueOf(k));
    assertEquals(0, outcome.code(), outcome.stderr());
    long[] all = new long[600];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    int d = 16;
    float[] identity = new float[d * d];
    for (int i = 0; i < d; i++) {
      identity[i * d + i] = 1f;
    }
    BruteForce expected = BruteForce.of(model, all, identity, k, false);
    expected.check(tokens(out));
    JsonNode summary = JsonTrees.read(out.resolve("summary.json"));
    assertEquals("all", summary.get("options").get("token_selection").get("kind").asText());
    assertEquals("identity", summary.get("options").get("metric").get("kind").asText());
    assertEquals("keep", summary.get("duplicates_policy").get("policy").asText());
    assertEquals(600, summary.get("duplicates_policy").get("n_analysed").asLong());
    assertFalse(Files.exists(out.resolve(MetricChoice.ESTIMATE_FILE)));
  }

  /** The expected rows of a matrix-free run, by float64 brute force over the analysed rows. */
  private record BruteForce(long[] ids, int[] multiplicity, double[] norms, int[][] neighbours,
      double[][] distances) {

    static BruteForce of(Path model, long[] selected, float[] metric, int k, boolean collapse) {
      Checkpoint checkpoint = Checkpoint.open(model.toString(), new Configuration());
      int d = checkpoint.hiddenSize();
      float[] gamma = new float[selected.length * d];
      checkpoint.gatherRows(selected, gamma, new Configuration());
      List<Integer> reps = new ArrayList<>();
      List<Integer> counts = new ArrayList<>();
      for (int r = 0; r < selected.length; r++) {
        int group = -1;
        for (int g = 0; collapse && g < reps.size() && group < 0; g++) {
          boolean same = true;
          for (int c = 0; c < d && same; c++) {
            same = gamma[reps.get(g) * d + c] == gamma[r * d + c];
          }
          group = same ? g : -1;
        }
        if (group < 0) {
          reps.add(r);
          counts.add(1);
        } else {
          counts.set(group, counts.get(group) + 1);
        }
      }
      int n = reps.size();
      long[] ids = new long[n];
      int[] multiplicity = new int[n];
      double[] norms = new double[n];
      double[][] all = new double[n][n];
      for (int a = 0; a < n; a++) {
        ids[a] = selected[reps.get(a)];
        multiplicity[a] = counts.get(a);
        double[] x = new double[d];
        for (int c = 0; c < d; c++) {
          x[c] = gamma[reps.get(a) * d + c];
        }
        norms[a] = Math.sqrt(quadratic(metric, x, d));
        for (int b = 0; b < n; b++) {
          double[] diff = new double[d];
          for (int c = 0; c < d; c++) {
            diff[c] = (double) gamma[reps.get(a) * d + c] - gamma[reps.get(b) * d + c];
          }
          all[a][b] = Math.sqrt(Math.max(0, quadratic(metric, diff, d)));
        }
      }
      int[][] neighbours = new int[n][];
      double[][] distances = new double[n][];
      for (int a = 0; a < n; a++) {
        int self = a;
        double[] row = all[a];
        neighbours[a] = java.util.stream.IntStream.range(0, n).filter(b -> b != self).boxed()
            .sorted(java.util.Comparator.<Integer>comparingDouble(b -> row[b]).thenComparingInt(b -> b)).limit(k)
            .mapToInt(Integer::intValue).toArray();
        distances[a] = java.util.Arrays.stream(neighbours[a]).mapToDouble(b -> row[b]).toArray();
      }
      return new BruteForce(ids, multiplicity, norms, neighbours, distances);
    }

    private static double quadratic(float[] m, double[] x, int d) {
      double q = 0;
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          q += x[i] * m[i * d + j] * x[j];
        }
      }
      return q;
    }

    /** tokens/ rows (in row order) against these: ids, multiplicities, norms, neighbours up to exact ties. */
    void check(List<Row> rows) {
      assertEquals(ids.length, rows.size());
      for (int a = 0; a < ids.length; a++) {
        Row row = rows.get(a);
        assertEquals(ids[a], row.getLong(row.fieldIndex("token_id")), "row " + a);
        assertEquals(multiplicity[a], row.getInt(row.fieldIndex("multiplicity")), "row " + a);
        assertEquals(norms[a], row.getDouble(row.fieldIndex("causal_norm")),
            AnalysisJobTest.NORM_TOLERANCE * norms[a], "causal norm of row " + a);
        List<Integer> actual = row.getList(row.fieldIndex("neighbour_rows"));
        List<Float> actualDist = row.getList(row.fieldIndex("neighbour_distances"));
        List<Long> actualIds = row.getList(row.fieldIndex("neighbour_token_ids"));
        assertEquals(neighbours[a].length, actual.size());
        for (int j = 0; j < actual.size(); j++) {
          double e = distances[a][j];
          assertEquals((float) e, actualDist.get(j), Math.max(DISTANCE_TOLERANCE * e, Math.ulp((float) e)),
              "row " + a + " distance " + j);
          int at = j;
          boolean tied = (j > 0 && Math.abs(e - distances[a][j - 1]) <= DISTANCE_TOLERANCE * e)
              || (j + 1 < distances[a].length && Math.abs(distances[a][at + 1] - e) <= DISTANCE_TOLERANCE * e);
          if (!tied) {
            assertEquals(neighbours[a][j], (int) actual.get(j), "row " + a + " neighbour " + j);
            assertEquals(ids[neighbours[a][j]], (long) actualIds.get(j), "row " + a + " neighbour id " + j);
          }
        }
      }
    }
  }
}
