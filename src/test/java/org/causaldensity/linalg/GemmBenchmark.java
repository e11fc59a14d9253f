package org.causaldensity.linalg;

import java.util.Locale;
import java.util.Random;

/**
 * Speed check, not a test: prints GFLOP/s of {@link Gemm} (best of several runs).
 * Run: {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 * org.causaldensity.linalg.GemmBenchmark [m n d threads repeats]}.
 */
public final class GemmBenchmark {
  private GemmBenchmark() {}

  public static void main(String[] args) {
    int m = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 2048;
    int d = args.length > 2 ? Integer.parseInt(args[2]) : 2560;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    int repeats = args.length > 4 ? Integer.parseInt(args[4]) : 5;
    System.out.println(report(m, n, d, threads, repeats));
  }

  /** One line: shape, threads, best time and GFLOP/s of A·Bᵀ and of A·B. */
  static String report(int m, int n, int d, int threads, int repeats) {
    Random random = new Random(1);
    float[] a = new float[m * d];
    float[] b = new float[n * d];
    float[] c = new float[m * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = random.nextFloat() - 0.5f;
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = random.nextFloat() - 0.5f;
    }
    double flops = 2.0 * m * n * d;
    double bestT = Double.MAX_VALUE;
    double bestN = Double.MAX_VALUE;
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      Gemm.multiplyTransposed(a, m, b, n, d, c, threads);
      long t1 = System.nanoTime();
      Gemm.multiply(a, m, b, d, n, c, threads);
      long t2 = System.nanoTime();
      bestT = Math.min(bestT, (t1 - t0) / 1e9);
      bestN = Math.min(bestN, (t2 - t1) / 1e9);
    }
    return String.format(Locale.ROOT,
        "Gemm %dx%dx%d, %d threads, %s lanes: A·Bᵀ %.3f s (%.0f GFLOP/s), A·B %.3f s (%.0f GFLOP/s)",
        m, n, d, threads, Gemm.LANES, bestT, flops / bestT / 1e9, bestN, flops / bestN / 1e9);
  }
}
