package org.causaldensity.norms;

import java.util.Locale;
import java.util.Random;

/** Speed check, not a test: seconds for γᵀMγ of {@code rows} rows of dimension d. */
public final class CausalNormsBenchmark {
  private CausalNormsBenchmark() {}

  public static void main(String[] args) {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 8192;
    int d = args.length > 1 ? Integer.parseInt(args[1]) : 2560;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    Random random = new Random(1);
    float[] gamma = new float[rows * d];
    float[] metric = new float[d * d];
    for (int i = 0; i < gamma.length; i++) {
      gamma[i] = (float) random.nextGaussian();
    }
    for (int i = 0; i < metric.length; i++) {
      metric[i] = (float) random.nextGaussian();
    }
    double best = Double.MAX_VALUE;
    for (int r = 0; r < 3; r++) {
      long t0 = System.nanoTime();
      CausalNorms.evaluate(gamma, rows, d, metric, threads);
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    System.out.println(String.format(Locale.ROOT, "CausalNorms %d rows × d=%d, %d threads: %.3f s (%.0f GFLOP/s)",
        rows, d, threads, best, 2.0 * rows * d * d / best / 1e9));
  }
}
