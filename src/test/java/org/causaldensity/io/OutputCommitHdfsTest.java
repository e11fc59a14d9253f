package org.causaldensity.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
class OutputCommitHdfsTest implements OutputCommitTest.View {
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

  @Override
  public Map<String, String> tree(String dir) throws IOException {
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

  @Override
  public List<String> siblings(String out) throws IOException {
    FileStatus[] all = fs.listStatus(new org.apache.hadoop.fs.Path(out).getParent());
    return Arrays.stream(all).map(s -> s.getPath().getName()).sorted().toList();
  }

  @ParameterizedTest
  @EnumSource(Step.class)
  void aCrashAtAnyStepNeverLosesThePreviousResultAndTheNextRunRecovers(Step crashAt) throws IOException {
    OutputCommitTest.assertCrashAtStepRecovers(crashAt, freshOut(), conf, this);
  }

  @Test
  void ofTwoRunsPublishingAtOnceTheSecondIsRefusedAndTheFirstIsWhole() throws Exception {
    String out = freshOut();
    OutputCommitTest.publish(out, conf, Map.of("a.txt", "old"));
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
