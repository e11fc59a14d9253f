package org.causaldensity.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.causaldensity.io.OutputCommit.Step;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The publish protocol on a real HDFS (Hadoop's MiniDFSCluster: a NameNode and a DataNode in this JVM), where the
 * commit lock is an exclusive {@code create} and every step a NameNode rename or delete: a crash at each step and two
 * racing publishes, as {@link OutputCommitTest} checks them on the local file system.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutputCommitHdfsTest {
  MiniDFSCluster hdfs;
  FileSystem fs;
  Configuration conf;
  int folders;

  @BeforeAll
  void startHdfs(@TempDir Path tmp) throws IOException {
    Configuration base = new Configuration();
    base.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
    hdfs = new MiniDFSCluster.Builder(base).numDataNodes(1).build();
    hdfs.waitActive();
    fs = hdfs.getFileSystem();
    conf = fs.getConf();
  }

  @AfterAll
  void stopHdfs() {
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  /** A fresh parent folder on HDFS, and OUT inside it. */
  String freshOut() throws IOException {
    org.apache.hadoop.fs.Path parent = new org.apache.hadoop.fs.Path(fs.getUri() + "/t" + (folders++));
    fs.mkdirs(parent);
    return parent + "/out";
  }

  /** Every file under {@code dir} (relative path → content); empty when {@code dir} does not exist. */
  Map<String, String> tree(String dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    org.apache.hadoop.fs.Path root = fs.makeQualified(new org.apache.hadoop.fs.Path(dir));
    if (!fs.exists(root)) {
      return files;
    }
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
    while (it.hasNext()) {
      org.apache.hadoop.fs.Path file = it.next().getPath();
      try (InputStream in = fs.open(file)) {
        files.put(file.toString().substring(root.toString().length() + 1),
            new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
      }
    }
    return files;
  }

  List<String> siblings(String out) throws IOException {
    FileStatus[] all = fs.listStatus(new org.apache.hadoop.fs.Path(out).getParent());
    return Arrays.stream(all).map(s -> s.getPath().getName()).sorted().toList();
  }

  Map<String, String> publish(String out, Map<String, String> content) throws IOException {
    OutputFolder folder = OutputFolder.prepare(out, true, conf);
    content.forEach((name, text) -> folder.write(name, text.getBytes(StandardCharsets.UTF_8)));
    folder.commit();
    return tree(out);
  }

  @ParameterizedTest
  @EnumSource(Step.class)
  void aCrashAtAnyStepNeverLosesThePreviousResultAndTheNextRunRecovers(Step crashAt) throws IOException {
    String out = freshOut();
    Map<String, String> previous = publish(out, Map.of("a.txt", "old", "sub/b.txt", "old b"));

    OutputFolder crashing = OutputFolder.prepare(out, true, conf, OutputCommitTest.deadOwner("crashed"), step -> {
      if (step == crashAt) {
        throw new OutputCommitTest.Crash();
      }
    }, OutputCommitTest.TIMEOUT);
    crashing.write("a.txt", "new".getBytes(StandardCharsets.UTF_8));
    crashing.write("c.txt", "new c".getBytes(StandardCharsets.UTF_8));
    assertThrows(OutputCommitTest.Crash.class, crashing::commit);

    boolean published = crashAt.compareTo(Step.MOVE_IN) > 0;
    Map<String, String> seen = tree(out);
    if (seen.containsKey("_SUCCESS")) {
      assertTrue(seen.equals(previous) || seen.keySet().equals(Set.of("_SUCCESS", "a.txt", "c.txt")),
          "OUT after a crash at " + crashAt + ": " + seen);
      assertEquals(published, !seen.equals(previous), "which result is at OUT after a crash at " + crashAt);
    } else {
      assertEquals(Step.MOVE_IN, crashAt, "OUT is absent only between setting aside and moving in: " + seen);
    }

    OutputFolder next = OutputFolder.prepare(out, true, conf);
    Map<String, String> recovered = tree(out);
    if (published) {
      assertEquals("new", recovered.get("a.txt"));
      assertEquals("new c", recovered.get("c.txt"));
      assertFalse(recovered.containsKey("sub/b.txt"));
    } else {
      assertEquals(previous, recovered, "the previous result is back at OUT after a crash at " + crashAt);
    }
    next.abort();
    assertEquals(List.of("out"), siblings(out), "no staging folder, lock or set-aside result is left");
  }

  @Test
  void ofTwoRunsPublishingAtOnceTheSecondIsRefusedAndTheFirstIsWhole() throws Exception {
    String out = freshOut();
    publish(out, Map.of("a.txt", "old"));
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    OutputFolder first = OutputFolder.prepare(out, true, conf, OwnerRecord.current("first"), step -> {
      if (step == Step.SET_ASIDE) {
        holding.countDown();
        OutputCommitTest.await(release);
      }
    }, OutputCommitTest.TIMEOUT);
    first.write("a.txt", "first".getBytes(StandardCharsets.UTF_8));
    // The second run starts while the first's staging folder is out of sight (else it is refused at once).
    org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(
        new org.apache.hadoop.fs.Path(out).getParent(), ".out.staging-" + first.runId());
    org.apache.hadoop.fs.Path hidden = new org.apache.hadoop.fs.Path(staging.getParent(), "hidden");
    assertTrue(fs.rename(staging, hidden));
    OutputFolder second;
    try {
      second = OutputFolder.prepare(out, true, conf, OwnerRecord.current("second"), OutputCommit.Faults.NONE,
          OutputCommitTest.TIMEOUT);
    } finally {
      assertTrue(fs.rename(hidden, staging));
    }
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
    OutputCommitTest.await(holding);
    CausalDensityException lost = assertThrows(CausalDensityException.class, second::commit);
    release.countDown();
    publisher.join();

    assertNull(firstFailure.get());
    assertEquals(Failure.OUTPUT_EXISTS, lost.failure());
    assertEquals("first", tree(out).get("a.txt"));
    assertEquals("causal-density run first\n", tree(out).get("_SUCCESS"));
    assertEquals(List.of("out"), siblings(out));
  }
}
