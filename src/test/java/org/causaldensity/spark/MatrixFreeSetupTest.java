package org.causaldensity.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.causaldensity.inputs.AnalysisOptions;
import org.causaldensity.inputs.MatrixFreeInputs;
import org.causaldensity.inputs.MatrixFreeRequest;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import org.causaldensity.io.OutputFolder;
import org.causaldensity.io.torch.TorchFile;
import org.causaldensity.io.torch.TorchSaveWriter;
import org.causaldensity.report.RunTimings;
import org.causaldensity.report.summary.DuplicatesPolicyBlock;
import org.causaldensity.selection.AnalysisPath;
import org.causaldensity.selection.MetricChoice;
import org.causaldensity.selection.UniformSample;
import org.causaldensity.testing.JsonTrees;
import org.causaldensity.testing.LocalSparkSuite;
import org.causaldensity.testing.SystemPython;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The matrix-free path's setup in local Spark on the end-to-end fixture's checkpoint (600 × 16 BF16, rows 10..31
 * identical): the estimated metric against numpy ({@code src/test/fixtures/selection/make_matrix_free_fixture.py})
 * and through torch.load, the collapse against numpy's unique rows, and the summary keys of a matrix run.
 */
class MatrixFreeSetupTest extends LocalSparkSuite {
  static final Path EXPECTED = Path.of("src/test/resources/fixtures/selection/matrix_free_e2e.json");
  static final Path INPUTS = AnalysisJobTest.INPUTS;
  /** M rounded to float32, compared with numpy's float64 inverse: relative to the largest entry. */
  static final double METRIC_TOLERANCE = 1e-6;

  @TempDir
  Path tmp;

  private AnalysisOptions options(String tokenIndices, String metric, Path out) {
    return AnalysisOptions.defaults(null, tokenIndices, metric, INPUTS.resolve("model").toString(), out.toString(),
        false);
  }

  private MatrixFreeInputs prepare(AnalysisOptions options, AnalysisPath path, OutputFolder output,
      RunTimings timings) {
    MatrixFreeRequest request = MatrixFreeRequest.load(options, path, new Configuration());
    return MatrixFreeSetup.prepare(new JavaSparkContext(sc()), request, output, timings);
  }

  @Test
  void estimatedMetricEqualsNumpyAndReadsBackThroughTorch() throws Exception {
    Path out = tmp.resolve("out");
    Configuration conf = new Configuration();
    OutputFolder output = OutputFolder.prepare(out.toString(), false, conf);
    AnalysisPath path = AnalysisPath.choose(null, null, "sample:40:1", "estimate", null, null, 5);
    RunTimings timings = new RunTimings();
    MatrixFreeInputs inputs = prepare(options(null, "estimate", out), path, output, timings);
    output.commit();

    JsonNode expected = JsonTrees.read(EXPECTED);
    int d = expected.get("hidden").asInt();
    double scale = 0;
    for (JsonNode v : expected.get("metric")) {
      scale = Math.max(scale, Math.abs(v.asDouble()));
    }
    float[] m = inputs.metric();
    Assertions.assertEquals(d * d, m.length);
    for (int i = 0; i < m.length; i++) {
      Assertions.assertEquals(expected.get("metric").get(i).asDouble(), m[i], METRIC_TOLERANCE * scale, "M entry " + i);
    }
    Path written = out.resolve(MetricChoice.ESTIMATE_FILE);
    assertArrayEquals(m, TorchFile.read(written.toString(), conf).tensor("M").toFloatArray(),
        "the project's reader reads back what was written");
    Assertions.assertEquals(600L, inputs.covarianceRows());
    Assertions.assertTrue(timings.json().contains("\"metric_estimate\""));
    assertFalse(timings.json().contains("\"identical_rows\""));
    assertArrayEquals(UniformSample.draw(600, 40, 1), inputs.tokenIds());
    Assertions.assertTrue(Arrays.stream(inputs.multiplicities()).allMatch(v -> v == 1));

    SystemPython.assumeModules("numpy", "torch");
    String script = Files.readString(Path.of("src/test/fixtures/selection/make_matrix_free_fixture.py"));
    double relative = Double.parseDouble(SystemPython.run(script, "check_pt=" + written).trim());
    Assertions.assertTrue(relative < METRIC_TOLERANCE, "torch.load(M) vs numpy: " + relative);
  }

  @Test
  void ridgeIsTheOneAsked() throws Exception {
    Path out = tmp.resolve("out");
    Configuration conf = new Configuration();
    OutputFolder output = OutputFolder.prepare(out.toString(), false, conf);
    AnalysisPath path = AnalysisPath.choose(null, null, "all", "estimate", 0.5, null, 5);
    prepare(options(null, "estimate", out), path, output, new RunTimings());
    output.commit();
    SystemPython.assumeModules("numpy", "torch");
    String script = Files.readString(Path.of("src/test/fixtures/selection/make_matrix_free_fixture.py"));
    Path written = out.resolve(MetricChoice.ESTIMATE_FILE);
    Assertions.assertTrue(Double.parseDouble(SystemPython.run(script, "check_pt=" + written, "0.5").trim()) < METRIC_TOLERANCE);
    Assertions.assertTrue(Double.parseDouble(SystemPython.run(script, "check_pt=" + written, "1e-6").trim()) > 1e-3,
        "a different λ gives a different M");
  }

  @Test
  void collapseKeepsTheLowestIdOfEachIdenticalGroup() throws Exception {
    Path out = tmp.resolve("out");
    OutputFolder output = OutputFolder.prepare(out.toString(), false, new Configuration());
    AnalysisPath path = AnalysisPath.choose(null, null, "all", "identity", null, "collapse", 5);
    RunTimings timings = new RunTimings();
    MatrixFreeInputs inputs = prepare(options(null, "identity", out), path, output, timings);
    output.abort();

    JsonNode groups = JsonTrees.read(EXPECTED).get("groups");
    int removed = 0;
    for (JsonNode group : groups) {
      long lowest = group.get(0).asLong();
      int multiplicity = group.get(1).asInt();
      removed += multiplicity - 1;
      int at = Arrays.binarySearch(inputs.tokenIds(), lowest);
      Assertions.assertTrue(at >= 0, "representative " + lowest);
      Assertions.assertEquals(multiplicity, inputs.multiplicities()[at]);
    }
    Assertions.assertEquals(600 - removed, inputs.tokenIds().length);
    Assertions.assertEquals(600 - removed, Arrays.stream(inputs.multiplicities()).filter(v -> v == 1).count() + groups.size());
    Assertions.assertTrue(inputs.identityMetric());
    assertNull(inputs.metric());
    float[] identity = inputs.metricOrIdentity();
    Assertions.assertEquals(1f, identity[0]);
    Assertions.assertEquals(0f, identity[1]);
    Assertions.assertTrue(timings.json().contains("\"identical_rows\""));

    DuplicatesPolicyBlock summary = DuplicatesPolicyBlock.of(inputs);
    Assertions.assertEquals("collapse", summary.policy());
    Assertions.assertEquals(600L, summary.nSelected());
    Assertions.assertEquals((long) (600 - removed), summary.nAnalysed());
    Assertions.assertEquals((long) groups.size(), summary.nCollapsedGroups());
    Assertions.assertEquals((long) removed, summary.rowsRemoved());
    List<DuplicatesPolicyBlock.Group> listed = summary.groups();
    Assertions.assertEquals(10L, listed.get(0).representativeId());
    Assertions.assertEquals(22L, listed.get(0).multiplicity());
    Assertions.assertEquals(20, listed.get(0).tokenIds().length);
  }

  @Test
  void collapseBelowKPlusOneIsRefused() {
    Path ids = tmp.resolve("dups.pt");
    long[] duplicated = new long[25];
    for (int i = 0; i < duplicated.length; i++) {
      duplicated[i] = i < 22 ? 31 - i : 100 + i; // the 22 identical rows (in reverse) and 3 others
    }
    TorchSaveWriter.writeDict(ids.toString(), new Configuration(),
        Map.of("token_indices", TorchSaveWriter.Tensor.int64(duplicated, duplicated.length)));
    Path out = tmp.resolve("out");
    OutputFolder output = OutputFolder.prepare(out.toString(), false, new Configuration());
    AnalysisPath path = AnalysisPath.choose(null, ids.toString(), null, INPUTS.resolve("metric.pt").toString(), null,
        "collapse", 5);
    CausalDensityException e = assertThrows(CausalDensityException.class,
        () -> prepare(options(ids.toString(), INPUTS.resolve("metric.pt").toString(), out), path, output,
            new RunTimings()));
    output.abort();
    Assertions.assertEquals(Failure.INCONSISTENT_INPUTS, e.failure());
    Assertions.assertEquals("--duplicates: collapse leaves 4 distinct rows of the 25 selected, fewer than k + 1 = 21",
        e.getMessage());
  }

  @Test
  void metricFileIsReadForTheMatrixFreePath() {
    Path out = tmp.resolve("out");
    OutputFolder output = OutputFolder.prepare(out.toString(), false, new Configuration());
    String metric = INPUTS.resolve("metric.pt").toString();
    AnalysisPath path = AnalysisPath.choose(null, INPUTS.resolve("token_indices.pt").toString(), null, metric, null,
        "collapse", 5);
    MatrixFreeInputs inputs = prepare(options(INPUTS.resolve("token_indices.pt").toString(), metric, out), path,
        output, new RunTimings());
    output.abort();
    assertArrayEquals(TorchFile.read(metric, new Configuration()).tensor("M").toFloatArray(), inputs.metric());
    // token_indices.pt samples the 22 identical rows 10..31: one representative (id 10) of multiplicity 22.
    Assertions.assertEquals(10L, inputs.tokenIds()[0]);
    Assertions.assertEquals(22, inputs.multiplicities()[0]);
    Assertions.assertEquals(260 - 21, inputs.tokenIds().length);
  }

  @Test
  void matrixRunSaysWhichPathAndPolicyProducedIt() throws Exception {
    Path out = tmp.resolve("out");
    AnalysisJobTest.Outcome outcome = AnalysisJobTest.cli(AnalysisJobTest.runArgs(
        INPUTS.resolve("distances.npy").toString(), out));
    Assertions.assertEquals(0, outcome.code(), outcome.stderr());
    JsonNode summary = JsonTrees.read(out.resolve("summary.json"));
    JsonNode options = summary.get("options");
    Assertions.assertEquals("matrix", options.get("path").asText());
    Assertions.assertEquals("keep", options.get("duplicates").asText());
    Assertions.assertEquals("token-indices", options.get("token_selection").get("kind").asText());
    Assertions.assertEquals(260, options.get("token_selection").get("n_tokens").asLong());
    Assertions.assertTrue(options.get("token_selection").get("path").asText().endsWith("token_indices.pt"));
    Assertions.assertEquals("file", options.get("metric").get("kind").asText());
    Assertions.assertTrue(options.get("metric").get("path").asText().endsWith("metric.pt"));
    Assertions.assertEquals("keep", summary.get("answer").get("duplicates_policy").asText());
    List<Row> multiplicities = spark().read().parquet(out.resolve("tokens").toString())
        .groupBy("multiplicity").count().collectAsList();
    Assertions.assertEquals(1, multiplicities.size());
    Assertions.assertEquals(1, multiplicities.get(0).getInt(0));
    Assertions.assertEquals(260L, multiplicities.get(0).getLong(1));
  }
}
