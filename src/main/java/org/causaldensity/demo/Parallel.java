package org.causaldensity.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.causaldensity.io.CausalDensityException;

/** Splits an index range over the worker threads and waits for all of them. */
final class Parallel {
  private Parallel() {}

  /** One worker's share of a range. */
  @FunctionalInterface
  interface RangeTask {
    void run(int from, int to);
  }

  /**
   * Runs {@code task} on {@code parts} contiguous slices of [from, to) (fewer if the range is shorter) and returns
   * when all are done; a failure in a slice is rethrown as is if it is a {@link CausalDensityException}.
   */
  static void forRange(ExecutorService executor, int parts, int from, int to, RangeTask task) {
    int length = to - from;
    int slices = Math.max(1, Math.min(parts, length));
    if (slices == 1) {
      task.run(from, to);
      return;
    }
    List<Future<?>> futures = new ArrayList<>(slices);
    for (int s = 0; s < slices; s++) {
      int start = from + (int) ((long) length * s / slices);
      int end = from + (int) ((long) length * (s + 1) / slices);
      futures.add(executor.submit(() -> task.run(start, end)));
    }
    RuntimeException failure = null;
    for (Future<?> future : futures) {
      try {
        future.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for workers", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
