package org.causaldensity.spark;

import java.io.PrintStream;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.causaldensity.progress.StageProgress;
import scala.Option;

/**
 * Prints every stage's progress on stderr ({@link StageProgress}: a start line, a line at least every 5% of its
 * tasks and at most one per 10 s with the rate and the time left, an end line), so that a scheduled run's log (an
 * Airflow task log) shows where it is. A stage is named by its job's description
 * ({@code SparkContext.setJobDescription}) when one is set, else by Spark's call site. Only successful task ends
 * count: a failed task is retried and counted when it succeeds.
 */
public final class ProgressListener extends SparkListener {
  private static final Map<SparkContext, ProgressListener> INSTALLED = new WeakHashMap<>();
  private static final String JOB_DESCRIPTION = "spark.job.description";

  private final PrintStream out;
  private final LongSupplier clock;
  /** Per stage attempt ("stageId.attempt"). */
  private final Map<String, StageProgress> stages = new ConcurrentHashMap<>();

  ProgressListener(PrintStream out, LongSupplier clock) {
    this.out = out;
    this.clock = clock;
  }

  /** Adds the listener to {@code sc} once, printing to {@link System#err}; later calls do nothing. */
  public static synchronized void installOn(SparkContext sc) {
    INSTALLED.computeIfAbsent(sc, context -> {
      ProgressListener listener = new ProgressListener(System.err, System::nanoTime);
      context.addSparkListener(listener);
      return listener;
    });
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted event) {
    StageInfo info = event.stageInfo();
    String description = event.properties() == null ? null : event.properties().getProperty(JOB_DESCRIPTION);
    String label = info.stageId() + (info.attemptNumber() > 0 ? " (attempt " + info.attemptNumber() + ")" : "")
        + " '" + (description != null ? description + ": " : "") + info.name() + "'";
    StageProgress progress = new StageProgress(label, info.numTasks(), clock.getAsLong());
    stages.put(key(info.stageId(), info.attemptNumber()), progress);
    out.println(progress.startLine());
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    if (event.taskInfo() == null || !event.taskInfo().successful()) {
      return;
    }
    StageProgress progress = stages.get(key(event.stageId(), event.stageAttemptId()));
    if (progress != null) {
      String line;
      synchronized (progress) {
        line = progress.taskSucceeded(clock.getAsLong()).orElse(null);
      }
      if (line != null) {
        out.println(line);
      }
    }
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted event) {
    StageInfo info = event.stageInfo();
    StageProgress progress = stages.remove(key(info.stageId(), info.attemptNumber()));
    if (progress != null) {
      Option<String> failure = info.failureReason();
      out.println(progress.endLine(clock.getAsLong(), failure.isDefined() ? failure.get() : null));
    }
  }

  private static String key(int stageId, int attempt) {
    return stageId + "." + attempt;
  }
}
