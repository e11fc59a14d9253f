package org.causaldensity.cli;

import static org.causaldensity.testing.Folders.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (what a scheduler sends to stop a task) in the middle of a run, in a JVM of its own: the shutdown hook
 * removes the staging folder and OUT keeps the previous result.
 */
class SigtermTest {
  static final long STARTUP_SECONDS = 180;
  /** 128 + SIGTERM: how the JVM exits when it ends on that signal. */
  static final int SIGTERM_EXIT = 143;

  @TempDir
  Path tmp;

  @Test
  void sigtermMidRunLeavesOutAsItWasAndNoStagingFolder() throws Exception {
    Path data = RefusalsBeforeSparkTest.copyInputs(tmp);
    Path results = Files.createDirectories(tmp.resolve("results"));
    Path out = results.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("summary.json"), "{\"previous\": true}");
    Files.writeString(out.resolve("_SUCCESS"), "causal-density run previous\n");
    Map<String, byte[]> previous = RefusalsBeforeSparkTest.snapshot(out);

    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g"));
    command.addAll(List.of(Files.readString(Path.of("conf/jvm-module-options")).trim().split("\\s+")));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(RefusalsBeforeSparkTest.run(data, out.toString(), "--overwrite")));
    Path log = tmp.resolve("child.log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process child = builder.start();
    try {
      Path staging = awaitStaging(results, child, log);
      child.destroy();
      assertTrue(child.waitFor(STARTUP_SECONDS, TimeUnit.SECONDS), "the child did not stop after SIGTERM");
      String printed = Files.readString(log, StandardCharsets.UTF_8);
      assertEquals(SIGTERM_EXIT, child.exitValue(), printed);
      assertTrue(printed.contains("causal-density: file:" + out + ": stopped before the result was published; removed its "
          + "staging folder, OUT is as it was"), printed);
      assertEquals(List.of("out"), names(results), "no staging folder " + staging.getFileName() + " left");
      RefusalsBeforeSparkTest.assertSameFiles(previous, RefusalsBeforeSparkTest.snapshot(out));
    } finally {
      child.destroyForcibly();
    }
  }

  /** Waits (polling; the child's start-up takes seconds) until the child's staging folder has its heartbeat. */
  static Path awaitStaging(Path parent, Process child, Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_SECONDS);
    while (System.nanoTime() < deadline) {
      if (!child.isAlive()) {
        throw new AssertionError("the child ended before it was stopped:\n" + Files.readString(log));
      }
      for (String name : names(parent)) {
        if (name.startsWith(".out.staging-") && Files.exists(parent.resolve(name).resolve("_HEARTBEAT"))) {
          return parent.resolve(name);
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no staging folder within " + STARTUP_SECONDS + " s:\n" + Files.readString(log));
  }

}
