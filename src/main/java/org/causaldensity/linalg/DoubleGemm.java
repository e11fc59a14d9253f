package org.causaldensity.linalg;

import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 matrix multiply C = A·B on the {@code jdk.incubator.vector} API, for the whitening x = Fᵀγ that the exact
 * distances are computed from: the same blocked loop nest as {@link Gemm} (packed operands, one register tile of
 * {@value #MR} rows × two vectors), accumulating in float64 throughout. Threads split the rows of C.
 */
public final class DoubleGemm {
  private DoubleGemm() {}

  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final int MR = 8;
  private static final int NR = 2 * LANES;
  /** Depth of one k-block: a packed B panel of NR × KC doubles stays in L1/L2. */
  private static final int KC = 512;
  /** Columns of one packed B block (small enough that a triangular B skips most of its zero half). */
  private static final int NC = 512;
  /** Rows of one packed A block. */
  private static final int MC = 64;

  /**
   * c = A·B with A (m×p), B (p×n) and C (m×n) row-major. Zero sizes are allowed (p = 0 writes zeros); shapes too short
   * for their arrays or threads &lt; 1 are an IllegalArgumentException. The result does not depend on {@code threads}:
   * each entry is summed in the same order whatever the split.
   */
  public static void multiply(double[] a, int m, double[] b, int p, int n, double[] c, int threads) {
    multiply(a, m, b, p, n, c, threads, false);
  }

  /**
   * As {@link #multiply(double[], int, double[], int, int, double[], int)}; with {@code lowerB} B is taken as lower
   * triangular (B[q][j] = 0 for q &lt; j, a Cholesky factor): depth blocks wholly above a column block are skipped,
   * nearly halving the work. Entries B[q][j] with q &lt; j must then be 0 (they are read in partly covered blocks).
   */
  public static void multiply(double[] a, int m, double[] b, int p, int n, double[] c, int threads, boolean lowerB) {
    check("a", a, m, p);
    check("b", b, p, n);
    check("c", c, m, n);
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (m == 0 || n == 0) {
      return;
    }
    java.util.Arrays.fill(c, 0, m * n, 0.0);
    if (p == 0) {
      return;
    }
    int units = (m + MR - 1) / MR;
    int workers = Math.max(1, Math.min(threads, Math.min(units, (int) ((long) m * n * p / (1L << 21)) + 1)));
    List<Thread> started = new ArrayList<>();
    Throwable[] failure = new Throwable[1];
    for (int w = 0; w < workers; w++) {
      int from = Math.min(m, (int) ((long) units * w / workers) * MR);
      int to = Math.min(m, (int) ((long) units * (w + 1) / workers) * MR);
      Runnable work = () -> rows(a, b, c, from, to, p, n, lowerB);
      if (w == workers - 1) {
        try {
          work.run();
        } finally {
          join(started);
        }
      } else {
        Thread t = new Thread(work, "dgemm-" + w);
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((th, e) -> {
          synchronized (failure) {
            failure[0] = e;
          }
        });
        t.start();
        started.add(t);
      }
    }
    synchronized (failure) {
      if (failure[0] != null) {
        throw new IllegalStateException("float64 GEMM worker failed", failure[0]);
      }
    }
  }

  private static void check(String name, double[] array, int rows, int cols) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException(name + ": negative shape " + rows + "×" + cols);
    }
    if (array == null || array.length < (long) rows * cols) {
      throw new IllegalArgumentException(name + ": " + (array == null ? "null array" : "length " + array.length
          + " < " + rows + "×" + cols));
    }
  }

  private static void join(List<Thread> threads) {
    boolean interrupted = false;
    for (Thread t : threads) {
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Rows [i0, i1) of C. */
  private static void rows(double[] a, double[] b, double[] c, int i0, int i1, int p, int n, boolean lowerB) {
    if (i0 >= i1) {
      return;
    }
    int kcMax = Math.min(KC, p);
    double[] packedB = new double[roundUp(Math.min(NC, n), NR) * kcMax];
    double[] packedA = new double[MC * kcMax];
    double[] tile = new double[MR * NR];
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      // Lower-triangular B: rows q < jc of these columns are zero, so depth starts at jc's k-block.
      for (int pc = lowerB ? Math.min(jc, p) / KC * KC : 0; pc < p; pc += KC) {
        int kc = Math.min(KC, p - pc);
        for (int jr = 0; jr < nc; jr += NR) {
          int cols = Math.min(NR, nc - jr);
          int base = jr * kc;
          for (int q = 0; q < kc; q++) {
            int dst = base + q * NR;
            System.arraycopy(b, (pc + q) * n + jc + jr, packedB, dst, cols);
            for (int jj = cols; jj < NR; jj++) {
              packedB[dst + jj] = 0.0;
            }
          }
        }
        for (int ic = i0; ic < i1; ic += MC) {
          int mc = Math.min(MC, i1 - ic);
          for (int ir = 0; ir < mc; ir += MR) {
            int rowsHere = Math.min(MR, mc - ir);
            int base = ir * kc;
            for (int r = 0; r < MR; r++) {
              if (r < rowsHere) {
                int src = (ic + ir + r) * p + pc;
                for (int q = 0; q < kc; q++) {
                  packedA[base + q * MR + r] = a[src + q];
                }
              } else {
                for (int q = 0; q < kc; q++) {
                  packedA[base + q * MR + r] = 0.0;
                }
              }
            }
          }
          for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            for (int ir = 0; ir < mc; ir += MR) {
              int rowsHere = Math.min(MR, mc - ir);
              kernel(packedA, ir * kc, packedB, jr * kc, kc, tile);
              int cOff = (ic + ir) * n + jc + jr;
              for (int r = 0; r < rowsHere; r++) {
                for (int j = 0; j < cols; j++) {
                  c[cOff + r * n + j] += tile[r * NR + j];
                }
              }
            }
          }
        }
      }
    }
  }

  private static int roundUp(int x, int unit) {
    return (x + unit - 1) / unit * unit;
  }

  /** The MR×NR register tile over depth kc, written out so every accumulator stays in a register. */
  private static void kernel(double[] pa, int aOff, double[] pb, int bOff, int kc, double[] tile) {
    DoubleVector z = DoubleVector.zero(SPECIES);
    DoubleVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
    DoubleVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
    int pb0 = bOff;
    int pa0 = aOff;
    for (int q = 0; q < kc; q++, pb0 += NR, pa0 += MR) {
      DoubleVector b0 = DoubleVector.fromArray(SPECIES, pb, pb0);
      DoubleVector b1 = DoubleVector.fromArray(SPECIES, pb, pb0 + LANES);
      DoubleVector av = DoubleVector.broadcast(SPECIES, pa[pa0]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = DoubleVector.broadcast(SPECIES, pa[pa0 + 1]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = DoubleVector.broadcast(SPECIES, pa[pa0 + 2]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = DoubleVector.broadcast(SPECIES, pa[pa0 + 3]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      av = DoubleVector.broadcast(SPECIES, pa[pa0 + 4]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      av = DoubleVector.broadcast(SPECIES, pa[pa0 + 5]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
      av = DoubleVector.broadcast(SPECIES, pa[pa0 + 6]);
      c60 = av.fma(b0, c60);
      c61 = av.fma(b1, c61);
      av = DoubleVector.broadcast(SPECIES, pa[pa0 + 7]);
      c70 = av.fma(b0, c70);
      c71 = av.fma(b1, c71);
    }
    c00.intoArray(tile, 0);
    c01.intoArray(tile, LANES);
    c10.intoArray(tile, NR);
    c11.intoArray(tile, NR + LANES);
    c20.intoArray(tile, 2 * NR);
    c21.intoArray(tile, 2 * NR + LANES);
    c30.intoArray(tile, 3 * NR);
    c31.intoArray(tile, 3 * NR + LANES);
    c40.intoArray(tile, 4 * NR);
    c41.intoArray(tile, 4 * NR + LANES);
    c50.intoArray(tile, 5 * NR);
    c51.intoArray(tile, 5 * NR + LANES);
    c60.intoArray(tile, 6 * NR);
    c61.intoArray(tile, 6 * NR + LANES);
    c70.intoArray(tile, 7 * NR);
    c71.intoArray(tile, 7 * NR + LANES);
  }
}
