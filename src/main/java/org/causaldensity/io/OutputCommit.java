package org.causaldensity.io;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publish protocol of an output folder OUT (docs/DECISIONS.md, "Publishing OUT"). Beside OUT, in its parent:
 * <ul>
 *   <li>{@code .NAME.staging-RUN/}: one run's staging folder: {@code _OWNER} (its {@link OwnerRecord}),
 *       {@code _HEARTBEAT} (rewritten while the run lives) and {@code out/}, the result being written;</li>
 *   <li>{@code .NAME.commit}: the commit lock, created exclusively by the run publishing, holding its owner record;</li>
 *   <li>{@code .NAME.previous-RUN}: the previous result, set aside while run RUN moves its own into place.</li>
 * </ul>
 * Publishing: claim the lock; check that OUT is still what the run saw when it started (else another run published
 * meanwhile and this one lost the race); write {@code _SUCCESS} into {@code out/}; set the previous result aside;
 * move {@code out/} to OUT; drop the previous result, the staging folder, the lock. Each step is one rename,
 * create or delete, so a crash between any two leaves a state {@link #recover} can finish: OUT is at any moment a
 * complete result or absent, never a mix, and the previous result is never lost. Every step goes through the Hadoop
 * FileSystem API, except the lock's exclusive create on the local file system (see {@link #createExclusive}).
 */
public final class OutputCommit {
  private static final Logger LOG = LoggerFactory.getLogger(OutputCommit.class);

  public static final String SUCCESS = "_SUCCESS";
  static final String OWNER = "_OWNER";
  static final String HEARTBEAT = "_HEARTBEAT";
  static final String RESULT = "out";
  /** A staging folder with no owner record yet is taken as a starting run for this long, then as a leftover. */
  static final long UNOWNED_GRACE_MILLIS = 2 * 60 * 1000L;
  /** Largest owner record or {@code _SUCCESS} read back (they are a few lines). */
  private static final int MAX_RECORD_BYTES = 4096;
  private static final String SUCCESS_PREFIX = "causal-density run ";
  /** An unowned staging folder is removed only if named as this tool names them (a random UUID), never otherwise. */
  private static final java.util.regex.Pattern UNOWNED_NAME = java.util.regex.Pattern.compile(
      "\\..*\\.staging-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** The steps of {@link #publish}, in order: the seam through which tests stop a publish at each one. */
  public enum Step { CLAIM, CHECK, MARK, SET_ASIDE, MOVE_IN, DROP_PREVIOUS, CLEAN, RELEASE }

  /** Called before each step; tests throw from it to stand for a crash at that step. */
  @FunctionalInterface
  public interface Faults {
    Faults NONE = step -> { };

    void before(Step step);
  }

  /** What OUT holds, as far as the protocol cares. */
  public sealed interface State {
    /** Nothing, or an empty folder. */
    record NoResult() implements State {}

    /** A published result: {@code version} is its {@code _SUCCESS} content (empty for older versions'). */
    record Result(String version) implements State {}

    /** A file, or a folder with files and no {@code _SUCCESS}: not ours to replace. */
    record Foreign(boolean isFile) implements State {}
  }

  private final FileSystem fs;
  private final Path out;
  private final Path parent;
  private final String name;
  private final long otherHostTimeout;

  OutputCommit(FileSystem fs, Path out, long otherHostTimeout) {
    this.fs = fs;
    this.out = out;
    this.parent = out.getParent();
    this.name = out.getName();
    this.otherHostTimeout = otherHostTimeout;
  }

  Path out() {
    return out;
  }

  Path lock() {
    return new Path(parent, "." + name + ".commit");
  }

  Path staging(String runId) {
    return new Path(parent, "." + name + ".staging-" + runId);
  }

  Path result(String runId) {
    return new Path(staging(runId), RESULT);
  }

  Path previous(String runId) {
    return new Path(parent, "." + name + ".previous-" + runId);
  }

  /** What OUT holds now. */
  State state() throws IOException {
    FileStatus status;
    try {
      status = fs.getFileStatus(out);
    } catch (FileNotFoundException e) {
      return new State.NoResult();
    }
    if (!status.isDirectory()) {
      return new State.Foreign(true);
    }
    Path success = new Path(out, SUCCESS);
    if (fs.exists(success)) {
      return new State.Result(new String(read(success), StandardCharsets.UTF_8));
    }
    return fs.listStatus(out).length == 0 ? new State.NoResult() : new State.Foreign(false);
  }

  /** Creates this run's staging folder with its owner record; returns the folder the result is written to. */
  Path createStaging(OwnerRecord owner) throws IOException {
    Path staging = staging(owner.runId());
    if (!fs.mkdirs(result(owner.runId()))) {
      throw new IOException("cannot create " + staging);
    }
    write(new Path(staging, OWNER), owner.toBytes());
    heartbeat(owner.runId());
    return result(owner.runId());
  }

  /** Rewrites the run's heartbeat file: its modification time tells other hosts the owner lives. */
  void heartbeat(String runId) throws IOException {
    write(new Path(staging(runId), HEARTBEAT), new byte[0]);
  }

  /**
   * Finds what earlier runs on OUT left: a commit lock or staging folders. Those of owners that are gone are
   * finished or removed (a log line each); a live owner means another run is writing OUT, refused with exit 6.
   */
  void recover() throws IOException {
    Path lock = lock();
    if (fs.exists(lock)) {
      Optional<OwnerRecord> owner = readOwner(lock);
      long heartbeat = owner.map(o -> heartbeatOf(o.runId())).orElse(modificationTime(lock));
      if (isLive(owner, heartbeat)) {
        throw busy(owner, "is publishing its result");
      }
      finishInterrupted(owner, lock);
    }
    FileStatus[] leftovers = fs.globStatus(new Path(parent, "." + globEscape(name) + ".staging-*"));
    CausalDensityException live = null;
    for (FileStatus staging : leftovers == null ? new FileStatus[0] : leftovers) {
      Optional<OwnerRecord> owner = readOwner(new Path(staging.getPath(), OWNER));
      if (owner.isEmpty() && !UNOWNED_NAME.matcher(staging.getPath().getName()).matches()) {
        continue;
      }
      long heartbeat = owner.map(o -> heartbeatOf(o.runId())).orElse(staging.getModificationTime());
      if (isLive(owner, heartbeat)) {
        live = live == null ? busy(owner, "is writing it") : live;
        continue;
      }
      fs.delete(staging.getPath(), true);
      LOG.warn("{}: removed the staging folder {} of {}, which ended without cleaning up", out,
          staging.getPath().getName(), owner.map(OwnerRecord::describe).orElse("a run that left no owner record"));
    }
    if (live != null) {
      throw live;
    }
  }

  /**
   * Publishes the complete result in this run's staging folder at OUT, replacing the previous result when
   * {@code overwrite}. {@code seen} is OUT's state when the run started: if another run published meanwhile, this
   * one lost the race and is refused (exit 6). On a failure after the claim the previous result is restored.
   */
  void publish(OwnerRecord owner, State seen, boolean overwrite, Faults faults) throws IOException {
    String runId = owner.runId();
    faults.before(Step.CLAIM);
    claim(owner);
    try {
      faults.before(Step.CHECK);
      State now = state();
      if (!now.equals(seen)) {
        throw new CausalDensityException(Failure.OUTPUT_EXISTS, out.toString(), "was "
            + (now instanceof State.NoResult ? "removed" : "replaced") + " by another run while this one ran; this "
            + "run's result was not published");
      }
      if (now instanceof State.Foreign || (now instanceof State.Result && !overwrite)) {
        throw new CausalDensityException(Failure.OUTPUT_EXISTS, out.toString(), "appeared while the job ran; "
            + "not replaced");
      }
      faults.before(Step.MARK);
      write(new Path(result(runId), SUCCESS), (SUCCESS_PREFIX + runId + "\n").getBytes(StandardCharsets.UTF_8));
      faults.before(Step.SET_ASIDE);
      if (fs.exists(out) && !fs.rename(out, previous(runId))) {
        throw new IOException("could not move the previous result aside to " + previous(runId));
      }
      faults.before(Step.MOVE_IN);
      if (!fs.rename(result(runId), out)) {
        throw new IOException("could not move " + result(runId) + " into place");
      }
    } catch (IOException | RuntimeException e) {
      restore(runId);
      throw e;
    }
    // Published: what is left is clean-up, which the next run on OUT finishes if this one cannot.
    try {
      faults.before(Step.DROP_PREVIOUS);
      fs.delete(previous(runId), true);
      faults.before(Step.CLEAN);
      fs.delete(staging(runId), true);
      faults.before(Step.RELEASE);
      fs.delete(lock(), false);
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: published, but clean-up failed (the next run on OUT finishes it): {}", out, e.toString());
    }
  }

  /** Undoes an unfinished publish of this JVM's run {@code runId}: the previous result back, the lock released. */
  void restore(String runId) throws IOException {
    if (fs.exists(previous(runId)) && !fs.exists(out)) {
      fs.rename(previous(runId), out);
    }
    Optional<OwnerRecord> holder = fs.exists(lock()) ? readOwner(lock()) : Optional.empty();
    if (holder.isPresent() && holder.get().runId().equals(runId)) {
      fs.delete(lock(), false);
    }
  }

  /** Deletes this run's staging folder. */
  void removeStaging(String runId) throws IOException {
    fs.delete(staging(runId), true);
  }

  /** Whether the run {@code runId}'s staging folder still exists (the heartbeat stops when it does not). */
  boolean hasStaging(String runId) throws IOException {
    return fs.exists(staging(runId));
  }

  /** Finishes a publish whose owner is gone: back to the previous result, or forward when the new one is in place. */
  private void finishInterrupted(Optional<OwnerRecord> owner, Path lock) throws IOException {
    String who = owner.map(OwnerRecord::describe).orElse("a run whose commit lock is empty");
    if (owner.isPresent()) {
      String runId = owner.get().runId();
      Path previous = previous(runId);
      if (fs.exists(previous)) {
        if (!fs.exists(out)) {
          if (!fs.rename(previous, out)) {
            throw new IOException("could not move " + previous + " back to " + out);
          }
          LOG.warn("{}: restored the previous result, which {} had set aside when it stopped during its publish",
              out, who);
        } else if (state().equals(new State.Result(SUCCESS_PREFIX + runId + "\n"))) {
          fs.delete(previous, true);
          LOG.warn("{}: {} stopped after publishing; removed the previous result it had set aside", out, who);
        } else {
          LOG.warn("{}: {} left {}, which is neither at OUT nor replaced by its result; kept", out, who, previous);
        }
      }
      if (fs.delete(staging(runId), true)) {
        LOG.warn("{}: removed the staging folder of {}, which stopped during its publish", out, who);
      }
    }
    fs.delete(lock, false);
    LOG.warn("{}: released the commit lock of {}", out, who);
  }

  private void claim(OwnerRecord owner) throws IOException {
    for (int attempt = 0; attempt < 2; attempt++) {
      if (createExclusive(lock(), owner.toBytes())) {
        return;
      }
      Optional<OwnerRecord> holder = readOwner(lock());
      long heartbeat = holder.map(o -> heartbeatOf(o.runId())).orElse(modificationTime(lock()));
      if (isLive(holder, heartbeat)) {
        throw busy(holder, "is publishing its result at the same moment; this run's result was not published");
      }
      finishInterrupted(holder, lock());
    }
    throw new CausalDensityException(Failure.OUTPUT_EXISTS, out.toString(), "another run keeps taking the commit "
        + "lock " + lock() + "; this run's result was not published");
  }

  /**
   * Creates {@code path} holding {@code bytes} unless it exists, atomically. HDFS's {@code create} without
   * overwrite is atomic in the NameNode; Hadoop's local file system checks and then creates, so there the JDK's
   * exclusive create ({@code O_CREAT|O_EXCL}) is used.
   */
  private boolean createExclusive(Path path, byte[] bytes) throws IOException {
    if ("file".equals(fs.getUri().getScheme())) {
      try {
        Files.write(Paths.get(path.toUri().getPath()), bytes, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
    try (OutputStream stream = fs.create(path, false)) {
      stream.write(bytes);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  private boolean isLive(Optional<OwnerRecord> owner, long heartbeat) {
    long now = System.currentTimeMillis();
    return owner.map(o -> !o.isGone(heartbeat, now, otherHostTimeout))
        .orElse(now - heartbeat <= UNOWNED_GRACE_MILLIS);
  }

  private CausalDensityException busy(Optional<OwnerRecord> owner, String doing) {
    return new CausalDensityException(Failure.OUTPUT_EXISTS, out.toString(), "another "
        + owner.map(OwnerRecord::describe).orElse("run (no owner record yet)") + " " + doing);
  }

  private long heartbeatOf(String runId) {
    try {
      return fs.getFileStatus(new Path(staging(runId), HEARTBEAT)).getModificationTime();
    } catch (IOException e) {
      return modificationTime(lock());
    }
  }

  private long modificationTime(Path path) {
    try {
      return fs.getFileStatus(path).getModificationTime();
    } catch (IOException e) {
      return 0;
    }
  }

  private Optional<OwnerRecord> readOwner(Path path) {
    try {
      return OwnerRecord.parse(read(path));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private byte[] read(Path path) throws IOException {
    long length = fs.getFileStatus(path).getLen();
    if (length > MAX_RECORD_BYTES) {
      throw new IOException(path + " is " + length + " bytes, not a record");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (FSDataInputStream in = fs.open(path)) {
      in.transferTo(bytes);
    }
    return bytes.toByteArray();
  }

  private void write(Path path, byte[] bytes) throws IOException {
    try (OutputStream stream = fs.create(path, true)) {
      stream.write(bytes);
    }
  }

  private static String globEscape(String text) {
    return text.replaceAll("([\\\\\\[\\]{}*?])", "\\\\$1");
  }
}
