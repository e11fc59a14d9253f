package org.causaldensity.report;

import java.util.LinkedHashMap;
import java.util.Map;
import org.causaldensity.report.summary.SummaryJson;

/**
 * Wall time of each stage of a run, in seconds to the millisecond, in the order recorded: run_info.json. Not part of
 * the results (it differs between identical runs). Safe to record from several threads.
 */
public final class RunTimings {
  private final Map<String, Double> seconds = new LinkedHashMap<>();

  /** Records the seconds since {@code startNanos} (a {@link System#nanoTime()}) under {@code stage}. */
  public synchronized void record(String stage, long startNanos) {
    seconds.put(stage, seconds(startNanos));
  }

  /** Records a duration measured elsewhere. */
  public synchronized void put(String stage, double stageSeconds) {
    seconds.put(stage, stageSeconds);
  }

  /** The text of run_info.json. */
  public synchronized String json() {
    return SummaryJson.render(Map.of("timings_seconds", new LinkedHashMap<>(seconds)));
  }

  /** Seconds since {@code startNanos}, to the millisecond. */
  public static double seconds(long startNanos) {
    return Math.round((System.nanoTime() - startNanos) / 1e6) / 1e3;
  }
}
