package org.causaldensity.knn.exact;

import java.util.Locale;
import java.util.Random;
import org.causaldensity.linalg.Whitening;

/**
 * Speed check, not a test: one block pair of the exact kNN at the production block size, single-threaded as a Spark
 * task runs it, against the bare float32 GEMM of the same blocks; also the float64 whitening of one block. Prints
 * GFLOP/s (2·m·n·d flop per product) and the share of the pair spent outside the GEMM (scan, float64 re-rank).
 * Run: {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:$(cat cp.txt)
 * org.causaldensity.knn.exact.PairScanBenchmark [rows d k repeats]}.
 */
public final class PairScanBenchmark {
  private PairScanBenchmark() {}

  public static void main(String[] args) {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
    int d = args.length > 1 ? Integer.parseInt(args[1]) : 2560;
    int k = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    Random random = new Random(1);
    // Clustered rows (as token embeddings are): centres plus noise, so neighbours are not all equidistant.
    double[] x = new double[2 * rows * d];
    double[] centres = new double[64 * d];
    for (int i = 0; i < centres.length; i++) {
      centres[i] = random.nextGaussian();
    }
    for (int i = 0; i < 2 * rows; i++) {
      int c = random.nextInt(64);
      for (int a = 0; a < d; a++) {
        x[i * d + a] = centres[c * d + a] + 0.7 * random.nextGaussian();
      }
    }
    WhitenedBlock a = new WhitenedBlock(0, rows, d, java.util.Arrays.copyOfRange(x, 0, rows * d), null);
    WhitenedBlock b = new WhitenedBlock(rows, rows, d, java.util.Arrays.copyOfRange(x, rows * d, 2 * rows * d), null);
    PairScan scan = new PairScan(k, d);
    float[] c = new float[rows * rows];
    double flops = 2.0 * rows * rows * d;
    double bestPair = Double.MAX_VALUE;
    double bestGemm = Double.MAX_VALUE;
    int unproven = 0;
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      org.causaldensity.linalg.Gemm.multiplyTransposed(a.fast, rows, b.fast, rows, d, c, 1);
      long t1 = System.nanoTime();
      BlockNeighbours[] lists = scan.pair(a, b, 1);
      long t2 = System.nanoTime();
      bestGemm = Math.min(bestGemm, (t1 - t0) / 1e9);
      bestPair = Math.min(bestPair, (t2 - t1) / 1e9);
      unproven = 0;
      for (int i = 0; i < rows; i++) {
        unproven += lists[0].proven(i) ? 0 : 1;
      }
    }
    float[] gamma = new float[rows * d];
    for (int i = 0; i < gamma.length; i++) {
      gamma[i] = (float) random.nextGaussian();
    }
    float[] m = new float[d * d];
    for (int i = 0; i < d; i++) {
      m[i * d + i] = 1f + (i % 7) * 0.1f;
    }
    Whitening whitening = Whitening.of(m, d, "diagonal M");
    double[] out = new double[rows * d];
    long w0 = System.nanoTime();
    whitening.whiten(gamma, rows, out, 1);
    double whiten = (System.nanoTime() - w0) / 1e9;
    System.out.printf(Locale.ROOT, "pair %d×%d×%d, 1 thread: GEMM %.3f s (%.0f GFLOP/s); pair scan %.3f s "
        + "(%.0f GFLOP/s effective, %.0f%% outside the GEMM); rows of block a unproven by the pair alone: %d; "
        + "float64 whitening of one block %.2f s (%.1f GFLOP/s)%n", rows, rows, d, bestGemm, flops / bestGemm / 1e9,
        bestPair, flops / bestPair / 1e9, 100 * (bestPair - bestGemm) / bestPair, unproven, whiten,
        2.0 * rows * d * d / whiten / 1e9);
  }
}
