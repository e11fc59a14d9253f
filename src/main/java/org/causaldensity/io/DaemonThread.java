package org.causaldensity.io;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** One named daemon thread for work the driver overlaps with a stage, and the wait for its result. */
public final class DaemonThread {
  private DaemonThread() {}

  /** A single-thread executor whose thread is a daemon named {@code name} (never keeps the JVM alive). */
  public static ExecutorService executor(String name) {
    return Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * The value of the work; its failure is rethrown as it was (a RuntimeException or Error keeps its cause chain,
   * where exit codes live), an interrupt as an IllegalStateException with the interrupt flag set again.
   */
  public static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a driver thread", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }
}
