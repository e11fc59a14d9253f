package org.causaldensity.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Who is writing an output folder: the run's id, the host and process id of its JVM, when that process started
 * (so a reused process id is not mistaken for the owner) and when the run started. Stored as a few
 * {@code key=value} lines in the staging folder and in the commit lock ({@link OutputCommit}).
 *
 * <p>An owner on this host is alive exactly while a process with its id and start time exists. An owner on another
 * host cannot be asked: it is taken as gone once its heartbeat is older than the timeout.
 */
public record OwnerRecord(String runId, String host, long pid, long processStartMillis, long startedMillis) {
  /** How long a heartbeat of an owner on another host stays fresh: 30 missed heartbeats, room for clock skew. */
  public static final long OTHER_HOST_TIMEOUT_MILLIS = 10 * 60 * 1000L;

  /** The owner record of this JVM for the run {@code runId}. */
  public static OwnerRecord current(String runId) {
    ProcessHandle self = ProcessHandle.current();
    return new OwnerRecord(runId, localHost(), self.pid(), startMillis(self), System.currentTimeMillis());
  }

  /** The record's bytes: {@code key=value} lines. */
  public byte[] toBytes() {
    return String.format(Locale.ROOT, "run_id=%s%nhost=%s%npid=%d%nprocess_start_ms=%d%nstarted_ms=%d%n", runId, host,
        pid, processStartMillis, startedMillis).getBytes(StandardCharsets.UTF_8);
  }

  /** The record written by {@link #toBytes()}; empty when the bytes are not one (a write cut short). */
  public static Optional<OwnerRecord> parse(byte[] bytes) {
    Properties p = new Properties();
    try {
      p.load(new ByteArrayInputStream(bytes));
      String runId = p.getProperty("run_id");
      String host = p.getProperty("host");
      if (runId == null || runId.isEmpty() || host == null) {
        return Optional.empty();
      }
      return Optional.of(new OwnerRecord(runId, host, Long.parseLong(p.getProperty("pid")),
          Long.parseLong(p.getProperty("process_start_ms")), Long.parseLong(p.getProperty("started_ms"))));
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether the owner is gone: on this host, no process with its id and start time exists; on another host, its
   * last heartbeat ({@code heartbeatMillis}, a file's modification time) is older than {@code otherHostTimeout}.
   */
  public boolean isGone(long heartbeatMillis, long nowMillis, long otherHostTimeout) {
    if (host.equals(localHost())) {
      return ProcessHandle.of(pid).map(p -> startMillis(p) != processStartMillis).orElse(true);
    }
    return nowMillis - heartbeatMillis > otherHostTimeout;
  }

  /** How the record reads in a log line or an error. */
  public String describe() {
    return String.format(Locale.ROOT, "run %s (pid %d on %s, started %s)", runId, pid, host,
        Instant.ofEpochMilli(startedMillis));
  }

  private static long startMillis(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
  }

  private static String localHost() {
    return LocalHost.NAME;
  }

  /** Looked up once: a resolver may be slow, and the answer does not change while the JVM runs. */
  private static final class LocalHost {
    static final String NAME = lookUp();

    private static String lookUp() {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        return "unknown-host";
      }
    }
  }
}
