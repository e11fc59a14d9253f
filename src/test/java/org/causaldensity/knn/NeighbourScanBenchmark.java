package org.causaldensity.knn;

import java.util.Locale;
import java.util.Random;

/** Speed check, not a test: ns per scanned element of {@link NeighbourScan} on random rows. */
public final class NeighbourScanBenchmark {
  private NeighbourScanBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 32000;
    int k = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int rows = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    System.out.println(report(n, k, rows));
  }

  static String report(int n, int k, int rowCount) {
    Random random = new Random(3);
    int distinct = 16;
    float[] rows = new float[distinct * n];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = 10f + 3f * (float) random.nextGaussian(); // distances of a high-dimensional cloud
    }
    NeighbourScan scan = new NeighbourScan(n, k);
    double sink = 0;
    double best = Double.MAX_VALUE;
    for (int repeat = 0; repeat < 5; repeat++) {
      long t0 = System.nanoTime();
      for (int r = 0; r < rowCount; r++) {
        int row = r % distinct;
        sink += scan.scan(rows, row * n, (r * 7919) % n).notebookDensity();
      }
      best = Math.min(best, (System.nanoTime() - t0) / (double) rowCount / n);
    }
    return String.format(Locale.ROOT, "NeighbourScan n=%d k=%d: %.3f ns/element (%.1f µs/row) [%s lanes, sink %.3g]",
        n, k, best, best * n / 1000, jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length(), sink);
  }
}
