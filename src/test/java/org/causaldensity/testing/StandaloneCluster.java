package org.causaldensity.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster of separate JVMs on 127.0.0.1 (a master and its workers, started from the project's
 * copied Spark jars, the way {@code sbin/start-master.sh} and {@code start-worker.sh} start them), and every other
 * process a test starts against it. {@link #close()} SIGKILLs each of them by PID, with their descendants (executors,
 * cluster-mode drivers), whatever happened before: nothing outlives the test.
 */
public final class StandaloneCluster implements AutoCloseable {
  /** Master and workers are small: they only schedule. */
  static final String DAEMON_HEAP = "-Xmx256m";
  static final long START_TIMEOUT_SECONDS = 90;
  static final long POLL_MILLIS = 100;
  static final Pattern MASTER_URL = Pattern.compile("Starting Spark master at (spark://127\\.0\\.0\\.1:\\d+)");
  static final Pattern WORKER_REGISTERED = Pattern.compile("Registering worker 127\\.0\\.0\\.1:\\d+");

  /** The master's line for each worker that registers. */
  public static Pattern workerRegistered() {
    return WORKER_REGISTERED;
  }

  private final Path folder;
  private final Path sparkHome;
  private final Path logs;
  private final List<String> moduleOptions;
  private final List<Process> started = Collections.synchronizedList(new ArrayList<>());
  private final List<Process> workers = new ArrayList<>();
  private final String masterUrl;
  private final Path masterLog;

  private StandaloneCluster(Path folder, Path sparkHome, Path logs, List<String> moduleOptions, String masterUrl,
      Path masterLog) {
    this.folder = folder;
    this.sparkHome = sparkHome;
    this.logs = logs;
    this.moduleOptions = moduleOptions;
    this.masterUrl = masterUrl;
    this.masterLog = masterLog;
  }

  /**
   * Starts a master and {@code workers} workers of {@code cores} cores and {@code memory} each, and waits until all
   * have registered. {@code folder} gets a SPARK_HOME whose {@code jars/} links to {@code jars} (workers start
   * executors from it and keep their work folders under it); logs go to {@code logs}.
   */
  public static StandaloneCluster start(Path folder, Path jars, Path logs, int workers, int cores, String memory)
      throws Exception {
    Path home = Files.createDirectories(folder.resolve("spark-home"));
    if (!Files.exists(home.resolve("jars"))) {
      Files.createSymbolicLink(home.resolve("jars"), jars.toAbsolutePath());
    }
    Files.createDirectories(logs);
    List<String> modules = List.of(Files.readString(Path.of("conf/jvm-module-options")).trim().split("\\s+"));
    Path masterLog = logs.resolve("master.log");
    StandaloneCluster cluster = new StandaloneCluster(folder, home, logs, modules, null, masterLog);
    try {
      // REST submission is off: its fixed port (6066) would clash with other clusters on the machine, and
      // spark-submit falls back to the master's RPC port for cluster deploy mode.
      cluster.daemon(masterLog, "org.apache.spark.deploy.master.Master", "-Dspark.master.rest.enabled=false",
          "--host", "127.0.0.1", "--port", "0", "--webui-port", "0");
      String url = waitFor(masterLog, MASTER_URL, 1).group(1);
      StandaloneCluster ready = new StandaloneCluster(folder, home, logs, modules, url, masterLog);
      ready.started.addAll(cluster.started);
      for (int i = 0; i < workers; i++) {
        ready.startWorker(cores, memory);
      }
      waitFor(masterLog, WORKER_REGISTERED, workers);
      return ready;
    } catch (Exception | AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  /** Starts one more worker and returns its process (registration is not awaited). */
  public Process startWorker(int cores, String memory) throws IOException {
    int index = workers.size();
    Path work = Files.createDirectories(folder.resolve("work-" + index));
    Process worker = daemon(logs.resolve("worker-" + index + ".log"), "org.apache.spark.deploy.worker.Worker",
        masterUrl, "--host", "127.0.0.1", "--port", "0", "--webui-port", "0", "--cores", String.valueOf(cores),
        "--memory", memory, "--work-dir", work.toString());
    workers.add(worker);
    return worker;
  }

  private Process daemon(Path log, String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), DAEMON_HEAP));
    command.addAll(moduleOptions);
    List<String> rest = new ArrayList<>(List.of(args));
    // JVM system properties (-D...) come before the class, the daemon's own options after.
    while (!rest.isEmpty() && rest.get(0).startsWith("-D")) {
      command.add(rest.remove(0));
    }
    command.addAll(List.of("-cp", sparkHome.resolve("jars") + "/*", mainClass));
    command.addAll(rest);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    environment(builder.environment());
    return track(builder.start());
  }

  /** What every JVM of the cluster needs in its environment (STACK.md), and the cluster's SPARK_HOME. */
  public void environment(Map<String, String> env) {
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
  }

  /** Registers a process the test started (a driver, a script) so that {@link #close()} stops it too. */
  public Process track(Process process) {
    started.add(process);
    return process;
  }

  public String masterUrl() {
    return masterUrl;
  }

  public Path sparkHome() {
    return sparkHome;
  }

  public Path masterLog() {
    return masterLog;
  }

  /** The worker processes started so far, in start order (killed ones included). */
  public List<Process> workers() {
    return List.copyOf(workers);
  }

  /** The executor JVMs a worker runs now. */
  public static List<ProcessHandle> executorsOf(Process worker) {
    return worker.descendants().filter(p -> p.info().arguments()
        .map(a -> List.of(a).contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")).orElse(false))
        .toList();
  }

  /** The value after {@code --executor-id} on an executor JVM's command line, or null. */
  public static String executorId(ProcessHandle executor) {
    List<String> args = List.of(executor.info().arguments().orElse(new String[0]));
    int at = args.indexOf("--executor-id");
    return at >= 0 && at + 1 < args.size() ? args.get(at + 1) : null;
  }

  /** The worker whose executor has id {@code executorId}, or null. */
  public Process workerRunning(String executorId) {
    for (Process worker : workers) {
      for (ProcessHandle executor : executorsOf(worker)) {
        List<String> args = List.of(executor.info().arguments().orElse(new String[0]));
        int at = args.indexOf("--executor-id");
        if (at >= 0 && at + 1 < args.size() && args.get(at + 1).equals(executorId)) {
          return worker;
        }
      }
    }
    return null;
  }

  /**
   * SIGKILLs a worker and the JVMs it started, as when its machine dies: the worker first, so that it cannot
   * report its executors' exits; then waits for all to end.
   */
  public static void killWithDescendants(Process process) throws Exception {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    process.onExit().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    for (ProcessHandle child : children) {
      child.onExit().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }

  /** SIGKILLs every process started through this cluster, descendants first, and waits for them to end. */
  @Override
  public void close() {
    List<Process> all;
    synchronized (started) {
      all = new ArrayList<>(started);
    }
    Collections.reverse(all);
    for (Process process : all) {
      try {
        killWithDescendants(process);
      } catch (Exception e) {
        System.err.println("StandaloneCluster: could not stop pid " + process.pid() + ": " + e);
      }
    }
  }

  /**
   * Waits until {@code log} holds {@code count} lines matching {@code pattern}; returns the last match. Fails after
   * {@link #START_TIMEOUT_SECONDS}, quoting the log's end.
   */
  public static Matcher waitFor(Path log, Pattern pattern, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
    while (true) {
      String text = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
      Matcher m = pattern.matcher(text);
      Matcher last = null;
      int found = 0;
      while (m.find()) {
        found++;
        last = pattern.matcher(m.group());
        last.find();
      }
      if (found >= count) {
        return last;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + count + " lines with '" + pattern + "' in " + log + "; it ends with:\n"
            + tail(text));
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** The last lines of a log, for failure messages. */
  public static String tail(String text) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
