package org.causaldensity.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import org.junit.jupiter.api.Assertions;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.causaldensity.testing.JsonTrees;
import org.causaldensity.testing.LocalSparkSuite;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole {@code run} on the end-to-end fixture ({@code src/test/fixtures/e2e/make_e2e_fixture.py}): numbers
 * against numpy's port of the notebook and against brute force, row blocks against the .npy, and refusals.
 */
class AnalysisJobTest extends LocalSparkSuite {
  static final Path FIXTURE = Path.of("src/test/resources/fixtures/e2e");
  static final Path INPUTS = FIXTURE.resolve("inputs");
  static final Path TORCH = Path.of("src/test/resources/fixtures/torch");
  static final Path SAFETENSORS = Path.of("src/test/resources/fixtures/safetensors/bad");
  /** Norms and densities come from float32 arithmetic (the notebook's too): agree to ~1e-6 relative. */
  static final double NOTEBOOK_TOLERANCE = 2e-5;
  static final double NORM_TOLERANCE = 1e-5;
  static final int K = 20;
  static final Path EXPECTED_SUMMARY = FIXTURE.resolve("expected_summary.json");
  /**
   * The committed summary was written on one machine; another one's SIMD width changes the order of float32 sums in
   * the norms (last bits only), so numbers are compared to this relative tolerance, everything else exactly.
   */
  static final double MACHINE_TOLERANCE = 1e-5;

  @TempDir
  Path tmp;

  static String[] runArgs(String distances, Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("run", "--distances", distances,
        "--token-indices", INPUTS.resolve("token_indices.pt").toString(),
        "--metric", INPUTS.resolve("metric.pt").toString(),
        "--model", INPUTS.resolve("model").toString(),
        "--out", out.toString()));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  /** Runs the command line, returning its exit code and what it printed on stderr. */
  static Outcome cli(String... args) {
    org.causaldensity.testing.CommandLineRun.Outcome outcome = org.causaldensity.testing.CommandLineRun.run(args);
    return new Outcome(outcome.code(), outcome.stderr());
  }

  record Outcome(int code, String stderr) {}

  @Test
  void notebookBlockEqualsNumpyPortOfTheNotebook() throws IOException {
    Path out = tmp.resolve("out");
    Outcome outcome = cli(runArgs(INPUTS.resolve("distances.npy").toString(), out));
    assertEquals(0, outcome.code(), outcome.stderr());
    Assertions.assertTrue(Files.exists(out.resolve("_SUCCESS")));
    JsonNode expected = JsonTrees.read(FIXTURE.resolve("expected_notebook.json"));
    JsonNode summary = JsonTrees.read(out.resolve("summary.json"));
    JsonTrees.assertMatches(expected, summary.get("notebook"), NOTEBOOK_TOLERANCE, "notebook");
    assertEquals("sparser", summary.get("notebook").get("verdict").asText(),
        "the fixture's duplicates make the notebook's estimator call the core sparser");
    for (String plot : List.of("density_vs_norm.png", "region_densities.png", "radial_profile.png",
        "log_volumetric_density_vs_norm.png")) {
      byte[] png = Files.readAllBytes(out.resolve("plots").resolve(plot));
      Assertions.assertTrue(png.length > 10_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', plot + " is not a PNG");
    }
    assertSummaryMatchesTheCommittedOne(out.resolve("summary.json"));
    List<String> csv = Files.readAllLines(out.resolve("radial_profile.csv"));
    assertEquals(31, csv.size(), "header + 30 bins");
    long counted = csv.stream().skip(1).mapToLong(line -> Long.parseLong(line.split(",")[4])).sum();
    assertEquals(expected.get("n_tokens").asLong(), counted);
  }

  /**
   * The whole summary.json against the one committed beside the fixture (a run of this code on it): same keys in the
   * same order, same strings and counts, and numbers within {@link #MACHINE_TOLERANCE}; only the input paths, which
   * depend on where the repository lies, are replaced by {@code <inputs>}, and the provenance block is left out. After a deliberate change of the
   * summary, run with {@code -Dcausaldensity.summary.update=true} to rewrite the committed file, and review its diff.
   */
  private static void assertSummaryMatchesTheCommittedOne(Path written) throws IOException {
    String inputs = "file:" + INPUTS.toAbsolutePath().normalize();
    String text = Files.readString(written, StandardCharsets.UTF_8).replace(inputs, "<inputs>");
    // The provenance block describes the run (machine, times, command line), not its result.
    com.fasterxml.jackson.databind.node.ObjectNode actual = (com.fasterxml.jackson.databind.node.ObjectNode)
        JsonTrees.MAPPER.readTree(text);
    Assertions.assertNotNull(actual.remove("provenance"), "no provenance block in " + written);
    if (Boolean.getBoolean("causaldensity.summary.update")) {
      Files.writeString(EXPECTED_SUMMARY, JsonTrees.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(actual)
          + "\n", StandardCharsets.UTF_8);
    }
    JsonNode expected = JsonTrees.MAPPER.readTree(Files.readString(EXPECTED_SUMMARY, StandardCharsets.UTF_8));
    assertEquals(JsonTrees.paths(expected), JsonTrees.paths(actual), "the same keys in the same order");
    JsonTrees.assertMatches(expected, actual, MACHINE_TOLERANCE, "summary");
  }

  @Test
  void tokensFilesCarrySparksOwnSchema() throws Exception {
    Path out = tmp.resolve("out");
    assertEquals(0, cli(runArgs(INPUTS.resolve("distances.npy").toString(), out)).code());
    // Spark reads them with the table's schema (all nullable, as Spark reads any Parquet back)...
    assertEquals(TokenTable.SCHEMA.asNullable(), spark().read().parquet(out.resolve("tokens").toString()).schema());
    // ... because they hold the Parquet schema Spark itself would write for it, and Spark's schema in the footer.
    org.apache.parquet.schema.MessageType sparks = new org.apache.spark.sql.execution.datasources.parquet
        .SparkToParquetSchemaConverter(new org.apache.spark.sql.internal.SQLConf()).convert(TokenTable.SCHEMA);
    assertEquals(sparks, org.causaldensity.io.tokens.TokensParquet.SCHEMA);
    List<String> names;
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(out.resolve("tokens"))) {
      names = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    Assertions.assertTrue(names.contains("_SUCCESS"), names.toString());
    Assertions.assertTrue(names.stream().filter(name -> !name.equals("_SUCCESS")).allMatch(name -> name.matches(
        "part-\\d{5}\\.parquet")), "only whole parts, no attempt left behind: " + names);
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    try (org.apache.parquet.hadoop.ParquetFileReader footer = org.apache.parquet.hadoop.ParquetFileReader.open(
        org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(
            out.resolve("tokens").resolve(names.get(names.size() - 1)).toString()), conf))) {
      assertEquals(TokenTable.SCHEMA.json(), footer.getFileMetaData().getKeyValueMetaData()
          .get(TokensStage.SPARK_SCHEMA_KEY));
    }
  }

  @Test
  void tokensAgreeWithBruteForce() throws IOException {
    Path out = tmp.resolve("out");
    assertEquals(0, cli(runArgs(INPUTS.resolve("distances.npy").toString(), out)).code());
    float[][] matrix = readNpyFloat32(INPUTS.resolve("distances.npy"));
    JsonNode expectedTokens = JsonTrees.read(FIXTURE.resolve("expected_tokens.json"));
    List<Row> rows = spark().read().parquet(out.resolve("tokens").toString()).orderBy("row").collectAsList();
    assertEquals(matrix.length, rows.size());
    int n = matrix.length;
    int infinite = 0;
    for (Row row : rows) {
      int i = (int) row.getLong(row.fieldIndex("row"));
      Integer[] order = new Integer[n];
      for (int j = 0; j < n; j++) {
        order[j] = j;
      }
      float[] d = matrix[i];
      java.util.Arrays.sort(order, Comparator.<Integer>comparingDouble(j -> d[j]).thenComparingInt(j -> j));
      int[] expectedIdx = Stream.of(order).mapToInt(Integer::intValue).filter(j -> j != i).limit(K).toArray();
      List<Integer> actualIdx = row.getList(row.fieldIndex("neighbour_rows"));
      assertArrayEquals(expectedIdx, actualIdx.stream().mapToInt(Integer::intValue).toArray(), "row " + i);
      double sum = 0;
      for (int j : expectedIdx) {
        sum += d[j];
      }
      double mean = sum / K;
      assertEquals(mean, row.getDouble(row.fieldIndex("mean_knn_distance")), 1e-12 * Math.max(1, mean));
      double density = row.getDouble(row.fieldIndex("density"));
      if (mean == 0) {
        assertEquals(Double.POSITIVE_INFINITY, density, "row " + i + ": k nearest all at distance 0");
        infinite++;
      } else {
        assertEquals(1 / mean, density, 1e-12 / mean);
        Assertions.assertTrue(Double.isFinite(row.getDouble(row.fieldIndex("log_volumetric_density"))));
      }
      long zeros = java.util.stream.IntStream.range(0, n).filter(j -> j != i && d[j] == 0f).count();
      assertEquals(zeros, row.getInt(row.fieldIndex("exact_duplicates")), "row " + i);
      assertEquals(expectedTokens.get("token_indices").get(i).asLong(), row.getLong(row.fieldIndex("token_id")));
      double norm = expectedTokens.get("causal_norm").get(i).asDouble();
      assertEquals(norm, row.getDouble(row.fieldIndex("causal_norm")), NORM_TOLERANCE * norm, "row " + i);
    }
    assertEquals(22, infinite, "the 22 identical tokens have 21 others at distance 0, so their 20 nearest are all 0");
  }

  @Test
  void robustnessGridAgreesWithBruteForceAndNullModelsRunOnSmallRuns() throws IOException {
    Path out = tmp.resolve("out");
    Outcome outcome = cli(runArgs(INPUTS.resolve("distances.npy").toString(), out, "--null-seeds", "2"));
    assertEquals(0, outcome.code(), outcome.stderr());
    float[][] matrix = readNpyFloat32(INPUTS.resolve("distances.npy"));
    int n = matrix.length;
    double[] norms = new double[n];
    for (Row row : spark().read().parquet(out.resolve("tokens").toString()).collectAsList()) {
      norms[(int) row.getLong(row.fieldIndex("row"))] = row.getDouble(row.fieldIndex("causal_norm"));
    }
    JsonNode summary = JsonTrees.read(out.resolve("summary.json"));
    JsonNode answer = summary.get("answer");
    JsonNode robustness = summary.get("robustness");
    JsonNode primary = robustness.get("primary");
    assertEquals(answer.get("estimate"), primary.get("estimate"));
    assertEquals(answer.get("ci95"), primary.get("ci95"));
    assertEquals(answer.get("verdict"), primary.get("verdict"));
    assertEquals(4 * 3 * 2, robustness.get("cells").size());
    double[] sortedNorms = norms.clone();
    java.util.Arrays.sort(sortedNorms);
    for (JsonNode cell : robustness.get("cells")) {
      int k = cell.get("k").asInt();
      boolean excluding = cell.get("excluding_degenerate").asBoolean();
      double coreBelow = percentile(sortedNorms, cell.get("core_percentile").asDouble());
      double shellAbove = percentile(sortedNorms, 40);
      double shellBelow = percentile(sortedNorms, 60);
      List<Double> core = new ArrayList<>();
      List<Double> shell = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        float[] d = matrix[i];
        int self = i;
        double[] others = java.util.stream.IntStream.range(0, n).filter(j -> j != self).mapToDouble(j -> d[j])
            .sorted().toArray();
        if (excluding && others[0] == 0) {
          continue;
        }
        double sum = 0;
        for (int m = 0; m < k; m++) {
          sum += (float) others[m];
        }
        double density = 1 / (sum / k);
        if (norms[i] < coreBelow) {
          core.add(density);
        } else if (norms[i] > shellAbove && norms[i] < shellBelow) {
          shell.add(density);
        }
      }
      double expected = core.isEmpty() || shell.isEmpty() ? Double.NaN : median(core) / median(shell);
      double actual = JsonTrees.number(cell.get("estimate"));
      assertEquals(expected, actual, Double.isFinite(expected) ? 1e-12 * expected : 0, cell.toString());
    }

    JsonNode nulls = summary.get("null_models");
    assertEquals("on", summary.get("options").get("null_models").asText());
    JsonNode sameNorms = nulls.get("same_norms_random_directions");
    assertEquals(2, sameNorms.get("estimates").size());
    assertEquals(JsonTrees.number(nulls.get("observed")) / sameNorms.get("mean").asDouble(),
        JsonTrees.number(nulls.get("excess_over_norm_null")));
    String report = Files.readString(out.resolve("report.html"));
    Assertions.assertTrue(report.contains("id=\"robustness\"") && report.contains("id=\"null-models\"")
        && report.contains("id=\"control-same_norms_random_directions\""), "report sections");
    JsonNode timings = JsonTrees.read(out.resolve("run_info.json")).get("timings_seconds");
    Assertions.assertTrue(timings.has("robustness") && timings.has("null_models"), timings.toString());

    Path off = tmp.resolve("off");
    assertEquals(0, cli(runArgs(INPUTS.resolve("distances.npy").toString(), off, "--null-models", "off")).code());
    JsonNode offSummary = JsonTrees.read(off.resolve("summary.json"));
    assertFalse(offSummary.has("null_models"));
    assertEquals(robustness, offSummary.get("robustness"), "the grid does not depend on the null models");
  }

  /** numpy's linear percentile of sorted values. */
  static double percentile(double[] sorted, double q) {
    double position = q / 100 * (sorted.length - 1);
    int low = (int) Math.floor(position);
    int high = Math.min(sorted.length - 1, low + 1);
    return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
  }

  /** numpy's median of values where +Infinity ranks highest (the mean of the two middle values when n is even). */
  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  @Test
  void answerIsTheRatioOfMedianDensitiesInNumpysPercentileBands() throws IOException {
    Path out = tmp.resolve("out");
    assertEquals(0, cli(runArgs(INPUTS.resolve("distances.npy").toString(), out, "--d-eff",
        "sample-participation-ratio")).code());
    JsonNode thresholds = JsonTrees.read(FIXTURE.resolve("expected_notebook.json")).get("thresholds");
    double p10 = thresholds.get("p10").asDouble();
    double p40 = thresholds.get("p40").asDouble();
    double p60 = thresholds.get("p60").asDouble();
    List<Double> core = new ArrayList<>();
    List<Double> shell = new ArrayList<>();
    List<Double> coreDistinct = new ArrayList<>();
    List<Double> shellDistinct = new ArrayList<>();
    for (Row row : spark().read().parquet(out.resolve("tokens").toString()).collectAsList()) {
      double norm = row.getDouble(row.fieldIndex("causal_norm"));
      double density = row.getDouble(row.fieldIndex("density"));
      boolean distinct = row.getInt(row.fieldIndex("exact_duplicates")) == 0;
      if (norm < p10) {
        core.add(density);
        if (distinct) {
          coreDistinct.add(density);
        }
      } else if (norm > p40 && norm < p60) {
        shell.add(density);
        if (distinct) {
          shellDistinct.add(density);
        }
      }
    }
    JsonNode summary = JsonTrees.read(out.resolve("summary.json"));
    JsonNode answer = summary.get("answer");
    assertEquals(median(core) / median(shell), JsonTrees.number(answer.get("estimate")));
    assertEquals(Double.POSITIVE_INFINITY, JsonTrees.number(answer.get("estimate")),
        "22 duplicates make the core's median density infinite");
    assertEquals("denser", answer.get("verdict").asText());
    assertEquals(22, answer.get("degenerate_tokens").asInt());
    JsonNode excluding = answer.get("excluding_degenerate");
    double expected = median(coreDistinct) / median(shellDistinct);
    assertEquals(expected, JsonTrees.number(excluding.get("estimate")), 1e-12 * expected);
    double lo = JsonTrees.number(excluding.get("ci95").get(0));
    double hi = JsonTrees.number(excluding.get("ci95").get(1));
    Assertions.assertTrue(lo <= expected && expected <= hi, "interval [" + lo + ", " + hi + "] holds the estimate");

    JsonNode extremes = summary.get("extremes");
    assertEquals("Infinity", extremes.get("core").get("densest").get(0).get("density").asText());
    double sparsestShell = JsonTrees.number(extremes.get("shell").get("sparsest").get(0).get("density"));
    assertEquals(shell.stream().mapToDouble(Double::doubleValue).min().getAsDouble(), sparsestShell);
    double densestShell = JsonTrees.number(extremes.get("shell").get("densest").get(0).get("density"));
    assertEquals(shell.stream().mapToDouble(Double::doubleValue).max().getAsDouble(), densestShell);
    assertEquals(1, summary.get("n_duplicate_groups").asInt());
    JsonNode group = summary.get("duplicate_groups").get(0);
    assertEquals(22, group.get("size").asInt());
    assertEquals(10, group.get("token_ids").get(0).asLong());

    double pr = JsonTrees.read(FIXTURE.resolve("expected_tokens.json")).get("participation_ratio").asDouble();
    JsonNode dimension = answer.get("intrinsic_dimension").get("participation_ratio");
    assertEquals(pr, dimension.get("estimate").asDouble(), 1e-5 * pr, "participation ratio vs numpy");
    assertEquals(pr, summary.get("options").get("d_eff").asDouble(), 1e-5 * pr, "d_eff from the participation ratio");
    assertEquals("sample-participation-ratio", summary.get("options").get("d_eff_source").asText());
  }

  @Test
  void tokensGetTheirStringsFromTheTokenizer() throws IOException {
    Path tokenizer = Path.of(System.getProperty("causaldensity.shared", "../shared"))
        .resolve("fixtures/tokenizers/qwen3/tokenizer.json");
    Assumptions.assumeTrue(Files.isRegularFile(tokenizer), "no Qwen3 tokenizer at " + tokenizer + ": skipped");
    Path out = tmp.resolve("out");
    Outcome outcome = cli(runArgs(INPUTS.resolve("distances.npy").toString(), out, "--tokenizer",
        tokenizer.toString()));
    assertEquals(0, outcome.code(), outcome.stderr());
    List<Row> rows = spark().read().parquet(out.resolve("tokens").toString()).orderBy("row").collectAsList();
    long[] ids = rows.stream().mapToLong(r -> r.getLong(r.fieldIndex("token_id"))).toArray();
    String[] expected = org.causaldensity.io.tokenizer.TokenNames.decode(tokenizer.toString(),
        new org.apache.hadoop.conf.Configuration(), ids);
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(expected[i], rows.get(i).getString(rows.get(i).fieldIndex("token")), "row " + i);
    }
    assertEquals("+", rows.get(0).getString(rows.get(0).fieldIndex("token")), "Qwen3 id 10 is '+'");
    JsonNode summary = JsonTrees.read(out.resolve("summary.json"));
    Assertions.assertTrue(summary.get("inputs").get("tokenizer").asText().endsWith(tokenizer.toAbsolutePath().normalize().toString()),
        summary.get("inputs").get("tokenizer").asText());
    JsonNode group = summary.get("duplicate_groups").get(0);
    assertEquals(expected[0], group.get("tokens").get(0).asText());
    String html = Files.readString(out.resolve("report.html"));
    Assertions.assertTrue(html.contains("<code class=\"tok\">+</code>"), "the report names the tokens");
  }

  @Test
  void rowBlocksGiveTheSameTokensAsTheNpy() {
    Path blocks = tmp.resolve("blocks");
    Outcome ingest = cli("ingest", "--distances", INPUTS.resolve("distances.npy").toString(), "--out",
        blocks.toString());
    assertEquals(0, ingest.code(), ingest.stderr());
    Assertions.assertTrue(Files.exists(blocks.resolve("_SUCCESS")) && Files.exists(blocks.resolve("_matrix.json")));
    Path fromNpy = tmp.resolve("from-npy");
    Path fromBlocks = tmp.resolve("from-blocks");
    assertEquals(0, cli(runArgs(INPUTS.resolve("distances.npy").toString(), fromNpy)).code());
    Outcome run = cli(runArgs(blocks.toString(), fromBlocks));
    assertEquals(0, run.code(), run.stderr());
    Dataset<Row> a = spark().read().parquet(fromNpy.resolve("tokens").toString()).orderBy("row");
    Dataset<Row> b = spark().read().parquet(fromBlocks.resolve("tokens").toString()).orderBy("row");
    assertDataFrameEquals(a, b);
  }

  @Test
  void existingOutputIsRefusedUnlessOverwriteAndRerunsAreIdentical() throws IOException {
    Path out = tmp.resolve("out");
    assertEquals(0, cli(runArgs(INPUTS.resolve("distances.npy").toString(), out)).code());
    JsonNode first = withoutProvenance(out.resolve("summary.json"));
    Outcome again = cli(runArgs(INPUTS.resolve("distances.npy").toString(), out));
    assertEquals(6, again.code());
    Assertions.assertTrue(again.stderr().contains(out + ": already exists"), again.stderr());
    Outcome overwrite = cli(runArgs(INPUTS.resolve("distances.npy").toString(), out, "--overwrite"));
    assertEquals(0, overwrite.code(), overwrite.stderr());
    // Everything but the block describing the run (its command line has --overwrite, its application id is new).
    assertEquals(first, withoutProvenance(out.resolve("summary.json")), "a re-run gives the same summary");
  }

  static JsonNode withoutProvenance(Path summary) throws IOException {
    com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode)
        JsonTrees.read(summary);
    Assertions.assertNotNull(tree.remove("provenance"), "no provenance block in " + summary);
    return tree;
  }

  static Stream<Arguments> inconsistentInputs() {
    Path bad = FIXTURE.resolve("bad");
    String npy = INPUTS.resolve("distances.npy").toString();
    return Stream.of(
        Arguments.of(npy, "--token-indices", bad.resolve("token_indices_short.pt"), 4, "has 259 entries"),
        Arguments.of(npy, "--token-indices", bad.resolve("token_indices_outside_vocab.pt"), 4, "outside the vocabulary"),
        Arguments.of(npy, "--token-indices", bad.resolve("token_indices_float.pt"), 3, "token_indices"),
        Arguments.of(npy, "--metric", bad.resolve("metric_wrong_size.pt"), 4, "hidden size is 16"),
        Arguments.of(npy, "--metric", bad.resolve("metric_asymmetric.pt"), 4, "not symmetric"),
        Arguments.of(npy, "--metric", bad.resolve("metric_other_key.pt"), 4, "metric"),
        Arguments.of(npy, "--metric", bad.resolve("metric_negative_definite.pt"), 4, "not positive semi-definite"),
        Arguments.of(bad.resolve("distances_not_square.npy").toString(), null, null, 3, "square"),
        Arguments.of(npy, "--k", "260", 2, "--k"),
        Arguments.of(npy, "--d-eff", "-3", 2, "--d-eff"),
        Arguments.of(npy, "--token-indices", TORCH.resolve("evil_os_system.pt"), 3, "system"),
        Arguments.of(npy, "--metric", TORCH.resolve("evil_popen_protocol4.pt"), 3, "subprocess.Popen"),
        Arguments.of(npy, "--token-indices", TORCH.resolve("legacy.pt"), 3, "re-save it with a current torch"),
        Arguments.of(npy, "--model", SAFETENSORS.resolve("invalid_json.safetensors"), 3, "invalid_json.safetensors"),
        Arguments.of(npy, "--model", SAFETENSORS.resolve("header_too_large.safetensors"), 3,
            "header_too_large.safetensors"),
        Arguments.of(npy, "--token-indices", INPUTS.resolve("missing.pt"), 5, "missing.pt"));
  }

  @ParameterizedTest
  @MethodSource("inconsistentInputs")
  void inconsistentInputsAreRefusedWithoutOutput(String distances, String option, Object value, int code,
      String message) throws IOException {
    Path out = tmp.resolve("out");
    List<String> args = new ArrayList<>(List.of(runArgs(distances, out)));
    if (option != null) {
      int at = args.indexOf(option);
      if (at >= 0) {
        args.set(at + 1, value.toString());
      } else {
        args.addAll(List.of(option, value.toString()));
      }
    }
    Outcome outcome = cli(args.toArray(String[]::new));
    assertEquals(code, outcome.code(), outcome.stderr());
    Assertions.assertTrue(outcome.stderr().contains(message), outcome.stderr());
    Assertions.assertTrue(outcome.stderr().startsWith("causal-density: error: "), outcome.stderr());
    assertFalse(outcome.stderr().contains("\tat "), "no stack trace: " + outcome.stderr());
    assertFalse(Files.exists(out), "no output after a refusal");
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(), left.toList(), "no staging folder left behind");
    }
  }

  @Test
  void invalidDistancesStopTheRunWithCountAndFirstPosition() throws IOException {
    Path out = tmp.resolve("out");
    String nan = FIXTURE.resolve("bad/distances_with_nan.npy").toString();
    Outcome outcome = cli(runArgs(nan, out));
    assertEquals(4, outcome.code(), outcome.stderr());
    Assertions.assertTrue(outcome.stderr().contains("2 distances are NaN, infinite or negative; the first is at row 3, column 17"),
        outcome.stderr());
    assertFalse(Files.exists(out));
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(), left.toList(), "no staging folder left behind");
    }
    Outcome skipped = cli(runArgs(nan, out, "--on-invalid", "skip"));
    assertEquals(0, skipped.code(), skipped.stderr());
    JsonNode warnings = JsonTrees.read(out.resolve("summary.json")).get("warnings");
    Assertions.assertTrue(warnings.toString().contains("2 NaN, infinite or negative distances"), warnings.toString());
  }

  /** An .npy (version 1.0, '<f4', C order) read with nothing but the format's definition. */
  static float[][] readNpyFloat32(Path path) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = buffer.getShort(8) & 0xffff;
    String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
    Assertions.assertTrue(header.contains("'descr': '<f4'") && header.contains("'fortran_order': False"), header);
    int data = 10 + headerLength;
    int n = (int) Math.round(Math.sqrt((bytes.length - data) / 4.0));
    float[][] matrix = new float[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        matrix[i][j] = buffer.getFloat(data + 4 * (i * n + j));
      }
    }
    return matrix;
  }
}
