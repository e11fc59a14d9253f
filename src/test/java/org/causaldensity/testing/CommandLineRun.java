package org.causaldensity.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.causaldensity.cli.Main;

/** Runs the command line in this JVM and captures its exit code and stderr. */
public final class CommandLineRun {
  private CommandLineRun() {}

  /** What a command returned and printed on stderr. */
  public record Outcome(int code, String stderr) {}

  public static Outcome run(String... args) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.execute(args);
      return new Outcome(code, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(saved);
    }
  }
}
