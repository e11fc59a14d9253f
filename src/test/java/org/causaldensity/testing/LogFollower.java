package org.causaldensity.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows a log file that another process is writing, line by line from where it last stopped, so that a test can
 * act at a given moment of a run (e.g. when the first task of a stage starts).
 */
public final class LogFollower {
  static final long POLL_MILLIS = 50;
  private final Path file;
  private long offset;
  private final StringBuilder partial = new StringBuilder();

  public LogFollower(Path file) {
    this.file = file;
  }

  /**
   * The next line (after those already read) that {@code pattern} finds something in. Fails after
   * {@code timeoutSeconds}, or when {@code ended} says the writer is gone and the file holds no such line.
   */
  public Matcher next(Pattern pattern, long timeoutSeconds, BooleanSupplier ended) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (true) {
      boolean wasEnded = ended.getAsBoolean();
      for (String line = nextLine(); line != null; line = nextLine()) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          return m;
        }
      }
      if (wasEnded || System.nanoTime() > deadline) {
        throw new AssertionError((wasEnded ? "the process ended" : "timed out") + " before a line with '" + pattern
            + "' in " + file + "; it ends with:\n"
            + StandaloneCluster.tail(Files.readString(file, StandardCharsets.ISO_8859_1)));
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** The next complete line, or null when none has been written yet. */
  private String nextLine() throws IOException {
    while (true) {
      int newline = partial.indexOf("\n");
      if (newline >= 0) {
        String line = partial.substring(0, newline);
        partial.delete(0, newline + 1);
        return line;
      }
      if (!Files.exists(file)) {
        return null;
      }
      try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
        long length = in.length();
        if (length <= offset) {
          return null;
        }
        byte[] bytes = new byte[(int) Math.min(length - offset, 1 << 20)];
        in.seek(offset);
        in.readFully(bytes);
        offset += bytes.length;
        partial.append(new String(bytes, StandardCharsets.ISO_8859_1));
      }
    }
  }
}
