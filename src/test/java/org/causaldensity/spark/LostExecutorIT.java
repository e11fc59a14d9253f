package org.causaldensity.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.causaldensity.testing.JsonTrees;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar on a real cluster of separate JVMs ({@code local-cluster}: a master, two workers and their
 * executors as child processes of the driver) gives the in-process result, also when executor JVMs are killed with
 * SIGKILL while they run tasks (one computing causal norms, one writing tokens/): the tasks are retried elsewhere and
 * the output is identical.
 */
class LostExecutorIT {
  static final String MASTER = "local-cluster[2,1,1024]";
  /** The worker offers 1024 MiB; conf/spark-defaults.conf asks 2g per executor, which would never be granted. */
  static final String EXECUTOR_MEMORY = "1024m";
  static final long DRIVER_TIMEOUT_SECONDS = 180;
  static final long EXECUTOR_EXIT_TIMEOUT_SECONDS = 10;
  /** Larger input for the second try when a kill came after its task had finished. */
  static final List<String> LARGER_DEMO = List.of("--n", "3000", "--hidden", "64");
  /** The driver's line just before it submits the job that scans the matrix and writes tokens/. */
  static final Pattern WRITE_STARTED = Pattern.compile("tokens/: scanning the matrix and writing");
  /** The scheduler's INFO line for a task sent to an executor; groups: the task's id (TID), the executor id. */
  static final Pattern TASK_STARTED =
      Pattern.compile("Starting task \\S+ in stage \\S+ \\(TID (\\d+)\\) \\([^,]+,\\s*executor (\\d+),");
  static final String EXECUTOR_MAIN = "org.apache.spark.executor.CoarseGrainedExecutorBackend";
  /** Driver logs are kept here (not in the temporary folders) so that a failure can be read afterwards. */
  static final Path LOGS = Path.of("target", "it-logs", "LostExecutorIT");
  /** Lines of a driver log quoted in a failure message. */
  static final int QUOTED_LINES = 40;

  static SparkSession spark;
  static Path e2eReference;

  @TempDir
  static Path shared;

  @TempDir
  Path tmp;

  /**
   * Input files by relative path, as a user types them: executors run in the workers' folders, so this passes only
   * because the job qualifies every path on the driver before any executor sees it.
   */
  record Inputs(Path distances, Path tokenIndices, Path metric, Path model) {
    static Inputs e2e() {
      Path in = AnalysisJobTest.INPUTS;
      return new Inputs(in.resolve("distances.npy"), in.resolve("token_indices.pt"), in.resolve("metric.pt"),
          in.resolve("model"));
    }

    String[] runArgs(Path out) {
      List<String> args = new ArrayList<>(List.of("run"));
      if (distances != null) {
        args.addAll(List.of("--distances", distances.toString()));
      }
      args.addAll(List.of("--token-indices", tokenIndices.toString(), "--metric", metric.toString(), "--model",
          model.toString(), "--out", out.toString()));
      return args.toArray(String[]::new);
    }

    /** The same files without the matrix: the exact matrix-free path. */
    Inputs matrixFree() {
      return new Inputs(null, tokenIndices, metric, model);
    }
  }

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    e2eReference = inProcess(Inputs.e2e(), shared.resolve("e2e-local"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** The run in this JVM on {@code local[2]} (the session started above), its output folder. */
  static Path inProcess(Inputs inputs, Path out) {
    AnalysisJobTest.Outcome outcome = AnalysisJobTest.cli(inputs.runArgs(out));
    assertEquals(0, outcome.code(), outcome.stderr());
    return out;
  }

  @Test
  void clusterRunGivesTheInProcessResult() throws Exception {
    Path out = tmp.resolve("cluster");
    Driver driver = Driver.submit(tmp, LOGS.resolve("cluster-run.log"), Inputs.e2e().runArgs(out));
    assertEquals(0, driver.await(), driver.excerpt());
    assertSameResult(e2eReference, out);
  }

  @Test
  void runSurvivesExecutorsKilledMidTask() throws Exception {
    List<Kill> kills = runKillingExecutors(Inputs.e2e(), e2eReference, tmp.resolve("e2e"), "killed-run.log");
    if (!allLanded(kills)) {
      // A task had already finished when its executor was killed: a bigger matrix makes tasks last longer.
      Path demo = tmp.resolve("demo");
      List<String> args = new ArrayList<>(List.of("demo", "--out", demo.toString(), "--inputs-only"));
      args.addAll(LARGER_DEMO);
      assertEquals(0, AnalysisJobTest.cli(args.toArray(String[]::new)).code());
      Path in = demo.resolve("inputs");
      Inputs larger = new Inputs(onlyFile(in, "distances_causal_", ".npy"), onlyFile(in, "distances_causal_", ".pt"),
          onlyFile(in, "causal_metric_tensor", ".pt"), in.resolve("model"));
      Path reference = inProcess(larger, tmp.resolve("demo-local"));
      kills = runKillingExecutors(larger, reference, tmp.resolve("demo-cluster"), "killed-run-larger.log");
    }
    assertTrue(allLanded(kills), "twice, an executor was killed after its task had finished: " + kills + "; see "
        + LOGS);
    kills.forEach(kill -> System.out.println("LostExecutorIT: " + kill.lostTaskLine().get()));
  }

  /**
   * The matrix-free path on the cluster, in blocks of 16 rows (17 blocks, 153 block-pair tasks), with one executor
   * killed during the causal norms and one during the block-pair stage: the lost pairs are recomputed from the staged
   * blocks and the result equals the in-process run's (computed in one block: the exact lists do not depend on the
   * blocking).
   */
  @Test
  void matrixFreeRunSurvivesExecutorsKilledDuringBlockPairs() throws Exception {
    Inputs inputs = Inputs.e2e().matrixFree();
    Path reference = inProcess(inputs, tmp.resolve("free-local"));
    Path folder = tmp.resolve("free-cluster");
    Path out = folder.resolve("out");
    Driver driver = Driver.submit(folder, LOGS.resolve("killed-matrix-free.log"),
        List.of("--conf", ExactNeighbourStage.BLOCK_ROWS_SETTING + "=16"), inputs.runArgs(out));
    try {
      StartedTask first = driver.nextTask();
      driver.kill(first);
      driver.next(PAIRS_STARTED);
      StartedTask pair = driver.nextTask();
      driver.kill(pair);
      assertEquals(0, driver.await(), driver.excerpt());
      String log = driver.log();
      for (StartedTask task : List.of(first, pair)) {
        assertTrue(log.contains("Lost executor " + task.executorId() + " on 127.0.0.1: "),
            "the driver did not log the loss of executor " + task.executorId() + "; see " + driver.logFile);
      }
      assertSameResult(reference, out);
    } finally {
      driver.stop();
    }
  }

  /** The driver's line just before it submits the block-pair job of the matrix-free path. */
  static final Pattern PAIRS_STARTED = Pattern.compile("exact kNN: scanning \\d+ block pairs");

  /** A task the driver sent to an executor. */
  record StartedTask(String tid, String executorId) {}

  /** An executor killed because it had been sent {@code task}, and the driver's line on losing that task. */
  record Kill(StartedTask task, Optional<String> lostTaskLine) {}

  static boolean allLanded(List<Kill> kills) {
    return kills.stream().allMatch(kill -> kill.lostTaskLine().isPresent());
  }

  /**
   * Submits the run and SIGKILLs two executor JVMs, each as soon as the driver has sent it a task: the first task of
   * the application (causal norms) and the first task writing {@code tokens/}. Checks that the run still exits 0 with
   * {@code reference}'s result and that the driver logged both losses; returns the kills, with the driver's line on
   * each lost task (empty when the task had finished before the kill).
   */
  static List<Kill> runKillingExecutors(Inputs inputs, Path reference, Path folder, String logName)
      throws Exception {
    Path out = folder.resolve("out");
    Driver driver = Driver.submit(folder, LOGS.resolve(logName), inputs.runArgs(out));
    try {
      StartedTask first = driver.nextTask();
      List<ProcessHandle> executors = driver.executors();
      assertEquals(2, executors.size(), () -> "executor JVMs under the driver: " + describe(executors));
      driver.kill(first);
      driver.next(WRITE_STARTED);
      StartedTask writing = driver.nextTask();
      driver.kill(writing);

      assertEquals(0, driver.await(), driver.excerpt());
      String log = driver.log();
      List<Kill> kills = new ArrayList<>();
      for (StartedTask task : List.of(first, writing)) {
        // The reason is the worker's "Command exited with code 137" (SIGKILL) or the driver's lost connection,
        // whichever reaches the scheduler first.
        assertTrue(log.contains("Lost executor " + task.executorId() + " on 127.0.0.1: "),
            "the driver did not log the loss of executor " + task.executorId() + "; see " + driver.logFile);
        // Spark words it "ExecutorLostFailure" when it blames the task, "its executor exited ..." when it does not.
        Matcher lost = Pattern.compile("[^\\n]*\\(TID " + task.tid() + "\\)[^\\n]*(ExecutorLostFailure"
            + "|failed because while it was being computed, its executor exited)[^\\n]*").matcher(log);
        kills.add(new Kill(task, lost.find() ? Optional.of(lost.group().trim()) : Optional.empty()));
      }
      assertSameResult(reference, out);
      return kills;
    } finally {
      driver.stop();
    }
  }

  static void assertSameResult(Path expected, Path actual) throws IOException {
    assertTrue(Files.exists(actual.resolve("_SUCCESS")), "no _SUCCESS in " + actual);
    JsonNode a = JsonTrees.read(expected.resolve("summary.json"));
    JsonNode b = JsonTrees.read(actual.resolve("summary.json"));
    for (String block : List.of("notebook", "product", "answer")) {
      assertEquals(a.get(block), b.get(block), block + " block");
    }
    org.causaldensity.testing.TokensFolders.assertSameRows(spark, expected, actual);
  }

  static Path onlyFile(Path folder, String prefix, String suffix) throws IOException {
    try (var files = Files.list(folder)) {
      List<Path> found = files.filter(p -> p.getFileName().toString().startsWith(prefix)
          && p.getFileName().toString().endsWith(suffix)).toList();
      assertEquals(1, found.size(), () -> prefix + "*" + suffix + " in " + folder + ": " + found);
      return found.get(0);
    }
  }

  /** The value after {@code --executor-id} on an executor JVM's command line, or null. */
  static String executorId(ProcessHandle process) {
    String[] args = process.info().arguments().orElse(new String[0]);
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--executor-id")) {
        return args[i + 1];
      }
    }
    return null;
  }

  static String describe(List<ProcessHandle> processes) {
    return processes.stream().map(p -> p.pid() + " (executor " + executorId(p) + ")")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /** {@code SparkSubmit} in a child JVM on {@link #MASTER}, its output copied to a log file as it comes. */
  static final class Driver {
    /** Put after the last line; compared by identity, so no line of output can be taken for it. */
    static final String END = new String("end of the driver's output");
    final Process process;
    final Path logFile;
    /** {@link System#nanoTime()} {@link #DRIVER_TIMEOUT_SECONDS} after the start, when the driver is stopped. */
    final long deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRIVER_TIMEOUT_SECONDS);
    /** The driver's lines, in order, for the test to follow; {@link #END} after the last. */
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final Thread pump;

    private Driver(Process process, Path logFile) {
      this.process = process;
      this.logFile = logFile;
      this.pump = new Thread(this::copyOutput, "driver-log");
      pump.setDaemon(true);
      pump.start();
    }

    /**
     * Starts the driver with SPARK_HOME in {@code folder} (its jars/ a link to the copied Spark jars, so that the
     * workers' folders, each with a copy of the application jar, go away with {@code folder}); its output goes to
     * {@code logFile}, replacing an older one.
     */
    static Driver submit(Path folder, Path logFile, String... args) throws IOException {
      return submit(folder, logFile, List.of(), args);
    }

    /** As above, with extra SparkSubmit options ({@code --conf k=v}) before the application's arguments. */
    static Driver submit(Path folder, Path logFile, List<String> sparkOptions, String... args) throws IOException {
      String sparkHome = System.getProperty("causaldensity.sparkHome");
      String appJar = System.getProperty("causaldensity.appJar");
      assertTrue(sparkHome != null && Files.isDirectory(Path.of(sparkHome, "jars")), "spark home: " + sparkHome);
      assertTrue(appJar != null && Files.isRegularFile(Path.of(appJar)), "application jar: " + appJar);
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
      command.addAll(List.of(Files.readString(Path.of("conf/jvm-module-options")).trim().split("\\s+")));
      command.addAll(List.of("-cp", sparkHome + "/jars/*", "org.apache.spark.deploy.SparkSubmit",
          "--master", MASTER,
          // Executors get the module flags, SPARK_SCALA_VERSION and spark.task.maxFailures = 4 from here.
          "--properties-file", Path.of("conf/spark-defaults.conf").toAbsolutePath().toString(),
          "--conf", "spark.executor.memory=" + EXECUTOR_MEMORY,
          "--conf", "spark.ui.enabled=false"));
      command.addAll(sparkOptions);
      command.addAll(List.of("--class", "org.causaldensity.cli.Main", appJar));
      command.addAll(List.of(args));
      Files.createDirectories(logFile.getParent());
      Path home = Files.createDirectories(folder.resolve("spark-home"));
      Files.createSymbolicLink(home.resolve("jars"), Path.of(sparkHome, "jars").toAbsolutePath());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      // Workers start executors from SPARK_HOME/jars, in folders under SPARK_HOME/work.
      builder.environment().put("SPARK_HOME", home.toString());
      builder.environment().put("SPARK_SCALA_VERSION", "2.13");
      builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      return new Driver(builder.start(), logFile);
    }

    private void copyOutput() {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8)); Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          log.write(line);
          log.write('\n');
          lines.add(line);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        lines.add(END);
      }
    }

    /** Follows the output to the next line {@code pattern} finds something in; fails at the end or the deadline. */
    Matcher next(Pattern pattern) throws Exception {
      while (true) {
        String line = lines.poll(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (line == null || line == END) {
          throw new AssertionError((line == null ? "timed out" : "the driver ended") + " before a line with '"
              + pattern + "'; " + excerpt());
        }
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          return m;
        }
      }
    }

    /** The next task the driver sends to an executor. */
    StartedTask nextTask() throws Exception {
      Matcher m = next(TASK_STARTED);
      return new StartedTask(m.group(1), m.group(2));
    }

    /** SIGKILLs the JVM of the executor {@code task} went to and waits for it to end. */
    void kill(StartedTask task) throws Exception {
      List<ProcessHandle> executors = executors();
      ProcessHandle victim = executors.stream().filter(p -> task.executorId().equals(executorId(p))).findFirst()
          .orElseThrow(() -> new AssertionError("no JVM for executor " + task.executorId() + ": "
              + describe(executors)));
      assertTrue(victim.destroyForcibly(), "SIGKILL to executor " + task.executorId());
      victim.onExit().get(EXECUTOR_EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** The executor JVMs the driver started (through its in-process workers). */
    List<ProcessHandle> executors() {
      return process.descendants().filter(p -> p.info().arguments()
          .map(a -> List.of(a).contains(EXECUTOR_MAIN)).orElse(false)).toList();
    }

    /** Waits for the driver's exit code, stopping it (and its executors) at the deadline. */
    int await() throws Exception {
      if (!process.waitFor(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        stop();
        throw new AssertionError("the driver did not finish in " + DRIVER_TIMEOUT_SECONDS + " s; " + excerpt());
      }
      pump.join();
      return process.exitValue();
    }

    /** Kills what is left of this driver and the JVMs it started; nothing when it has ended. */
    void stop() throws InterruptedException {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      pump.join(TimeUnit.SECONDS.toMillis(EXECUTOR_EXIT_TIMEOUT_SECONDS));
    }

    String log() throws IOException {
      return Files.readString(logFile, StandardCharsets.UTF_8);
    }

    /**
     * Where the log is, and its last {@link #QUOTED_LINES} lines that are not INFO or stack frames, from before the
     * workers began to stop their executors (after that they complain about executors they can no longer start).
     */
    String excerpt() throws IOException {
      List<String> quoted = log().lines().takeWhile(line -> !line.contains("ExecutorRunner: Killing process!"))
          .filter(line -> !line.matches("\\S+ \\S+ INFO .*") && !line.startsWith("\tat ")).toList();
      return "driver log " + logFile + ", ends with:\n"
          + String.join("\n", quoted.subList(Math.max(0, quoted.size() - QUOTED_LINES), quoted.size()));
    }
  }
}
