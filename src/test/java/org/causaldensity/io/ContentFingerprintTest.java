package org.causaldensity.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.causaldensity.testing.SystemPython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sampled fingerprint equals Python's hashlib over the same sample, and tells apart what it samples. */
class ContentFingerprintTest {
  /** The sample as the class documents it, written again in Python. */
  static final String PYTHON = String.join("\n",
      "import hashlib, os, struct, sys",
      "path = sys.argv[1]; n = os.path.getsize(path)",
      "EDGE, WINDOWS, WINDOW = 1 << 20, 64, 64 << 10",
      "h = hashlib.sha256(struct.pack('<q', n))",
      "with open(path, 'rb') as f:",
      "    def at(offset, length):",
      "        f.seek(offset); return f.read(length)",
      "    if n <= 2 * EDGE + WINDOWS * WINDOW:",
      "        h.update(f.read())",
      "    else:",
      "        h.update(at(0, EDGE))",
      "        span = n - 2 * EDGE - WINDOW",
      "        for w in range(WINDOWS):",
      "            h.update(at(EDGE + span * w // (WINDOWS - 1), WINDOW))",
      "        h.update(at(n - EDGE, EDGE))",
      "print(h.hexdigest())");

  @TempDir
  Path tmp;

  static String sampled(Path file) throws Exception {
    FileSystem fs = HadoopFiles.fileSystem(file.toString(), new Configuration());
    return ContentFingerprint.of(fs, fs.getFileStatus(new org.apache.hadoop.fs.Path(file.toString()))).hex();
  }

  @Test
  void sampledFingerprintEqualsHashlibOverTheSameBytes() throws Exception {
    SystemPython.assumeModules();
    Random random = new Random(7);
    for (int size : new int[] {0, 1000, (int) ContentFingerprint.WHOLE_LIMIT, 23_456_789}) {
      byte[] bytes = new byte[size];
      random.nextBytes(bytes);
      Path file = tmp.resolve("f" + size);
      Files.write(file, bytes);
      assertEquals(SystemPython.run(PYTHON, file.toString()).trim(), sampled(file), "size " + size);
    }
  }

  @Test
  void aChangeInASampledWindowOrTheLengthChangesIt() throws Exception {
    byte[] bytes = new byte[20_000_000];
    new Random(3).nextBytes(bytes);
    Path file = tmp.resolve("m.npy");
    Files.write(file, bytes);
    String before = sampled(file);
    // The 10th window of the middle: EDGE + span * 10 / 63.
    long span = bytes.length - 2L * ContentFingerprint.EDGE_BYTES - ContentFingerprint.WINDOW_BYTES;
    long inWindow = ContentFingerprint.EDGE_BYTES + span * 10 / (ContentFingerprint.WINDOWS - 1) + 5;
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(inWindow);
      f.write(bytes[(int) inWindow] ^ 1);
    }
    String changed = sampled(file);
    assertNotEquals(before, changed);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(bytes.length + 1);
    }
    assertNotEquals(changed, sampled(file));
  }
}
