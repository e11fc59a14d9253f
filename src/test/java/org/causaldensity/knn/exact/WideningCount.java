package org.causaldensity.knn.exact;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.safetensors.Checkpoint;
import org.causaldensity.io.torch.TorchFile;
import org.causaldensity.linalg.Whitening;

/**
 * Measurement, not a test: how many rows the fast pass's bound leaves unproven (and widening then fixes) on a real
 * or synthetic checkpoint, in memory on one machine. Samples N token ids uniformly (seeded), whitens them with M,
 * runs every block pair and counts unproven rows before widening; then widens and checks every row is proven.
 * Run: {@code java -Xmx6g --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:$(cat cp.txt)
 * org.causaldensity.knn.exact.WideningCount MODEL_DIR M.pt N [k threads blockRows]}.
 */
public final class WideningCount {
  private WideningCount() {}

  public static void main(String[] args) {
    String model = args[0];
    String metricFile = args[1];
    int n = Integer.parseInt(args[2]);
    int k = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    int threads = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    int blockRows = args.length > 5 ? Integer.parseInt(args[5]) : 4096;
    Configuration conf = new Configuration();
    Checkpoint checkpoint = Checkpoint.open(model, conf);
    int d = checkpoint.hiddenSize();
    float[] m = TorchFile.read(metricFile, conf).tensor("M").toFloatArray();
    long t0 = System.nanoTime();
    Whitening whitening = Whitening.of(m, d, metricFile);
    long t1 = System.nanoTime();
    long vocab = checkpoint.vocabSize();
    Random random = new Random(20261208);
    long[] ids = random.longs(0, vocab).distinct().limit(n).sorted().toArray();
    double[] mean = new double[d];
    List<double[]> exact = new ArrayList<>();
    for (int first = 0; first < n; first += blockRows) {
      int count = Math.min(blockRows, n - first);
      float[] gamma = new float[count * d];
      checkpoint.gatherRows(java.util.Arrays.copyOfRange(ids, first, first + count), gamma, conf);
      for (int i = 0; i < count; i++) {
        for (int a = 0; a < d; a++) {
          mean[a] += gamma[i * d + a] / (double) n;
        }
      }
      double[] x = new double[count * whitening.dimension()];
      whitening.whiten(gamma, count, x, threads);
      exact.add(x);
    }
    double[] centre = whitening.whitenVector(mean);
    List<WhitenedBlock> blocks = new ArrayList<>();
    for (int b = 0; b < exact.size(); b++) {
      int first = b * blockRows;
      blocks.add(new WhitenedBlock(first, Math.min(blockRows, n - first), whitening.dimension(), exact.get(b),
          centre));
    }
    long t2 = System.nanoTime();
    BlockNeighbours[] lists = new BlockNeighbours[blocks.size()];
    for (int b = 0; b < lists.length; b++) {
      lists[b] = new BlockNeighbours(blocks.get(b).count, k);
    }
    PairScan scan = new PairScan(k, whitening.dimension());
    for (int i = 0; i < blocks.size(); i++) {
      for (int j = i; j < blocks.size(); j++) {
        BlockNeighbours[] partial = scan.pair(blocks.get(i), blocks.get(j), threads);
        lists[i].merge(partial[0]);
        if (i != j) {
          lists[j].merge(partial[1]);
        }
      }
    }
    long t3 = System.nanoTime();
    int unproven = 0;
    int zeroRows = 0;
    for (BlockNeighbours list : lists) {
      for (int r = 0; r < list.count(); r++) {
        unproven += list.proven(r) ? 0 : 1;
        zeroRows += list.zeros(r) > 0 ? 1 : 0;
      }
    }
    ExactKnn.widenUnproven(blocks, lists, k, threads);
    long t4 = System.nanoTime();
    double flops = (double) n * n * whitening.dimension();
    System.out.printf(Locale.ROOT, "N = %d, d = %d (%s), k = %d, blocks of %d: %d rows unproven by the fast pass "
        + "(%.3f%%), widened and proven; %d rows have bit-identical others. Times: factor %.1f s, gather+whiten %.1f s,"
        + " block pairs %.1f s (%.0f GFLOP/s of N²·d), widening %.1f s, %d threads%n", n, d,
        whitening.isCholesky() ? "Cholesky" : "eigen", k, blockRows, unproven, 100.0 * unproven / n, zeroRows,
        (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, flops / ((t3 - t2) / 1e9) / 1e9, (t4 - t3) / 1e9, threads);
  }
}
