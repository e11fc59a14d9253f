package org.causaldensity.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code /usr/bin/python3} (with numpy and torch), for tests that check files against the libraries
 * that define their formats. Tests that need it are skipped, with a message, where it is missing.
 */
public final class SystemPython {
  private SystemPython() {}

  public static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final long TIMEOUT_SECONDS = 60;

  /** Skips the calling test unless the interpreter exists and imports {@code modules}. */
  public static void assumeModules(String... modules) {
    Assumptions.assumeTrue(Files.isExecutable(PYTHON), "no " + PYTHON + ": skipping the check against Python");
    String imports = modules.length == 0 ? "pass" : "import " + String.join(", ", modules);
    Result result = exec(imports, List.of());
    Assumptions.assumeTrue(result.exitCode == 0,
        () -> PYTHON + " cannot import " + String.join(", ", modules) + ": " + result.stderr);
  }

  /** Runs {@code script} with {@code args} (sys.argv[1:]) and returns its stdout; a non-zero exit fails. */
  public static String run(String script, String... args) {
    Result result = exec(script, List.of(args));
    if (result.exitCode != 0) {
      throw new AssertionError("python exited with " + result.exitCode + ":\n" + result.stderr + result.stdout);
    }
    return result.stdout;
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private static Result exec(String script, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(PYTHON.toString());
    command.add("-c");
    command.add(script);
    command.addAll(args);
    try {
      Path stderr = Files.createTempFile("python", ".err");
      try {
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        byte[] stdout = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("python did not finish in " + TIMEOUT_SECONDS + " s");
        }
        return new Result(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
            Files.readString(stderr));
      } finally {
        Files.deleteIfExists(stderr);
      }
    } catch (IOException e) {
      return new Result(-1, "", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
