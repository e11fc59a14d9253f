package org.causaldensity.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OwnerRecordTest {
  static final long TIMEOUT = OwnerRecord.OTHER_HOST_TIMEOUT_MILLIS;

  @Test
  void recordsRoundTripAndCutShortOnesAreNotRecords() {
    OwnerRecord self = OwnerRecord.current("run-1");
    assertEquals(Optional.of(self), OwnerRecord.parse(self.toBytes()));
    byte[] bytes = self.toBytes();
    assertEquals(Optional.empty(), OwnerRecord.parse(java.util.Arrays.copyOf(bytes, 12)));
    assertEquals(Optional.empty(), OwnerRecord.parse("".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void anOwnerOnThisHostLivesExactlyWhileItsProcessDoes() throws Exception {
    long now = System.currentTimeMillis();
    OwnerRecord self = OwnerRecord.current("me");
    assertFalse(self.isGone(0, now, TIMEOUT), "this JVM lives, whatever its heartbeat");
    OwnerRecord reused = new OwnerRecord("old", self.host(), self.pid(), self.processStartMillis() - 1, 0);
    assertTrue(reused.isGone(now, now, TIMEOUT), "same pid, other start time: a reused pid");
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();
    OwnerRecord ended = new OwnerRecord("ended", self.host(), finished.pid(), 0, 0);
    assertTrue(ended.isGone(now, now, TIMEOUT));
  }

  @Test
  void anOwnerOnAnotherHostIsGoneOnceItsHeartbeatIsOlderThanTheTimeout() {
    long now = System.currentTimeMillis();
    OwnerRecord remote = new OwnerRecord("remote", "elsewhere.example", 1, 1, 1);
    assertFalse(remote.isGone(now - TIMEOUT, now, TIMEOUT));
    assertTrue(remote.isGone(now - TIMEOUT - 1, now, TIMEOUT));
  }

  @Test
  void overlapIsJudgedOnWholePathSegmentsAndOneFileSystem() {
    assertEquals("is", InputGuard.relation(URI.create("file:/a/b"), URI.create("file:/a/b/")));
    assertEquals("lies inside", InputGuard.relation(URI.create("file:/a/b/c"), URI.create("file:/a/b")));
    assertEquals("contains", InputGuard.relation(URI.create("file:/a"), URI.create("file:/a/b.npy")));
    assertEquals(null, InputGuard.relation(URI.create("file:/a/bc"), URI.create("file:/a/b")));
    assertEquals(null, InputGuard.relation(URI.create("hdfs://nn/a"), URI.create("file:/a")));
    assertEquals(null, InputGuard.relation(URI.create("hdfs://nn1/a"), URI.create("hdfs://nn2/a")));
    assertEquals("is", InputGuard.relation(URI.create("hdfs://nn:8020/a"), URI.create("hdfs://nn:8020/a")));
  }
}
