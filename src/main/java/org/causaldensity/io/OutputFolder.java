package org.causaldensity.io;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output folder written all-or-nothing: everything goes to a staging folder beside it, which {@link #commit()}
 * publishes at OUT with {@code _SUCCESS} ({@link OutputCommit}: crash-safe, and the loser of two racing runs is
 * refused with exit 6); {@link #abort()} deletes the staging folder. Until one of them, a heartbeat thread marks the
 * run as alive, and a shutdown hook (SIGTERM) aborts it. A failed run therefore leaves the output location as it
 * was, and readers trust {@code _SUCCESS} only. Leftovers of runs killed outright (SIGKILL, power loss) are
 * recognised by the next run on the same OUT and removed, with a log line.
 */
public final class OutputFolder {
  private static final Logger LOG = LoggerFactory.getLogger(OutputFolder.class);
  public static final String SUCCESS = OutputCommit.SUCCESS;
  /** How often the staging folder's heartbeat is rewritten. */
  static final long HEARTBEAT_MILLIS = 20_000;
  /**
   * Hadoop shutdown-hook priority: after Spark's hooks (priority 40: the SparkContext stops, tasks end) and before
   * Hadoop closes its file systems (10).
   */
  static final int SHUTDOWN_PRIORITY = 20;

  private enum State { WRITING, COMMITTED, ABORTED }

  private final OutputCommit protocol;
  private final OwnerRecord owner;
  private final OutputCommit.State seen;
  private final boolean overwrite;
  private final String out;
  private final String staging;
  private final Configuration conf;
  private final OutputCommit.Faults faults;
  private final ScheduledExecutorService heartbeat;
  private final Runnable shutdownHook = this::abortOnShutdown;
  private State state = State.WRITING;

  private OutputFolder(OutputCommit protocol, OwnerRecord owner, OutputCommit.State seen, boolean overwrite,
      String staging, Configuration conf, OutputCommit.Faults faults) {
    this.protocol = protocol;
    this.owner = owner;
    this.seen = seen;
    this.overwrite = overwrite;
    this.out = protocol.out().toString();
    this.staging = staging;
    this.conf = conf;
    this.faults = faults;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "causal-density-heartbeat");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Removes what dead runs left beside {@code out}, checks that {@code out} may be written (absent, empty, or a
   * previous result and {@code overwrite}) and creates the staging folder. Refused before any work is done: a
   * non-empty OUT without {@code overwrite}, a non-empty OUT without {@code _SUCCESS} even with it (not a result of
   * this tool), and another live run on OUT (all exit 6); an OUT whose parent cannot be written (exit 5).
   */
  public static OutputFolder prepare(String out, boolean overwrite, Configuration conf) {
    return prepare(out, overwrite, conf, OwnerRecord.current(UUID.randomUUID().toString()), OutputCommit.Faults.NONE,
        OwnerRecord.OTHER_HOST_TIMEOUT_MILLIS);
  }

  /** {@link #prepare(String, boolean, Configuration)} with the owner, the fault seam and the timeout given. */
  static OutputFolder prepare(String out, boolean overwrite, Configuration conf, OwnerRecord owner,
      OutputCommit.Faults faults, long otherHostTimeout) {
    Path outPath = new Path(out);
    if (outPath.getParent() == null) {
      throw CausalDensityException.usage("--out", "'%s' is the root of its file system; give a folder inside it", out);
    }
    FileSystem fs = HadoopFiles.fileSystem(out, conf);
    OutputCommit protocol = new OutputCommit(fs, outPath, otherHostTimeout);
    try {
      protocol.recover();
      OutputCommit.State seen = protocol.state();
      if (seen instanceof OutputCommit.State.Foreign foreign) {
        throw new CausalDensityException(Failure.OUTPUT_EXISTS, out, foreign.isFile() ? "is a file, not a folder"
            : overwrite ? "holds files but no _SUCCESS, so it is not a result of causal-density; not replaced, even "
                + "with --overwrite (move it away or delete it yourself)"
            : "already exists and is not empty; pass --overwrite to replace it");
      }
      if (seen instanceof OutputCommit.State.Result && !overwrite) {
        throw new CausalDensityException(Failure.OUTPUT_EXISTS, out,
            "already exists and is not empty; pass --overwrite to replace it");
      }
      OutputFolder folder = new OutputFolder(protocol, owner, seen, overwrite,
          protocol.result(owner.runId()).toString(), conf, faults);
      folder.start();
      return folder;
    } catch (IOException e) {
      throw CausalDensityException.io(out, e);
    }
  }

  /**
   * Registers the shutdown hook, then creates the staging folder, so that a SIGTERM at any moment finds either no
   * staging folder or a hook that removes it.
   */
  private void start() {
    try {
      ShutdownHookManager.get().addShutdownHook(shutdownHook, SHUTDOWN_PRIORITY);
    } catch (IllegalStateException e) {
      throw new CausalDensityException(Failure.IO, out, "the JVM is shutting down; nothing was written", e);
    }
    synchronized (this) {
      if (state != State.WRITING) {
        throw new CausalDensityException(Failure.IO, out, "the JVM is shutting down; nothing was written");
      }
      try {
        protocol.createStaging(owner);
      } catch (IOException | RuntimeException e) {
        abort();
        throw new CausalDensityException(Failure.IO, out, "cannot write beside it (in "
            + protocol.out().getParent() + "): " + reason(e), e);
      }
    }
    heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT_MILLIS, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** The staging path of {@code relative} (for writers such as Spark that need a path). */
  public String stagingPath(String relative) {
    return staging + "/" + relative;
  }

  /** The final output folder. */
  public String path() {
    return out;
  }

  /** The id of this run, as recorded in its owner record and in {@code _SUCCESS}. */
  public String runId() {
    return owner.runId();
  }

  /** Writes a small file into the staging folder. */
  public void write(String relative, byte[] bytes) {
    String path = stagingPath(relative);
    try (OutputStream stream = HadoopFiles.create(path, conf)) {
      stream.write(bytes);
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
  }

  /**
   * Publishes the staging folder at OUT with {@code _SUCCESS} (replacing a previous result when allowed). Refused
   * with exit 6 when another run published at OUT or is publishing meanwhile; on any failure OUT is as it was.
   */
  public synchronized void commit() {
    if (state != State.WRITING) {
      throw new CausalDensityException(Failure.IO, out, "the run was stopped (" + state.name().toLowerCase(Locale.ROOT)
          + ") before its result could be published");
    }
    stop();
    try {
      protocol.publish(owner, seen, overwrite, faults);
      state = State.COMMITTED;
    } catch (IOException e) {
      abort();
      throw new CausalDensityException(Failure.IO, out, "cannot publish the result: " + reason(e), e);
    } catch (RuntimeException e) {
      abort();
      throw e;
    }
  }

  /** Deletes the staging folder unless committed; errors are logged, not thrown, since an abort follows another. */
  public synchronized void abort() {
    if (state != State.WRITING) {
      return;
    }
    state = State.ABORTED;
    stop();
    try {
      protocol.removeStaging(owner.runId());
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not delete staging folder {}: {}", staging, e.toString());
    }
  }

  /**
   * Aborts after {@code cause} stopped the run, and returns what the command should throw: one line naming OUT
   * (exit 5) when OUT's file system failed the write (disk full, read-only, quota, Hadoop's {@code FSError}), else
   * {@code cause} itself, checked exceptions and errors included (thrown from here).
   */
  public RuntimeException abortOn(Throwable cause) {
    abort();
    CausalDensityException writeFailure = writeFailure(cause);
    if (writeFailure != null) {
      return writeFailure;
    }
    return OutputFolder.<RuntimeException>sneakyThrow(cause);
  }

  /** The failure naming OUT when {@code cause} is the output's file system failing a write, else null. */
  CausalDensityException writeFailure(Throwable cause) {
    CausalDensityException known = null;
    for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof CausalDensityException c && known == null) {
        known = c;
      }
      boolean stagingFile = t instanceof CausalDensityException c && c.failure() == Failure.IO
          && c.subject().startsWith(staging);
      boolean fsFailure = t instanceof FSError || (t instanceof IOException && isOutOfSpaceOrReadOnly(t));
      if (stagingFile || fsFailure) {
        if (known != null && !known.subject().startsWith(staging)) {
          return null;
        }
        String file = known != null ? " (" + known.subject().substring(Math.min(known.subject().length(),
            staging.length() + 1)) + ")" : "";
        return new CausalDensityException(Failure.IO, out, "cannot write the result" + file + ": "
            + reason(rootCause(t)), cause);
      }
    }
    return null;
  }

  private static boolean isOutOfSpaceOrReadOnly(Throwable t) {
    String message = String.valueOf(t.getMessage());
    return message.contains("No space left on device") || message.contains("Disk quota exceeded")
        || message.contains("Read-only file system");
  }

  private static Throwable rootCause(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private static String reason(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }

  private synchronized void beat() {
    if (state != State.WRITING) {
      return;
    }
    try {
      protocol.heartbeat(owner.runId());
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: heartbeat failed: {}", out, e.toString());
    }
  }

  /** Stops the heartbeat and the shutdown hook without cleaning anything, as a killed process would (tests). */
  synchronized void abandon() {
    state = State.ABORTED;
    stop();
  }

  /** The shutdown hook: the JVM is stopping (SIGTERM) before the commit; said on stderr, since logging may be off. */
  private void abortOnShutdown() {
    boolean writing;
    synchronized (this) {
      writing = state == State.WRITING;
      abort();
    }
    if (writing) {
      System.err.println("causal-density: " + out + ": stopped before the result was published; removed its staging "
          + "folder, OUT is as it was");
    }
  }

  private void stop() {
    heartbeat.shutdownNow();
    if (!ShutdownHookManager.get().isShutdownInProgress()) {
      ShutdownHookManager.get().removeShutdownHook(shutdownHook);
    }
  }
}
