package org.causaldensity.io;

import static org.causaldensity.testing.Folders.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.OutputCommit.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The publish protocol on the local file system: a crash at each step (a fault thrown through the committer's seam,
 * standing for the process dying there), racing runs, and the leftovers of killed runs.
 */
class OutputCommitTest {
  static final Configuration CONF = new Configuration();
  static final long TIMEOUT = OwnerRecord.OTHER_HOST_TIMEOUT_MILLIS;

  /** Stands for the process dying: an Error, which the committer does not catch (a dead process cleans nothing). */
  static final class Crash extends Error {
    private static final long serialVersionUID = 1L;
  }

  /** An owner on this host whose process is gone: this JVM's pid with another start time (a reused pid). */
  static OwnerRecord deadOwner(String runId) {
    OwnerRecord self = OwnerRecord.current(runId);
    return new OwnerRecord(runId, self.host(), self.pid(), self.processStartMillis() - 1000, self.startedMillis());
  }

  /** Every file under {@code dir} (relative path → content). */
  static Map<String, String> tree(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString(), Files.readString(p, StandardCharsets.ISO_8859_1));
      }
    }
    return files;
  }

  /** How a scenario reads the file system it runs on. */
  interface View {
    /** Every file under {@code dir} (relative path → content); empty when {@code dir} does not exist. */
    Map<String, String> tree(String dir) throws IOException;

    /** The names in OUT's parent folder, sorted. */
    List<String> siblings(String out) throws IOException;
  }

  /** The local file system. */
  static final View LOCAL = new View() {
    @Override
    public Map<String, String> tree(String dir) throws IOException {
      return Files.exists(Path.of(dir)) ? OutputCommitTest.tree(Path.of(dir)) : Map.of();
    }

    @Override
    public List<String> siblings(String out) throws IOException {
      return names(Path.of(out).getParent());
    }
  };

  /** A published result at {@code out} with the files {@code content} (name → text). */
  static void publish(String out, Configuration conf, Map<String, String> content) {
    OutputFolder folder = OutputFolder.prepare(out, true, conf);
    content.forEach((name, text) -> folder.write(name, text.getBytes(StandardCharsets.UTF_8)));
    folder.commit();
  }

  /** A published result at {@code out} with the files {@code content} (name → text); returns OUT's tree. */
  static Map<String, String> publish(Path out, Map<String, String> content) throws IOException {
    publish(out.toString(), CONF, content);
    return tree(out);
  }

  /**
   * A publish over a previous result crashes at {@code crashAt}: a reader that trusts _SUCCESS sees one whole result,
   * and the next run on OUT finishes the publish (back, or forward when the new result was in place), leaving nothing
   * beside OUT. Shared by the local and the HDFS test.
   */
  static void assertCrashAtStepRecovers(Step crashAt, String out, Configuration conf, View view) throws IOException {
    publish(out, conf, Map.of("a.txt", "old", "sub/b.txt", "old b"));
    Map<String, String> previous = view.tree(out);

    OutputFolder crashing = OutputFolder.prepare(out, true, conf, deadOwner("crashed"), step -> {
      if (step == crashAt) {
        throw new Crash();
      }
    }, TIMEOUT);
    crashing.write("a.txt", "new".getBytes(StandardCharsets.UTF_8));
    crashing.write("c.txt", "new c".getBytes(StandardCharsets.UTF_8));
    assertThrows(Crash.class, crashing::commit);

    // A reader that trusts _SUCCESS sees the previous result or the new one, whole: never a mix.
    boolean published = crashAt.compareTo(Step.MOVE_IN) > 0;
    Map<String, String> seen = view.tree(out);
    if (seen.containsKey("_SUCCESS")) {
      assertTrue(seen.equals(previous) || seen.keySet().equals(java.util.Set.of("_SUCCESS", "a.txt", "c.txt")),
          "OUT after a crash at " + crashAt + ": " + seen);
      assertEquals(published, !seen.equals(previous), "which result is at OUT after a crash at " + crashAt);
    } else {
      assertEquals(Step.MOVE_IN, crashAt, "OUT is absent only between setting aside and moving in: " + seen);
    }

    OutputFolder next = OutputFolder.prepare(out, true, conf);
    Map<String, String> recovered = view.tree(out);
    if (published) {
      assertEquals("new", recovered.get("a.txt"));
      assertEquals("new c", recovered.get("c.txt"));
      assertFalse(recovered.containsKey("sub/b.txt"));
    } else {
      assertEquals(previous, recovered, "the previous result is back at OUT after a crash at " + crashAt);
    }
    next.abort();
    assertEquals(List.of("out"), view.siblings(out), "no staging folder, lock or set-aside result is left");
  }

  @ParameterizedTest
  @EnumSource(Step.class)
  void aCrashAtAnyStepNeverLosesThePreviousResultAndTheNextRunRecovers(Step crashAt, @TempDir Path tmp)
      throws IOException {
    assertCrashAtStepRecovers(crashAt, tmp.resolve("out").toString(), CONF, LOCAL);
  }

  @Test
  void aFailedStepRestoresThePreviousResultAtOnce(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("out");
    Map<String, String> previous = publish(out, Map.of("a.txt", "old"));
    OutputFolder failing = OutputFolder.prepare(out.toString(), true, CONF, OwnerRecord.current("failing"), step -> {
      if (step == Step.MOVE_IN) {
        throw new IllegalStateException("rename refused");
      }
    }, TIMEOUT);
    failing.write("a.txt", "new".getBytes(StandardCharsets.UTF_8));
    assertThrows(IllegalStateException.class, failing::commit);
    assertEquals(previous, tree(out));
    assertEquals(List.of("out"), names(tmp));
  }

  @Test
  void aRunThatStartsWhileAnotherWritesOutIsRefused(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("out");
    OutputFolder first = OutputFolder.prepare(out.toString(), true, CONF);
    CausalDensityException e = assertThrows(CausalDensityException.class,
        () -> OutputFolder.prepare(out.toString(), true, CONF));
    assertEquals(Failure.OUTPUT_EXISTS, e.failure());
    assertTrue(e.getMessage().startsWith(out + ": another run " + first.runId() + " (pid "
        + ProcessHandle.current().pid()), e.getMessage());
    assertTrue(e.getMessage().endsWith("is writing it"), e.getMessage());
    first.abort();
  }

  @Test
  void ofTwoRunsPublishingAtOnceTheSecondIsRefusedAndTheFirstIsWhole(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    publish(out, Map.of("a.txt", "old"));
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    OutputFolder first = OutputFolder.prepare(out.toString(), true, CONF, OwnerRecord.current("first"), step -> {
      if (step == Step.SET_ASIDE) {
        holding.countDown();
        await(release);
      }
    }, TIMEOUT);
    first.write("a.txt", "first".getBytes(StandardCharsets.UTF_8));
    OutputFolder second = preparedAlongside(out, first, "second");
    second.write("a.txt", "second".getBytes(StandardCharsets.UTF_8));

    AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    Thread publisher = new Thread(() -> {
      try {
        first.commit();
      } catch (Throwable t) {
        firstFailure.set(t);
      }
    });
    publisher.start();
    await(holding);
    CausalDensityException lost = assertThrows(CausalDensityException.class, second::commit);
    release.countDown();
    publisher.join();

    assertEquals(null, firstFailure.get());
    assertEquals(Failure.OUTPUT_EXISTS, lost.failure());
    assertTrue(lost.getMessage().contains("another run first") && lost.getMessage().endsWith(
        "is publishing its result at the same moment; this run's result was not published"), lost.getMessage());
    assertEquals("first", tree(out).get("a.txt"));
    assertEquals("causal-density run first\n", tree(out).get("_SUCCESS"));
    assertEquals(List.of("out"), names(tmp));
  }

  @Test
  void aRunWhoseOutWasReplacedMeanwhileIsRefused(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("out");
    publish(out, Map.of("a.txt", "old"));
    OutputFolder first = OutputFolder.prepare(out.toString(), true, CONF);
    first.write("a.txt", "first".getBytes(StandardCharsets.UTF_8));
    OutputFolder second = preparedAlongside(out, first, "second");
    second.write("a.txt", "second".getBytes(StandardCharsets.UTF_8));
    first.commit();
    CausalDensityException lost = assertThrows(CausalDensityException.class, second::commit);
    assertEquals(Failure.OUTPUT_EXISTS, lost.failure());
    assertEquals(out + ": was replaced by another run while this one ran; this run's result was not published",
        lost.getMessage());
    assertEquals("first", tree(out).get("a.txt"));
    assertEquals(List.of("out"), names(tmp));
  }

  /**
   * A second run prepared as if both had looked at OUT before either created its staging folder (the interleaving
   * in which both pass the start-up check): the first one's staging folder is hidden while the second prepares.
   */
  static OutputFolder preparedAlongside(Path out, OutputFolder first, String runId) throws IOException {
    Path staging = out.resolveSibling(".out.staging-" + first.runId());
    Path hidden = out.resolveSibling("hidden");
    Files.move(staging, hidden);
    try {
      return OutputFolder.prepare(out.toString(), true, CONF, OwnerRecord.current(runId), OutputCommit.Faults.NONE,
          TIMEOUT);
    } finally {
      Files.move(hidden, staging);
    }
  }

  @Test
  void leftoversOfDeadOwnersAreRemovedAndLiveOnesOnOtherHostsRespected(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("out");
    Map<String, String> previous = publish(out, Map.of("a.txt", "old"));
    // A run on this host killed outright: its process is gone.
    OutputFolder killed = OutputFolder.prepare(out.toString(), true, CONF, deadOwner("killed"),
        OutputCommit.Faults.NONE, TIMEOUT);
    killed.write("a.txt", "partial".getBytes(StandardCharsets.UTF_8));
    stopWithoutCleaning(killed);
    // A run on another host whose heartbeat stopped 11 minutes ago, and one whose heartbeat is fresh.
    Path stale = otherHostStaging(tmp, "stale", System.currentTimeMillis() - TIMEOUT - 60_000);
    assertTrue(Files.isDirectory(stale));
    Path fresh = otherHostStaging(tmp, "fresh", System.currentTimeMillis());

    CausalDensityException busy = assertThrows(CausalDensityException.class,
        () -> OutputFolder.prepare(out.toString(), true, CONF));
    assertTrue(busy.getMessage().contains("another run fresh (pid 4242 on elsewhere.example"), busy.getMessage());
    assertFalse(Files.exists(stale), "the stale leftover is removed even when a live run is found later");
    assertFalse(Files.exists(out.resolveSibling(".out.staging-killed")));

    try (Stream<Path> walk = Files.walk(fresh)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    OutputFolder next = OutputFolder.prepare(out.toString(), true, CONF);
    next.abort();
    assertEquals(previous, tree(out));
    assertEquals(List.of("out"), names(tmp));
  }

  @Test
  void unownedStagingFoldersAreLeftoversOnlyWhenNamedByThisToolAndOld(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("out");
    long old = System.currentTimeMillis() - OutputCommit.UNOWNED_GRACE_MILLIS - 60_000;
    Path ours = Files.createDirectories(tmp.resolve(".out.staging-" + java.util.UUID.randomUUID()));
    Path notOurs = Files.createDirectories(tmp.resolve(".out.staging-my-notes"));
    Files.setLastModifiedTime(ours, FileTime.fromMillis(old));
    Files.setLastModifiedTime(notOurs, FileTime.fromMillis(old));
    Path starting = Files.createDirectories(tmp.resolve(".out.staging-" + java.util.UUID.randomUUID()));

    CausalDensityException busy = assertThrows(CausalDensityException.class,
        () -> OutputFolder.prepare(out.toString(), false, CONF));
    assertTrue(busy.getMessage().endsWith("another run (no owner record yet) is writing it"), busy.getMessage());
    assertFalse(Files.exists(ours), "an old unowned staging folder of ours is a leftover");
    assertTrue(Files.exists(notOurs), "a folder this tool did not name is never deleted");
    Files.setLastModifiedTime(starting, FileTime.fromMillis(old));
    OutputFolder.prepare(out.toString(), false, CONF).abort();
    assertEquals(List.of(".out.staging-my-notes"), names(tmp));
  }

  @Test
  void overwriteNeverReplacesAFolderThatIsNotAResult(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("home");
    Files.createDirectories(out);
    Files.writeString(out.resolve("thesis.tex"), "years of work");
    CausalDensityException e = assertThrows(CausalDensityException.class,
        () -> OutputFolder.prepare(out.toString(), true, CONF));
    assertEquals(Failure.OUTPUT_EXISTS, e.failure());
    assertTrue(e.getMessage().contains("holds files but no _SUCCESS"), e.getMessage());
    assertEquals(Map.of("thesis.tex", "years of work"), tree(out));
    assertEquals(List.of("home"), names(tmp));
  }

  @Test
  void anUnwritableParentIsAnIoFailureNamingOut(@TempDir Path tmp) throws IOException {
    Path parent = tmp.resolve("locked");
    Files.createDirectories(parent);
    assertTrue(parent.toFile().setWritable(false));
    try {
      org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(parent), "running as root: permissions ignored");
      Path out = parent.resolve("out");
      CausalDensityException e = assertThrows(CausalDensityException.class,
          () -> OutputFolder.prepare(out.toString(), false, CONF));
      assertEquals(Failure.IO, e.failure());
      assertTrue(e.getMessage().startsWith(out + ": cannot write beside it (in " + parent), e.getMessage());
    } finally {
      parent.toFile().setWritable(true);
    }
  }

  static void stopWithoutCleaning(OutputFolder folder) {
    folder.abandon();
  }

  static Path otherHostStaging(Path tmp, String runId, long heartbeatMillis) throws IOException {
    Path staging = tmp.resolve(".out.staging-" + runId);
    Files.createDirectories(staging.resolve("out"));
    Files.write(staging.resolve(OutputCommit.OWNER),
        new OwnerRecord(runId, "elsewhere.example", 4242, 1, heartbeatMillis).toBytes());
    Path heartbeat = Files.write(staging.resolve(OutputCommit.HEARTBEAT), new byte[0]);
    Files.setLastModifiedTime(heartbeat, FileTime.fromMillis(heartbeatMillis));
    return staging;
  }

  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new AssertionError("latch not reached in 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
