package org.causaldensity.progress;

import java.util.Locale;
import java.util.Optional;

/**
 * The progress lines of one stage attempt, from its task completions: a start line, then a line each time another
 * {@link #STEP_FRACTION} of the tasks has finished, but never two progress lines less than
 * {@link #MIN_INTERVAL_NANOS} apart (a step reached sooner is reported with the first completion after the
 * interval), and an end line. Each progress line gives the completed fraction, the rate in tasks per second since the
 * stage started, and the time left at that rate. Knows nothing of Spark: times are passed in, in nanoseconds.
 *
 * <p>Edge behaviour: the first progress line may follow the start line at once (the interval counts between progress
 * lines); a stage of zero tasks gets its start and end lines only; completions beyond the announced task count (a
 * speculative copy finishing) are not counted twice by the caller's choice, and are capped here at the total.
 */
public final class StageProgress {
  /** A line at least every 5% of the tasks. */
  public static final double STEP_FRACTION = 0.05;
  /** At most one progress line per 10 s. */
  public static final long MIN_INTERVAL_NANOS = 10_000_000_000L;
  static final String PREFIX = "causal-density: stage ";

  private final String label;
  private final int totalTasks;
  private final long startNanos;
  private int done;
  /** Tasks done when the last progress line was printed. */
  private int reportedDone;
  private long lastLineNanos = Long.MIN_VALUE;

  /** A stage of {@code totalTasks} tasks that started at {@code startNanos}; {@code label} names it in each line. */
  public StageProgress(String label, int totalTasks, long startNanos) {
    this.label = label;
    this.totalTasks = Math.max(0, totalTasks);
    this.startNanos = startNanos;
  }

  public String startLine() {
    return String.format(Locale.ROOT, "%s%s: started, %,d tasks", PREFIX, label, totalTasks);
  }

  /** Records one successful task at {@code nowNanos}; returns the progress line to print, if one is due. */
  public Optional<String> taskSucceeded(long nowNanos) {
    if (done < totalTasks) {
      done++;
    }
    if (done == totalTasks) {
      return Optional.empty();
    }
    boolean stepReached = done - reportedDone >= Math.max(1, Math.ceil(STEP_FRACTION * totalTasks));
    boolean intervalPassed = lastLineNanos == Long.MIN_VALUE || nowNanos - lastLineNanos >= MIN_INTERVAL_NANOS;
    if (!stepReached || !intervalPassed) {
      return Optional.empty();
    }
    reportedDone = done;
    lastLineNanos = nowNanos;
    double seconds = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
    double rate = done / seconds;
    double left = (totalTasks - done) / rate;
    return Optional.of(String.format(Locale.ROOT, "%s%s: %d%% (%,d/%,d tasks), %.3g tasks/s, ~%s left", PREFIX,
        label, (int) Math.floor(100.0 * done / totalTasks), done, totalTasks, rate, duration(left)));
  }

  /** The end line: how many tasks finished and how long it took, or why the stage failed. */
  public String endLine(long nowNanos, String failureReason) {
    double seconds = Math.max(0, (nowNanos - startNanos) / 1e9);
    if (failureReason != null) {
      String firstLine = failureReason.lines().findFirst().orElse("");
      return String.format(Locale.ROOT, "%s%s: failed after %s, %,d/%,d tasks done: %s", PREFIX, label,
          duration(seconds), done, totalTasks, firstLine);
    }
    return String.format(Locale.ROOT, "%s%s: done, %,d tasks in %s (%.3g tasks/s)", PREFIX, label, totalTasks,
        duration(seconds), seconds > 0 ? totalTasks / seconds : 0.0);
  }

  public int done() {
    return done;
  }

  /** "42 s", "3 min 05 s", "2 h 07 min": precise enough to plan by, short enough for a log line. */
  static String duration(double seconds) {
    if (!(seconds < 1e9)) {
      return "?";
    }
    long s = Math.round(seconds);
    if (s < 60) {
      return seconds < 10 ? String.format(Locale.ROOT, "%.1f s", seconds) : s + " s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
  }
}
