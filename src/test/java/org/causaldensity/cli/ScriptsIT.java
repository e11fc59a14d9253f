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
    List<String> command = new java.util.ArrayList<>(List.of("bash", "submit/run-local.sh"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("DRIVER_MEMORY", "1g");
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("run-local.sh did not finish:\n" + Files.readString(log));
    }
    return process.exitValue();
  }

  @Test
  void demoWritesInputsAndACompleteResult() throws Exception {
    Path out = tmp.resolve("demo");
    Path log = tmp.resolve("demo.log");
    int code = runLocal(log, "demo", "--out", out.toString(), "--n", "300", "--vocab", "1000", "--hidden", "16");
    String printed = Files.readString(log);
    assertEquals(0, code, printed);
    assertTrue(Files.exists(out.resolve("results/_SUCCESS")), printed);
    assertTrue(Files.exists(out.resolve("results/report.html")));
    assertTrue(Files.exists(out.resolve("inputs/distances_causal_300_full.npy")));
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
