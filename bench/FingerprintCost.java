// What a content fingerprint of a large input costs (docs/DECISIONS.md, "Content fingerprints"): the sampled
// fingerprint the job records (io.ContentFingerprint) against hashing every byte (SHA-256, CRC32C), medians of
// repeats in one invocation. Not a test. Run after `mvn package`, on a file of the size to judge (a sparse one is
// enough for the sampled cost: `truncate -s 4G /tmp/x.npy`):
//   java -cp "target/spark-home/jars/*:target/classes" bench/FingerprintCost.java /tmp/x.npy
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.causaldensity.io.ContentFingerprint;

public class FingerprintCost {
  static final int REPEATS = 5;
  static final int BUFFER_BYTES = 64 << 20;
  static final int BUFFERS = 8;

  public static void main(String[] args) throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration()).getRaw();
    FileStatus status = fs.getFileStatus(new Path(args[0]));
    ContentFingerprint.of(fs, status);
    double[] sampled = new double[REPEATS];
    for (int r = 0; r < REPEATS; r++) {
      long t = System.nanoTime();
      ContentFingerprint.of(fs, status);
      sampled[r] = (System.nanoTime() - t) / 1e6;
    }
    byte[] buffer = new byte[BUFFER_BYTES];
    new Random(1).nextBytes(buffer);
    double bytes = (double) BUFFER_BYTES * BUFFERS;
    double[] sha = new double[REPEATS];
    double[] crc = new double[REPEATS];
    for (int r = 0; r < REPEATS; r++) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      long t = System.nanoTime();
      for (int i = 0; i < BUFFERS; i++) {
        digest.update(buffer);
      }
      digest.digest();
      sha[r] = bytes / ((System.nanoTime() - t) / 1e9);
      CRC32C sum = new CRC32C();
      t = System.nanoTime();
      for (int i = 0; i < BUFFERS; i++) {
        sum.update(buffer);
      }
      crc[r] = bytes / ((System.nanoTime() - t) / 1e9);
    }
    double len = status.getLen();
    System.out.printf("file %s, %.0f bytes; %s%n", args[0], len, System.getProperty("java.vm.name"));
    System.out.printf("sampled fingerprint: median %.1f ms (%s)%n", median(sampled), Arrays.toString(sampled));
    System.out.printf("SHA-256 of every byte: median %.0f MB/s -> %.1f s of CPU for this file, plus reading it%n",
        median(sha) / 1e6, len / median(sha));
    System.out.printf("CRC32C of every byte: median %.0f MB/s -> %.2f s of CPU for this file%n", median(crc) / 1e6,
        len / median(crc));
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
