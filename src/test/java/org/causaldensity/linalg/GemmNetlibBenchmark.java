package org.causaldensity.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Benchmark, not a test: {@link Gemm} against dev.ludovic.netlib's sgemm on the shapes the job multiplies, interleaved
 * in one invocation (the machine is shared and noisy), medians and ratios. The shapes: a norm-stage block γ·M
 * (rows × d by d × d, rows as {@code RowRange.rowsFitting(d, 16 MB)} gives), the participation ratio's M·C (d × d by
 * d × d) and a scatter block's XᵀX (the same rows). Netlib is column-major: the row-major product A·B is computed as
 * (Bᵀ·Aᵀ)ᵀ, with no copy. The native netlib calls the system BLAS (Debian: OpenBLAS); give OpenBLAS its best kernel
 * in the command only, as bench/gemm_vs_netlib.sh does.
 */
public final class GemmNetlibBenchmark {
  private GemmNetlibBenchmark() {}

  /** Arguments: d (2560), threads (2), repeats (5). */
  public static void main(String[] args) {
    int d = args.length > 0 ? Integer.parseInt(args[0]) : 2560;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int rows = (int) ((16L << 20) / (4L * d));
    List<BLAS> peers = new ArrayList<>();
    List<String> roles = List.of("native", "default pick", "pure Java");
    peers.add(NativeBLAS.getInstance());
    peers.add(BLAS.getInstance());
    peers.add(JavaBLAS.getInstance()); // VectorBLAS where the Vector API is available
    System.out.printf(Locale.ROOT, "d=%d rows=%d threads=%d repeats=%d OPENBLAS_CORETYPE=%s OPENBLAS_NUM_THREADS=%s%n",
        d, rows, threads, repeats, System.getenv("OPENBLAS_CORETYPE"), System.getenv("OPENBLAS_NUM_THREADS"));
    for (int p = 0; p < peers.size(); p++) {
      System.out.println("netlib " + roles.get(p) + ": " + peers.get(p).getClass().getName());
    }
    Random random = new Random(1);
    float[] gamma = random(random, rows * d);
    float[] metric = random(random, d * d);
    float[] covariance = random(random, d * d);
    // shape name, m, n, k, A (m×k), B (k×n), and whether the job's call is A·Bᵀ (multiplyTransposed)
    Object[][] shapes = {
        {"norm block γ·M", rows, d, d, gamma, metric, false},
        {"participation ratio M·C", d, d, d, metric, covariance, false},
        {"scatter block XᵀX (as X·Xᵀ of the transposed block)", d, d, rows, transpose(gamma, rows, d), null, true},
    };
    for (Object[] shape : shapes) {
      String name = (String) shape[0];
      int m = (Integer) shape[1];
      int n = (Integer) shape[2];
      int k = (Integer) shape[3];
      float[] a = (float[]) shape[4];
      boolean transposed = (Boolean) shape[6];
      float[] b = transposed ? a : (float[]) shape[5];
      float[] c = new float[m * n];
      double flops = 2.0 * m * n * k;
      double[][] seconds = new double[1 + peers.size()][repeats];
      for (int r = 0; r < repeats; r++) {
        long t0 = System.nanoTime();
        if (transposed) {
          Gemm.multiplyTransposed(a, m, b, n, k, c, threads);
        } else {
          Gemm.multiply(a, m, b, k, n, c, threads);
        }
        seconds[0][r] = (System.nanoTime() - t0) / 1e9;
        for (int p = 0; p < peers.size(); p++) {
          if (peers.get(p) instanceof JavaBLAS && r > 0) {
            seconds[1 + p][r] = Double.NaN; // the scalar Java BLAS is ~20× slower: one run says enough
            continue;
          }
          t0 = System.nanoTime();
          // Row-major C (m×n) = A·B is column-major Cᵀ = Bᵀ·Aᵀ: sgemm("N", "N", n, m, k, B, n, A, k, C, n); for
          // A·Bᵀ, Cᵀ = B·Aᵀ: sgemm("T", "N", n, m, k, B, k, A, k, C, n).
          if (transposed) {
            peers.get(p).sgemm("T", "N", n, m, k, 1f, b, k, a, k, 0f, c, n);
          } else {
            peers.get(p).sgemm("N", "N", n, m, k, 1f, b, n, a, k, 0f, c, n);
          }
          seconds[1 + p][r] = (System.nanoTime() - t0) / 1e9;
        }
      }
      double gemm = median(seconds[0]);
      System.out.printf(Locale.ROOT, "%s, %d×%d×%d: Gemm median %.3f s (%.0f GFLOP/s)%n", name, m, n, k, gemm,
          flops / gemm / 1e9);
      for (int p = 0; p < peers.size(); p++) {
        double t = median(seconds[1 + p]);
        System.out.printf(Locale.ROOT, "  netlib %-12s %-10s median %.3f s (%.0f GFLOP/s), Gemm/netlib time %.2f%n",
            roles.get(p), peers.get(p).getClass().getSimpleName(), t, flops / t / 1e9, gemm / t);
      }
    }
  }

  private static double median(double[] values) {
    double[] finite = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    int h = finite.length / 2;
    return finite.length % 2 == 1 ? finite[h] : (finite[h - 1] + finite[h]) / 2;
  }

  private static float[] transpose(float[] x, int rows, int cols) {
    float[] t = new float[x.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[j * rows + i] = x[i * cols + j];
      }
    }
    return t;
  }

  private static float[] random(Random random, int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = random.nextFloat() - 0.5f;
    }
    return x;
  }
}
