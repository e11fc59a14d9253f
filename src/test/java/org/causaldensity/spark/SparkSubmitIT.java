package org.causaldensity.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.holdenkarau.spark.testing.JavaRDDComparisons;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.causaldensity.testing.JsonTrees;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar run the way {@code spark-submit} runs it ({@code org.apache.spark.deploy.SparkSubmit} in a JVM
 * of its own, Spark from the copied jars) gives the same result as the in-process run, and the same exit codes.
 */
class SparkSubmitIT {
  static final Path INPUTS = AnalysisJobTest.INPUTS;
  static final long TIMEOUT_SECONDS = 240;
  static SparkSession spark;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Process submit(Path log, String... args) throws IOException {
    String sparkHome = System.getProperty("causaldensity.sparkHome");
    String appJar = System.getProperty("causaldensity.appJar");
    assertTrue(sparkHome != null && Files.isDirectory(Path.of(sparkHome, "jars")), "spark home: " + sparkHome);
    assertTrue(appJar != null && Files.isRegularFile(Path.of(appJar)), "application jar: " + appJar);
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g"));
    command.addAll(List.of(Files.readString(Path.of("conf/jvm-module-options")).trim().split("\\s+")));
    command.addAll(List.of("-cp", sparkHome + "/jars/*", "org.apache.spark.deploy.SparkSubmit",
        "--master", "local[2]", "--conf", "spark.ui.enabled=false",
        "--class", "org.causaldensity.cli.Main", appJar));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SPARK_SCALA_VERSION", "2.13");
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return builder.start();
  }

  static int await(Process process, Path log) throws Exception {
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("spark-submit did not finish in " + TIMEOUT_SECONDS + " s:\n"
          + Files.readString(log, StandardCharsets.UTF_8));
    }
    return process.exitValue();
  }

  @Test
  void submittedJarGivesTheSameResultAsTheInProcessRun() throws Exception {
    Path local = tmp.resolve("local");
    Path submitted = tmp.resolve("submitted");
    AnalysisJobTest.Outcome inProcess = AnalysisJobTest.cli(
        AnalysisJobTest.runArgs(INPUTS.resolve("distances.npy").toString(), local));
    assertEquals(0, inProcess.code(), inProcess.stderr());

    Path log = tmp.resolve("submit.log");
    int code = await(submit(log, AnalysisJobTest.runArgs(INPUTS.resolve("distances.npy").toString(), submitted)), log);
    assertEquals(0, code, Files.readString(log));
    assertTrue(Files.exists(submitted.resolve("_SUCCESS")));

    JsonNode a = JsonTrees.read(local.resolve("summary.json"));
    JsonNode b = JsonTrees.read(submitted.resolve("summary.json"));
    for (String block : List.of("notebook", "product")) {
      assertEquals(a.get(block), b.get(block), block + " block");
    }
    // spark-testing-base's RDD equality: the same rows, each as often (every row has its own "row" value).
    JavaRDDComparisons.assertRDDEquals(spark.read().parquet(local.resolve("tokens").toString()).toJavaRDD(),
        spark.read().parquet(submitted.resolve("tokens").toString()).toJavaRDD());
  }

  @Test
  void submittedRefusalExitsWithItsCodeAndOneLine() throws Exception {
    Path out = tmp.resolve("out");
    List<String> args = new ArrayList<>(List.of(
        AnalysisJobTest.runArgs(INPUTS.resolve("distances.npy").toString(), out)));
    args.set(args.indexOf("--token-indices") + 1,
        AnalysisJobTest.FIXTURE.resolve("bad/token_indices_short.pt").toString());
    Path log = tmp.resolve("submit.log");
    int code = await(submit(log, args.toArray(String[]::new)), log);
    String printed = Files.readString(log);
    assertEquals(4, code, printed);
    assertTrue(printed.contains("causal-density: error: ") && printed.contains("has 259 entries"), printed);
    assertFalse(printed.contains("\tat "), "no stack trace:\n" + printed);
    assertFalse(Files.exists(out));
  }
}
