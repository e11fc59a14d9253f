package org.causaldensity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --explain} prints the plan from the inputs alone: no Spark, nothing written. */
class ExplainTest {
  static final Path INPUTS = Path.of("src/test/resources/fixtures/e2e/inputs");

  @TempDir
  Path tmp;

  static String explain(String... extra) {
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", "--explain",
          "--distances", INPUTS.resolve("distances.npy").toString(),
          "--token-indices", INPUTS.resolve("token_indices.pt").toString(),
          "--metric", INPUTS.resolve("metric.pt").toString(), "--model", INPUTS.resolve("model").toString()));
      args.addAll(java.util.List.of(extra));
      assertEquals(0, Main.execute(args.toArray(String[]::new)));
      return out.toString(StandardCharsets.UTF_8);
    } finally {
      System.setOut(saved);
    }
  }

  @Test
  void explainListsInputsStagesAndMemoryWithoutStartingSparkOrWriting() throws Exception {
    Path out = tmp.resolve("out");
    String plan = explain("--out", out.toString());
    assertFalse(SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined(),
        "a Spark session was started");
    assertFalse(Files.exists(out), "OUT was created");
    try (var files = Files.list(tmp)) {
      assertEquals(0, files.count(), "something was written beside OUT");
    }
    // N = 260 from the .npy header, read here with numpy's layout: 4·N² bytes of float32 after the header.
    long n = 260;
    assertEquals(Files.size(INPUTS.resolve("distances.npy")) - 128, 4 * n * n);
    assertTrue(plan.contains(String.format(Locale.ROOT, "N = %,d", n)), plan);
    assertTrue(plan.contains(String.format(Locale.ROOT, "the matrix read once (%.1f kB), %,d distances", 4.0 * n * n
        / 1000, n * n)), plan);
    assertTrue(plan.contains(Files.size(INPUTS.resolve("metric.pt")) < 1000
        ? Files.size(INPUTS.resolve("metric.pt")) + " B" : "kB"), plan);
    try (var model = Files.list(INPUTS.resolve("model"))) {
      assertEquals(model.count(), plan.lines().filter(l -> l.startsWith("  --model")).count(), plan);
    }
    assertTrue(plan.contains("absent, would be created"), plan);
    assertTrue(plan.contains("1 task(s) of <= "), plan);
  }

  @Test
  void explainOfTheMatrixFreeOptionsNamesTheSampleWithoutStartingSpark() throws Exception {
    Path out = tmp.resolve("out");
    PrintStream saved = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, Main.execute("run", "--explain", "--tokens", "sample:50:3", "--metric", "estimate",
          "--duplicates", "collapse", "--model", INPUTS.resolve("model").toString(), "--out", out.toString()));
    } finally {
      System.setOut(saved);
    }
    String plan = printed.toString(StandardCharsets.UTF_8);
    assertFalse(SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined(),
        "a Spark session was started");
    assertFalse(Files.exists(out), "OUT was created");
    assertTrue(plan.contains("N = 50"), plan);
  }

  @Test
  void explainSaysAnOccupiedOutWouldBeRefused() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(out.resolve("old.txt"), "x");
    assertTrue(explain("--out", out.toString()).contains("the run would be refused (exit 6)"));
    assertTrue(explain("--out", out.toString(), "--overwrite").contains("would be replaced (--overwrite)"));
    assertEquals("x", Files.readString(out.resolve("old.txt")));
  }
}
