package org.causaldensity.spark;

import static org.causaldensity.testing.Folders.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.causaldensity.testing.JsonTrees;
import org.causaldensity.testing.Mounts;
import org.causaldensity.testing.LocalSparkSuite;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures found while Spark runs: the file at fault is named, OUT stays as it was, no staging folder is left, and
 * optional token names degrade to a warning.
 */
class FailurePathsTest extends LocalSparkSuite {
  static final Path SAFETY = Path.of("src/test/resources/fixtures/safety");

  @TempDir
  Path tmp;

  static String[] args(Path out, String option, String value, String... extra) {
    List<String> args = new ArrayList<>(List.of(AnalysisJobTest.runArgs(
        AnalysisJobTest.INPUTS.resolve("distances.npy").toString(), out, extra)));
    int at = args.indexOf(option);
    if (at >= 0) {
      args.set(at + 1, value);
    } else if (option != null) {
      args.addAll(List.of(option, value));
    }
    return args.toArray(String[]::new);
  }

  /** The one line of a refusal; the progress lines of the stages that ran before it are not part of it. */
  static String oneLine(AnalysisJobTest.Outcome outcome) {
    List<String> lines = outcome.stderr().lines().filter(l -> l.startsWith("causal-density: "))
        .filter(l -> !l.startsWith("causal-density: stage ")).toList();
    assertEquals(1, lines.size(), outcome.stderr());
    assertFalse(outcome.stderr().contains("\tat "), "no stack trace:\n" + outcome.stderr());
    return lines.get(0);
  }

  @Test
  void aNanInTheUnembeddingBlamesTheModelNotTheMetric() throws IOException {
    Path out = tmp.resolve("out");
    Path model = SAFETY.resolve("model_nan");
    AnalysisJobTest.Outcome outcome = AnalysisJobTest.cli(args(out, "--model", model.toString()));
    assertEquals(4, outcome.code(), outcome.stderr());
    // The fixture script put the NaN at column 3 of the row of the first sampled token id (10).
    assertEquals("causal-density: error: file:" + model.toAbsolutePath() + ": the unembedding "
        + "model.embed_tokens.weight holds a non-finite value (NaN at row 10, column 3: token id 10, matrix row 0); "
        + "1 of 260 tokens have a non-finite γᵀMγ", oneLine(outcome));
    assertEquals(List.of(), names(tmp));
  }

  @Test
  void aTokenizerDjlCannotLoadLeavesNamesOutWithAWarning() throws IOException {
    Path out = tmp.resolve("out");
    Path tokenizer = SAFETY.resolve("tokenizer_unloadable.json");
    AnalysisJobTest.Outcome outcome = AnalysisJobTest.cli(args(out, "--tokenizer", tokenizer.toString()));
    assertEquals(0, outcome.code(), outcome.stderr());
    JsonNode summary = JsonTrees.read(out.resolve("summary.json"));
    Assertions.assertTrue(summary.get("warnings").toString().contains(tokenizer.toAbsolutePath() + ": token names left out: "),
        summary.get("warnings").toString());
    Assertions.assertTrue(summary.get("inputs").get("tokenizer").isNull());
  }

  @Test
  void aFullDiskIsExitFiveNamingOutAndLeavesNothing() throws IOException {
    Path small = tmp.resolve("small");
    Files.createDirectories(small);
    // Room for the staging folder and a few parts, not for the plots and the report.
    assumeTrue(Mounts.tmpfs(small, "size=96k"), "cannot mount a tmpfs here (not root, or no mount)");
    try {
      Path out = small.resolve("out");
      AnalysisJobTest.Outcome outcome = AnalysisJobTest.cli(args(out, null, null));
      assertEquals(5, outcome.code(), outcome.stderr());
      String line = oneLine(outcome);
      Assertions.assertTrue(line.startsWith("causal-density: error: file:" + out + ": cannot write the result"), line);
      Assertions.assertTrue(line.endsWith("No space left on device"), line);
      assertEquals(List.of(), names(small), "no staging folder left");
    } finally {
      Mounts.unmount(small);
    }
  }

  @Test
  void aFailureInsideSparkLeavesThePreviousResult() throws IOException {
    Path out = tmp.resolve("out");
    assertEquals(0, AnalysisJobTest.cli(AnalysisJobTest.runArgs(
        AnalysisJobTest.INPUTS.resolve("distances.npy").toString(), out)).code());
    byte[] summary = Files.readAllBytes(out.resolve("summary.json"));
    // Valid files that fail the run during the scan: NaN distances, found by the executors.
    Path bad = AnalysisJobTest.FIXTURE.resolve("bad/distances_with_nan.npy");
    assumeTrue(Files.exists(bad), "fixture " + bad);
    AnalysisJobTest.Outcome outcome = AnalysisJobTest.cli(args(out, "--distances", bad.toString(), "--overwrite"));
    assertEquals(4, outcome.code(), outcome.stderr());
    Assertions.assertTrue(java.util.Arrays.equals(summary, Files.readAllBytes(out.resolve("summary.json"))));
    assertEquals(List.of("out"), names(tmp), "no staging folder, no lock");
  }
}
