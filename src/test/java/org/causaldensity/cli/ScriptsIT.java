package org.causaldensity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, {@code submit/run-local.sh demo}, as a user runs it (after {@code mvn package}). */
class ScriptsIT {
  static final long TIMEOUT_SECONDS = 300;

  @TempDir
  Path tmp;

  static int runLocal(Path log, String... args) throws IOException, InterruptedException {
    return runLocal(log, java.util.Map.of("CAUSAL_DENSITY_CDS", "off"), args);
  }

  static int runLocal(Path log, java.util.Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("bash", "submit/run-local.sh"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("DRIVER_MEMORY", "1g");
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("run-local.sh did not finish:\n" + Files.readString(log));
    }
    return process.exitValue();
  }

  @Test
  void demoWritesInputsAndACompleteResultAndTheClassArchiveIsMadeOnceAndRemadeWhenDamaged() throws Exception {
    Path cds = tmp.resolve("cds");
    java.util.Map<String, String> env = java.util.Map.of("CAUSAL_DENSITY_CDS_DIR", cds.toString());
    String[] demo = {"demo", "--out", tmp.resolve("demo").toString(), "--overwrite", "--n", "300", "--vocab", "1000",
        "--hidden", "16"};
    String first = demoRun(env, demo, "first.log");
    assertTrue(first.contains("archiving Spark's classes"), first);
    Path archive = onlyArchive(cds);
    long size = Files.size(archive);
    assertTrue(size > 10_000_000, "archive of " + size + " bytes");
    assertEquals(String.valueOf(size), Files.readString(Path.of(archive + ".size")).trim());

    // The key is the JDK and the jars' names and sizes: a jar with a new time (spark-home copied again) keeps it.
    try (java.util.stream.Stream<Path> jars = Files.list(Path.of("target/spark-home/jars"))) {
      Path jar = jars.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
      Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
    }
    String second = demoRun(env, demo, "second.log");
    assertTrue(!second.contains("archiving"), "the second run dumped again:\n" + second);
    assertEquals(size, Files.size(archive), "the second run changed the archive");

    // A truncated archive would crash the JVM (SIGBUS): the launcher must notice the size and dump a new one.
    archive.toFile().setWritable(true);
    byte[] head = new byte[1_000_000];
    try (java.io.InputStream in = Files.newInputStream(archive)) {
      in.readNBytes(head, 0, head.length);
    }
    Files.write(archive, head);
    String third = demoRun(env, demo, "third.log");
    assertTrue(third.contains("archiving Spark's classes"), third);
    assertEquals(Files.size(onlyArchive(cds)), Long.parseLong(Files.readString(Path.of(onlyArchive(cds) + ".size"))
        .trim()));
  }

  private String demoRun(java.util.Map<String, String> env, String[] demo, String logName) throws Exception {
    Path log = tmp.resolve(logName);
    int code = runLocal(log, env, demo);
    String printed = Files.readString(log);
    assertEquals(0, code, printed);
    Path out = tmp.resolve("demo");
    assertTrue(Files.exists(out.resolve("results/_SUCCESS")), printed);
    assertTrue(Files.exists(out.resolve("results/report.html")));
    assertTrue(Files.exists(out.resolve("inputs/distances_causal_300_full.npy")));
    return printed;
  }

  private static Path onlyArchive(Path dir) throws IOException {
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      List<Path> archives = files.filter(p -> p.toString().endsWith(".jsa")).toList();
      assertEquals(1, archives.size(), "archives in " + dir + ": " + archives);
      return archives.get(0);
    }
  }

  @Test
  void aBadOptionExitsWithTheUsageCode() throws Exception {
    Path log = tmp.resolve("bad.log");
    int code = runLocal(log, "run", "--distances", "x.npy");
    String printed = Files.readString(log);
    assertEquals(2, code, printed);
    assertTrue(printed.contains("Missing required option"), printed);
  }
}
