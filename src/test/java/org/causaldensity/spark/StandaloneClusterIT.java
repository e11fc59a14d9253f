package org.causaldensity.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.causaldensity.testing.JsonTrees;
import org.causaldensity.testing.LogFollower;
import org.causaldensity.testing.StandaloneCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production path on one machine: a Spark standalone cluster (a master and two workers, separate JVMs from the
 * project's copied jars, 127.0.0.1, free ports) and a real HDFS (Hadoop's MiniDFSCluster in this JVM). Runs are
 * submitted with {@code submit/submit.sh} as a user submits them, and each must give exactly the local-mode result
 * (every summary block but those describing the run, every tokens/ row): in client and cluster deploy mode, reading
 * and writing {@code hdfs://} with a worker SIGKILLed mid-stage, and after a driver killed mid-way (which must
 * leave nothing at OUT). The Airflow module's tests then run against the same cluster. One cluster serves every
 * check; every process started is stopped by PID in {@link #stop()}, also when a check fails.
 *
 * <p>Each check runs for every {@link InputSet}: today the matrix path; the matrix-free path adds a second set.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
  static final Path LOGS = Path.of("target", "it-logs", "StandaloneClusterIT");
  static final long RUN_TIMEOUT_SECONDS = 300;
  static final int WORKERS = 2;
  /** Two cores per worker: a cluster-mode driver takes one and the run's two executors still fit. */
  static final int WORKER_CORES = 2;
  static final String WORKER_MEMORY = "2g";
  static final String EXECUTOR_MEMORY = "768m";
  static final String DRIVER_MEMORY = "768m";
  /** Two executors of one core: one per worker (the master spreads them), so a worker's loss is an executor's. */
  static final int TOTAL_EXECUTOR_CORES = 2;
  /** Big enough that the scan has several tasks (16 MiB row blocks) lasting long enough to be killed in. */
  static final List<String> DEMO = List.of("--n", "3000", "--hidden", "64");
  static final Pattern WRITE_STARTED = Pattern.compile("tokens/: scanning the matrix and writing");
  /** ProgressListener's progress line of a stage (the driver logs only warnings of Spark's own). */
  static final Pattern STAGE_PROGRESS = Pattern.compile("causal-density: stage \\d+ .*: \\d+% \\(");
  /** Summary blocks that describe the run rather than its result. */
  static final Set<String> RUN_BLOCKS = Set.of("inputs", "provenance");

  StandaloneCluster cluster;
  MiniDFSCluster hdfs;
  FileSystem dfs;
  SparkSession spark;
  List<InputSet> inputSets = new ArrayList<>();
  Map<String, Path> references = new LinkedHashMap<>();

  /** Static: JUnit injects instance fields only after the per-class {@code @BeforeAll} has run. */
  @TempDir
  static Path tmp;

  /**
   * Inputs of one kind of run: option → local file or folder. {@code hdfs} is the same set uploaded to HDFS.
   */
  record InputSet(String name, Map<String, Path> files) {
    String[] runArgs(Function<Path, String> location, String out, String... extra) {
      List<String> args = new ArrayList<>(List.of("run"));
      files.forEach((option, file) -> args.addAll(List.of(option, location.apply(file))));
      args.addAll(List.of("--out", out));
      args.addAll(List.of(extra));
      return args.toArray(String[]::new);
    }
  }

  @BeforeAll
  void start() throws Exception {
    spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    Path demo = tmp.resolve("demo");
    List<String> args = new ArrayList<>(List.of("demo", "--out", demo.toString(), "--inputs-only"));
    args.addAll(DEMO);
    assertEquals(0, AnalysisJobTest.cli(args.toArray(String[]::new)).code());
    Path in = demo.resolve("inputs");
    Map<String, Path> matrix = new LinkedHashMap<>();
    matrix.put("--distances", LostExecutorIT.onlyFile(in, "distances_causal_", ".npy"));
    matrix.put("--token-indices", LostExecutorIT.onlyFile(in, "distances_causal_", ".pt"));
    matrix.put("--metric", LostExecutorIT.onlyFile(in, "causal_metric_tensor", ".pt"));
    matrix.put("--model", in.resolve("model"));
    inputSets.add(new InputSet("matrix", matrix));
    for (InputSet set : inputSets) {
      Path out = tmp.resolve("local-" + set.name());
      AnalysisJobTest.Outcome local = AnalysisJobTest.cli(set.runArgs(Path::toString, out.toString()));
      assertEquals(0, local.code(), local.stderr());
      references.put(set.name(), out);
    }

    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
    dfs = hdfs.getFileSystem();

    cluster = StandaloneCluster.start(tmp.resolve("cluster"),
        Path.of(System.getProperty("causaldensity.sparkHome"), "jars"), LOGS, WORKERS, WORKER_CORES, WORKER_MEMORY);
  }

  @AfterAll
  void stop() throws IOException {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      try {
        if (hdfs != null) {
          hdfs.shutdown(true);
        }
      } finally {
        spark.stop();
      }
    }
  }

  @Test
  @Order(1)
  void clientModeGivesTheLocalResultAndReportsProgressAndProvenance() throws Exception {
    for (InputSet set : inputSets) {
      Path out = tmp.resolve("client-" + set.name());
      Path log = LOGS.resolve("client-" + set.name() + ".log");
      // With Spark's event log on (README, "What an operator sees"): the history server's input.
      Path events = Files.createDirectories(tmp.resolve("spark-events-" + set.name()));
      Process driver = submit("client", log, List.of("--conf", "spark.eventLog.enabled=true", "--conf",
          "spark.eventLog.dir=" + events.toUri()), set.runArgs(Path::toString, out.toString()));
      assertEquals(0, await(driver, log), () -> tail(log));
      assertSameResult(references.get(set.name()), out);
      try (var logs = Files.list(events)) {
        List<String> names = logs.map(p -> p.getFileName().toString()).toList();
        // Spark 4 writes rolling event logs by default: a folder eventlog_v2_<application id>.
        assertTrue(names.size() == 1 && names.get(0).matches("(eventlog_v2_)?app-.*"), "event logs: " + names);
      }

      String printed = Files.readString(log);
      assertTrue(printed.contains("causal-density: stage ") && printed.contains(" tasks/s"), "no progress lines");
      JsonNode provenance = JsonTrees.read(out.resolve("summary.json")).get("provenance");
      assertNotNull(provenance, "no provenance block");
      assertEquals(cluster.masterUrl(), provenance.get("spark").get("master").asText());
      assertEquals(TOTAL_EXECUTOR_CORES, provenance.get("spark").get("executors").asInt());
      assertTrue(provenance.get("project").get("commit").asText().startsWith(gitHead()), provenance.toString());
      // Every input file with its size as the local file system tells it, and a fingerprint.
      Map<String, Long> sizes = new LinkedHashMap<>();
      for (Map.Entry<String, Path> input : set.files().entrySet()) {
        try (var files = Files.isDirectory(input.getValue()) ? Files.list(input.getValue())
            : java.util.stream.Stream.of(input.getValue())) {
          for (Path file : files.sorted().toList()) {
            sizes.put(file.toUri().getPath(), Files.size(file));
          }
        }
      }
      Map<String, Long> recorded = new LinkedHashMap<>();
      for (JsonNode file : provenance.get("inputs")) {
        recorded.put(java.net.URI.create(file.get("path").asText()).getPath(), file.get("bytes").asLong());
        assertEquals(org.causaldensity.io.ContentFingerprint.SAMPLED,
            file.get("fingerprint").get("algorithm").asText());
      }
      assertEquals(sizes, recorded);
      assertTrue(provenance.get("command_line").toString().contains(out.toString()), provenance.toString());
    }
  }

  @Test
  @Order(2)
  void clusterModeGivesTheLocalResult() throws Exception {
    for (InputSet set : inputSets) {
      Path out = tmp.resolve("cluster-" + set.name());
      Path log = LOGS.resolve("cluster-" + set.name() + ".log");
      // spark.standalone.submit.waitAppCompletion (conf/spark-defaults.conf): spark-submit returns when the
      // driver has finished; its exit code says nothing about the driver's (README), so the result is checked.
      Process submitter = submit("cluster", log, set.runArgs(Path::toString, out.toString()));
      assertEquals(0, await(submitter, log), () -> tail(log));
      assertTrue(Files.exists(out.resolve("_SUCCESS")), () -> "no _SUCCESS; submit log:\n" + tail(log)
          + "\ndriver logs: " + driverLogs());
      assertSameResult(references.get(set.name()), out);
    }
  }

  @Test
  @Order(3)
  void hdfsRunThroughTheClusterSurvivesAWorkerKilledMidStage() throws Exception {
    for (InputSet set : inputSets) {
      String outUri = hdfsUri("/results/" + set.name() + "/run");
      Path log = LOGS.resolve("hdfs-worker-killed-" + set.name() + ".log");
      Process driver = submit("client", log, set.runArgs(this::upload, outUri));
      LogFollower follower = new LogFollower(log);
      follower.next(WRITE_STARTED, RUN_TIMEOUT_SECONDS, () -> !driver.isAlive());
      // The scan's first progress line (ProgressListener): one task has finished, the others run on both executors
      // (one per worker), so the kill lands mid-task.
      follower.next(STAGE_PROGRESS, RUN_TIMEOUT_SECONDS, () -> !driver.isAlive());
      Process worker = cluster.workers().get(0);
      List<String> executors = StandaloneCluster.executorsOf(worker).stream()
          .map(StandaloneCluster::executorId).toList();
      assertEquals(1, executors.size(), "executors of the first worker: " + executors);
      StandaloneCluster.killWithDescendants(worker);

      assertEquals(0, await(driver, log), () -> tail(log));
      String printed = Files.readString(log);
      assertTrue(printed.contains("Lost executor " + executors.get(0) + " on 127.0.0.1"),
          "the driver did not notice the loss of executor " + executors.get(0) + "; see " + log);
      Path copy = download(outUri, tmp.resolve("hdfs-" + set.name()));
      assertSameResult(references.get(set.name()), copy);
      // On HDFS the fingerprint is the file system's whole-content checksum, the one `hdfs dfs -checksum` prints.
      for (JsonNode file : JsonTrees.read(copy.resolve("summary.json")).get("provenance").get("inputs")) {
        org.apache.hadoop.fs.FileChecksum checksum = dfs.getFileChecksum(
            new org.apache.hadoop.fs.Path(file.get("path").asText()));
        assertEquals("hdfs:" + checksum.getAlgorithmName(), file.get("fingerprint").get("algorithm").asText());
        assertEquals(java.util.HexFormat.of().formatHex(checksum.getBytes()),
            file.get("fingerprint").get("value").asText());
      }
      Matcher lost = Pattern.compile("[^\\n]*Lost task[^\\n]*executor " + executors.get(0)
          + "\\)[^\\n]*").matcher(printed);
      System.out.println("StandaloneClusterIT: killed the worker of executor " + executors.get(0)
          + (lost.find() ? "; " + lost.group().trim() : " (no task of it was lost)"));
      // The cluster gets its second worker back for the next checks.
      cluster.startWorker(WORKER_CORES, WORKER_MEMORY);
      StandaloneCluster.waitFor(cluster.masterLog(), StandaloneCluster.workerRegistered(), WORKERS + 1);
    }
  }

  @Test
  @Order(4)
  void killedHdfsRunLeavesNothingAtOutAndTheRerunIsComplete() throws Exception {
    for (InputSet set : inputSets) {
      String parent = "/results/" + set.name() + "/killed";
      String outUri = hdfsUri(parent + "/out");
      Path log = LOGS.resolve("hdfs-driver-killed-" + set.name() + ".log");
      Process driver = submit("client", log, set.runArgs(this::upload, outUri));
      new LogFollower(log).next(WRITE_STARTED, RUN_TIMEOUT_SECONDS, () -> !driver.isAlive());
      StandaloneCluster.killWithDescendants(driver);

      org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(outUri);
      assertFalse(dfs.exists(out), "a killed run left something at " + outUri);
      List<String> left = listRecursively(new org.apache.hadoop.fs.Path(parent));
      assertFalse(left.stream().anyMatch(p -> p.endsWith("/_SUCCESS") && !p.contains("/tokens/")),
          "a killed run left a _SUCCESS: " + left);

      Path rerunLog = LOGS.resolve("hdfs-rerun-" + set.name() + ".log");
      Process rerun = submit("client", rerunLog, set.runArgs(this::upload, outUri, "--overwrite"));
      assertEquals(0, await(rerun, rerunLog), () -> tail(rerunLog));
      assertSameResult(references.get(set.name()), download(outUri, tmp.resolve("rerun-" + set.name())));
      // The staging folder is a sibling of OUT, never OUT itself nor inside it.
      for (FileStatus status : dfs.listStatus(new org.apache.hadoop.fs.Path(parent))) {
        assertTrue(status.getPath().getName().equals("out") || status.getPath().getName().startsWith(".out."),
            "unexpected beside OUT: " + status.getPath());
      }
    }
  }

  @Test
  @Order(5)
  void airflowTasksModuleRunsAgainstTheCluster() throws Exception {
    Path log = LOGS.resolve("airflow-python-tests.log");
    InputSet set = inputSets.get(0);
    ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", "-m", "unittest", "discover", "-v",
        "-s", "airflow/tests", "-t", "airflow").redirectErrorStream(true).redirectOutput(log.toFile());
    cluster.environment(builder.environment());
    Map<String, String> env = builder.environment();
    env.put("CAUSAL_DENSITY_TEST_MASTER", cluster.masterUrl());
    env.put("CAUSAL_DENSITY_TEST_APP_JAR", System.getProperty("causaldensity.appJar"));
    env.put("CAUSAL_DENSITY_TEST_ROOT", tmp.resolve("airflow-root").toString());
    env.put("CAUSAL_DENSITY_TEST_INPUTS", String.join("\n", set.files().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue().toAbsolutePath()).toList()));
    env.put("CAUSAL_DENSITY_TEST_REFERENCE", references.get(set.name()).resolve("summary.json").toString());
    Process python = cluster.track(builder.start());
    int code = await(python, log);
    String printed = Files.readString(log);
    assertEquals(0, code, printed);
    // unittest -v prints "name (module.Class.name) ... ok": the cluster tests ran, they were not skipped.
    for (String test : List.of("test_dag_runs_on_the_cluster_for_a_date", "test_bad_input_fails_at_once")) {
      assertTrue(Pattern.compile(test + "\\S* \\(.*\\) \\.\\.\\. ok").matcher(printed).find(),
          test + ":\n" + printed);
    }
  }

  /** {@code submit/submit.sh} against the cluster, output to {@code log}; registered for {@link #stop()}. */
  Process submit(String deployMode, Path log, String... args) throws IOException {
    return submit(deployMode, log, List.of(), args);
  }

  /** The same with more spark-submit options ({@code SUBMIT_ARGS}, split on spaces). */
  Process submit(String deployMode, Path log, List<String> submitArgs, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", "submit/submit.sh"));
    command.addAll(List.of(args));
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    cluster.environment(builder.environment());
    Map<String, String> env = builder.environment();
    env.put("SPARK_MASTER", cluster.masterUrl());
    env.put("DEPLOY_MODE", deployMode);
    env.put("EXECUTOR_MEMORY", EXECUTOR_MEMORY);
    env.put("DRIVER_MEMORY", DRIVER_MEMORY);
    env.put("SUBMIT_ARGS", "--total-executor-cores " + TOTAL_EXECUTOR_CORES + " --conf spark.ui.enabled=false"
        + " --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 "
        + String.join(" ", submitArgs));
    return cluster.track(builder.start());
  }

  /** The commit this work tree is at, from git itself. */
  static String gitHead() throws Exception {
    Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
    String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, git.waitFor(), head);
    return head;
  }

  static int await(Process process, Path log) throws Exception {
    if (!process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      StandaloneCluster.killWithDescendants(process);
      throw new AssertionError("did not finish in " + RUN_TIMEOUT_SECONDS + " s; " + tail(log));
    }
    return process.exitValue();
  }

  static String tail(Path log) {
    try {
      return log + ":\n" + StandaloneCluster.tail(Files.readString(log, StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      return log + ": " + e;
    }
  }

  /** The cluster-mode drivers' stderr files (under the workers' work folders), for failure messages. */
  String driverLogs() {
    try (var files = Files.walk(cluster.sparkHome().getParent())) {
      StringBuilder all = new StringBuilder();
      for (Iterator<Path> it = files.filter(p -> p.toString().contains("/driver-")
          && p.getFileName().toString().equals("stderr")).iterator(); it.hasNext();) {
        Path p = it.next();
        all.append('\n').append(p).append(":\n").append(StandaloneCluster.tail(Files.readString(p,
            StandardCharsets.ISO_8859_1)));
      }
      return all.toString();
    } catch (IOException e) {
      return e.toString();
    }
  }

  String hdfsUri(String path) {
    return dfs.getUri() + path;
  }

  /** Copies a local input (file or folder) to the same path under /inputs on HDFS, once; its hdfs:// URI. */
  String upload(Path local) {
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path("/inputs" + local.toAbsolutePath());
    try {
      if (!dfs.exists(target)) {
        dfs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toAbsolutePath().toString()),
            target);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return hdfsUri(target.toString());
  }

  Path download(String uri, Path local) throws IOException {
    dfs.copyToLocalFile(false, new org.apache.hadoop.fs.Path(uri), new org.apache.hadoop.fs.Path(local.toString()),
        true);
    return local;
  }

  List<String> listRecursively(org.apache.hadoop.fs.Path root) throws IOException {
    List<String> all = new ArrayList<>();
    if (!dfs.exists(root)) {
      return all;
    }
    var files = dfs.listFiles(root, true);
    while (files.hasNext()) {
      all.add(files.next().getPath().toString());
    }
    return all;
  }

  /** Every summary block equal except those describing the run; every tokens/ row equal; nothing else in tokens/. */
  void assertSameResult(Path expected, Path actual) throws IOException {
    assertTrue(Files.exists(actual.resolve("_SUCCESS")), "no _SUCCESS in " + actual);
    JsonNode a = JsonTrees.read(expected.resolve("summary.json"));
    JsonNode b = JsonTrees.read(actual.resolve("summary.json"));
    List<String> blocks = new ArrayList<>();
    a.fieldNames().forEachRemaining(blocks::add);
    List<String> actualBlocks = new ArrayList<>();
    b.fieldNames().forEachRemaining(actualBlocks::add);
    assertEquals(blocks, actualBlocks, "summary blocks");
    for (String block : blocks) {
      if (!RUN_BLOCKS.contains(block)) {
        assertEquals(withoutInputPaths(a.get(block)), withoutInputPaths(b.get(block)), block + " block");
      }
    }
    org.causaldensity.testing.TokensFolders.assertSameRows(spark, expected, actual);
  }

  /** The options block names the token-id and metric files again (file: here, hdfs: there): inputs' paths. */
  static JsonNode withoutInputPaths(JsonNode block) {
    JsonNode copy = block.deepCopy();
    for (String field : List.of("token_selection", "metric")) {
      if (copy.get(field) instanceof com.fasterxml.jackson.databind.node.ObjectNode node) {
        node.remove("path");
      }
    }
    return copy;
  }
}
