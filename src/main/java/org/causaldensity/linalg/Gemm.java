package org.causaldensity.linalg;

import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 matrix multiply on the {@code jdk.incubator.vector} API: a GotoBLAS-style blocked loop nest around one
 * register-tile kernel ({@value #MR} rows × two vectors of columns), with both operands packed so the kernel reads
 * two contiguous streams. Accumulation is float32 within a k-block of {@value #KC} and float32 across k-blocks.
 *
 * <p>Work is split between threads by column range (or row range when there are more rows than columns); each
 * thread packs what it reads itself, so threads share nothing but the read-only inputs and disjoint parts of C.
 */
public final class Gemm {
  private Gemm() {}

  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  /** Lanes of one vector (16 with AVX-512, 8 with AVX2). */
  static final int LANES = SPECIES.length();
  /** Rows of the register tile. */
  static final int MR = 8;
  /** Columns of the register tile: two vectors. */
  static final int NR = 2 * LANES;
  /** Depth of one k-block (measured: 512..2560 all within 3% here; 256 is 10% slower). */
  static final int KC = 1024;
  /** Rows of one packed A block (MC × KC floats, kept in L2). */
  static final int MC = 48;
  /** Columns of one packed B block (NC × KC floats). */
  static final int NC = 2048;
  /** Below this many multiply-adds a single thread does the work: starting threads would cost more. */
  private static final long PARALLEL_THRESHOLD = 1L << 22;

  /**
   * c[i*bRows + j] = sum_p a[i*d+p] * b[j*d+p] for i<aRows, j<bRows (A·Bᵀ, both row-major with row length d).
   * Zero rows, columns or depth are allowed (d = 0 writes zeros); threads &lt; 1 is an IllegalArgumentException.
   */
  public static void multiplyTransposed(float[] a, int aRows, float[] b, int bRows, int d, float[] c, int threads) {
    checkShape("a", a, aRows, d);
    checkShape("b", b, bRows, d);
    checkShape("c", c, aRows, bRows);
    checkThreads(threads);
    run(new Product(a, 0, d, false, b, d, true, c, bRows, d, Part.FULL), aRows, bRows, threads);
  }

  /**
   * c = A·B with A (m×d) row-major and B (d×n) row-major, c (m×n) row-major.
   * Zero sizes are allowed (d = 0 writes zeros); threads &lt; 1 is an IllegalArgumentException.
   */
  public static void multiply(float[] a, int m, float[] b, int d, int n, float[] c, int threads) {
    checkShape("a", a, m, d);
    checkShape("b", b, d, n);
    checkShape("c", c, m, n);
    checkThreads(threads);
    run(new Product(a, 0, d, false, b, n, false, c, n, d, Part.FULL), m, n, threads);
  }

  /** Rows of x multiplied at a time by {@link #quadraticForms}: bounds its float scratch to this many rows of d. */
  static final int FORM_ROWS = 2048;

  /**
   * out[i] = x_iᵀ M x_i for each of {@code rows} rows x_i of x (row-major, row length d), M d×d row-major and not
   * necessarily symmetric. As x_i · (X·M)_i with float32 products and float64 row dots, but with M folded into the
   * upper triangle of M + Mᵀ (same form, half the multiply-adds). Arrays shorter than rows×d / d×d, negative sizes or
   * threads &lt; 1 are an IllegalArgumentException; 0 rows give an empty array, d = 0 gives zeros.
   */
  public static double[] quadraticForms(float[] x, int rows, int d, float[] m, int threads) {
    checkShape("x", x, rows, d);
    checkShape("m", m, d, d);
    checkThreads(threads);
    double[] out = new double[rows];
    if (rows == 0 || d == 0) {
      return out;
    }
    int blockRows = Math.min(FORM_ROWS, rows);
    float[] product = new float[blockRows * d];
    for (int r0 = 0; r0 < rows; r0 += blockRows) {
      int count = Math.min(blockRows, rows - r0);
      run(new Product(x, r0 * d, d, false, m, d, false, product, d, d, Part.FOLDED), count, d, threads);
      for (int i = 0; i < count; i++) {
        int xBase = (r0 + i) * d;
        int pBase = i * d;
        double sum = 0;
        for (int p = 0; p < d; p++) {
          sum += (double) x[xBase + p] * product[pBase + p];
        }
        out[r0 + i] = sum;
      }
    }
    return out;
  }

  /**
   * The upper triangle (j ≥ i, and whatever else shares a register tile with it) of XᵀX for x with n rows of d
   * (row-major): c[i*d + j] = sum_r x[r*d+i] * x[r*d+j]. Entries wholly below the diagonal are left as they were:
   * the caller mirrors them. Shapes are the caller's to check.
   */
  static void gramUpper(float[] x, int n, int d, float[] c, int threads) {
    checkShape("x", x, n, d);
    checkShape("c", c, d, d);
    checkThreads(threads);
    run(new Product(x, 0, d, true, x, d, false, c, d, n, Part.UPPER), d, d, threads);
  }

  private static void checkShape(String name, float[] array, int rows, int cols) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException(name + ": negative shape " + rows + "×" + cols);
    }
    if (array == null) {
      throw new IllegalArgumentException(name + ": null array");
    }
    long need = (long) rows * cols;
    if (array.length < need) {
      throw new IllegalArgumentException(name + ": length " + array.length + " < " + rows + "×" + cols + " = " + need);
    }
  }

  private static void checkThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
  }

  /** Which part of the product is computed. */
  private enum Part {
    /** C = A·B in full. */
    FULL,
    /** Only the register tiles of C = A·B that reach the diagonal or above (B square, C symmetric). */
    UPPER,
    /** C = A·F with F = the upper triangle of B + Bᵀ, B's diagonal once (B square): rowwise a·(AF) = aᵀBa. */
    FOLDED
  }

  /**
   * One product's operands: A(i,p) = a[aOff + i*lda + p] (or a[aOff + p*lda + i] when aTransposed),
   * B(p,j) = b[p*ldb + j] (or b[j*ldb + p] when bTransposed), C(i,j) = c[i*ldc + j], depth d.
   */
  private static final class Product {
    final float[] a;
    final int aOff;
    final int lda;
    final boolean aTransposed;
    final float[] b;
    final int ldb;
    final boolean bTransposed;
    final float[] c;
    final int ldc;
    final int d;
    final Part part;

    Product(float[] a, int aOff, int lda, boolean aTransposed, float[] b, int ldb, boolean bTransposed, float[] c,
        int ldc, int d, Part part) {
      this.a = a;
      this.aOff = aOff;
      this.lda = lda;
      this.aTransposed = aTransposed;
      this.b = b;
      this.ldb = ldb;
      this.bTransposed = bTransposed;
      this.c = c;
      this.ldc = ldc;
      this.d = d;
      this.part = part;
    }
  }

  private static void run(Product product, int m, int n, int threads) {
    if (m == 0 || n == 0) {
      return;
    }
    if (product.d == 0) {
      for (int i = 0; i < m; i++) {
        java.util.Arrays.fill(product.c, i * product.ldc, i * product.ldc + n, 0f);
      }
      return;
    }
    long work = (long) m * n * product.d / (product.part == Part.FULL ? 1 : 2);
    int workers = (int) Math.min(threads, Math.max(1, work / PARALLEL_THRESHOLD));
    if (workers == 1) {
      new Worker(product, 0, m, 0, n).run();
      return;
    }
    // Split the larger side in units of whole tiles so no tile straddles two threads. A triangular product is split
    // by columns, at equal shares of work: column j costs ~j, so the first w of W shares end at sqrt(w/W).
    boolean triangular = product.part != Part.FULL;
    boolean splitColumns = triangular || n >= m;
    int extent = splitColumns ? n : m;
    int unit = splitColumns ? NR : MR;
    int units = (extent + unit - 1) / unit;
    workers = Math.min(workers, units);
    List<Thread> started = new ArrayList<>(workers - 1);
    Throwable[] failure = new Throwable[1];
    Worker own = null;
    for (int w = 0; w < workers; w++) {
      int from = Math.min(extent, share(units, w, workers, triangular) * unit);
      int to = Math.min(extent, share(units, w + 1, workers, triangular) * unit);
      Worker worker = splitColumns ? new Worker(product, 0, m, from, to) : new Worker(product, from, to, 0, n);
      if (w == workers - 1) {
        own = worker; // the calling thread takes the last share
      } else {
        Thread t = new Thread(worker, "gemm-" + w);
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
    try {
      own.run();
    } finally {
      joinAll(started); // the workers write into c: never return (or throw) while they still run
    }
    synchronized (failure) {
      if (failure[0] != null) {
        throw new IllegalStateException("GEMM worker failed", failure[0]);
      }
    }
  }

  /** First unit of share w of {@code workers}: even shares, or equal areas of a triangle. */
  private static int share(int units, int w, int workers, boolean triangular) {
    if (w >= workers) {
      return units;
    }
    return triangular ? (int) (units * Math.sqrt((double) w / workers)) : (int) ((long) units * w / workers);
  }

  private static void joinAll(List<Thread> threads) {
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

  /** One thread's share: rows [i0, i1) × columns [j0, j1) of C. */
  private static final class Worker implements Runnable {
    private final float[] a;
    private final int aOff;
    private final int lda;
    private final boolean aTransposed;
    private final float[] b;
    private final int ldb;
    private final boolean bTransposed;
    private final float[] c;
    private final int ldc;
    private final int d;
    private final Part part;
    private final int i0;
    private final int i1;
    private final int j0;
    private final int j1;

    Worker(Product product, int i0, int i1, int j0, int j1) {
      this.a = product.a;
      this.aOff = product.aOff;
      this.lda = product.lda;
      this.aTransposed = product.aTransposed;
      this.b = product.b;
      this.ldb = product.ldb;
      this.bTransposed = product.bTransposed;
      this.c = product.c;
      this.ldc = product.ldc;
      this.d = product.d;
      this.part = product.part;
      this.i0 = i0;
      this.i1 = i1;
      this.j0 = j0;
      this.j1 = j1;
    }

    @Override
    public void run() {
      int kcMax = Math.min(KC, d);
      int ncMax = Math.min(NC, roundUp(j1 - j0, NR));
      int mcMax = Math.min(MC, roundUp(i1 - i0, MR));
      float[] packedB = new float[ncMax * kcMax];
      float[] packedA = new float[mcMax * kcMax];
      float[] tile = new float[MR * NR];
      boolean upper = part == Part.UPPER;
      boolean folded = part == Part.FOLDED;
      for (int jc = j0; jc < j1; jc += NC) {
        int nc = Math.min(NC, j1 - jc);
        // Folded: F(k, j) = 0 for k > j, so depth stops at the block's last column.
        int pcEnd = folded ? Math.min(d, jc + nc) : d;
        // Upper: rows from the block's last column on are wholly below the diagonal.
        int icEnd = upper ? Math.min(i1, jc + nc) : i1;
        for (int pc = 0; pc < pcEnd; pc += KC) {
          int kc = Math.min(KC, pcEnd - pc);
          packB(jc, nc, pc, kc, packedB);
          for (int ic = i0; ic < icEnd; ic += MC) {
            int mc = Math.min(MC, icEnd - ic);
            packA(ic, mc, pc, kc, packedA);
            for (int jr = 0; jr < nc; jr += NR) {
              int cols = Math.min(NR, nc - jr);
              int j = jc + jr;
              int depth = folded ? Math.min(kc, j + cols - pc) : kc;
              if (depth <= 0) {
                continue; // only for pc > 0: nothing to add
              }
              int bOff = jr * kc;
              int irEnd = upper ? Math.min(mc, j + cols - ic) : mc;
              for (int ir = 0; ir < irEnd; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                int cOff = (ic + ir) * ldc + j;
                kernel(packedA, ir * kc, packedB, bOff, depth, tile);
                writeTile(tile, c, cOff, ldc, rows, cols, pc == 0);
              }
            }
          }
        }
      }
    }

    /** B columns [jc, jc+nc), depth [pc, pc+kc) into micro-panels of NR columns: panel[p*NR + jj], zero padded. */
    private void packB(int jc, int nc, int pc, int kc, float[] packed) {
      for (int jr = 0; jr < nc; jr += NR) {
        int cols = Math.min(NR, nc - jr);
        int base = jr * kc;
        int depth = kc;
        if (part == Part.FOLDED) {
          depth = Math.min(kc, jc + jr + cols - pc);
          if (depth <= 0) {
            continue; // the kernel skips this panel
          }
          packFolded(jc + jr, cols, pc, depth, packed, base);
        } else if (bTransposed) {
          for (int jj = 0; jj < cols; jj++) {
            int src = (jc + jr + jj) * ldb + pc;
            for (int p = 0; p < kc; p++) {
              packed[base + p * NR + jj] = b[src + p];
            }
          }
        } else {
          for (int p = 0; p < kc; p++) {
            System.arraycopy(b, (pc + p) * ldb + jc + jr, packed, base + p * NR, cols);
          }
        }
        if (cols < NR) {
          for (int p = 0; p < depth; p++) {
            java.util.Arrays.fill(packed, base + p * NR + cols, base + (p + 1) * NR, 0f);
          }
        }
      }
    }

    /** One panel of F = triu(B + Bᵀ) (diagonal once): columns [j, j+cols), depth [pc, pc+depth). */
    private void packFolded(int j, int cols, int pc, int depth, float[] packed, int base) {
      for (int p = 0; p < depth; p++) {
        System.arraycopy(b, (pc + p) * ldb + j, packed, base + p * NR, cols);
      }
      for (int jj = 0; jj < cols; jj++) {
        int col = j + jj;
        int row = col * ldb + pc; // B(col, k) read along row col: the transposed half
        int diagonal = col - pc; // p of k = col
        int below = Math.max(0, Math.min(depth, diagonal));
        for (int p = 0; p < below; p++) {
          packed[base + p * NR + jj] += b[row + p];
        }
        for (int p = Math.max(0, diagonal + 1); p < depth; p++) {
          packed[base + p * NR + jj] = 0f;
        }
      }
    }

    /** A rows [ic, ic+mc), depth [pc, pc+kc) into micro-panels of MR rows: panel[p*MR + r], zero padded. */
    private void packA(int ic, int mc, int pc, int kc, float[] packed) {
      for (int ir = 0; ir < mc; ir += MR) {
        int rows = Math.min(MR, mc - ir);
        int base = ir * kc;
        if (aTransposed) {
          for (int p = 0; p < kc; p++) {
            System.arraycopy(a, aOff + (pc + p) * lda + ic + ir, packed, base + p * MR, rows);
          }
        } else {
          for (int r = 0; r < rows; r++) {
            int src = aOff + (ic + ir + r) * lda + pc;
            for (int p = 0; p < kc; p++) {
              packed[base + p * MR + r] = a[src + p];
            }
          }
        }
        for (int r = rows; r < MR; r++) {
          for (int p = 0; p < kc; p++) {
            packed[base + p * MR + r] = 0f;
          }
        }
      }
    }
  }

  private static int roundUp(int x, int unit) {
    return (x + unit - 1) / unit * unit;
  }

  /**
   * The MR×NR register tile: tile = packedA-panel · packedB-panel over kc.
   * Written out in full so that every accumulator stays in a register.
   */
  private static void kernel(float[] pa, int aOff, float[] pb, int bOff, int kc, float[] tile) {
    FloatVector z = FloatVector.zero(SPECIES);
    FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
    FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
    int pb0 = bOff;
    int pa0 = aOff;
    for (int p = 0; p < kc; p++, pb0 += NR, pa0 += MR) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, pb, pb0);
      FloatVector b1 = FloatVector.fromArray(SPECIES, pb, pb0 + LANES);
      FloatVector av = FloatVector.broadcast(SPECIES, pa[pa0]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = FloatVector.broadcast(SPECIES, pa[pa0 + 1]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = FloatVector.broadcast(SPECIES, pa[pa0 + 2]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = FloatVector.broadcast(SPECIES, pa[pa0 + 3]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      av = FloatVector.broadcast(SPECIES, pa[pa0 + 4]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      av = FloatVector.broadcast(SPECIES, pa[pa0 + 5]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
      av = FloatVector.broadcast(SPECIES, pa[pa0 + 6]);
      c60 = av.fma(b0, c60);
      c61 = av.fma(b1, c61);
      av = FloatVector.broadcast(SPECIES, pa[pa0 + 7]);
      c70 = av.fma(b0, c70);
      c71 = av.fma(b1, c71);
    }
    // Accumulators leave through the scratch tile: passing vectors to a call that C2 does not inline would box them.
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

  /** C[rows×cols at cOff] (=|+=) the valid part of the scratch tile. */
  private static void writeTile(float[] tile, float[] c, int cOff, int ldc, int rows, int cols, boolean overwrite) {
    if (cols == NR) {
      for (int r = 0; r < rows; r++) {
        int dst = cOff + r * ldc;
        int src = r * NR;
        FloatVector t0 = FloatVector.fromArray(SPECIES, tile, src);
        FloatVector t1 = FloatVector.fromArray(SPECIES, tile, src + LANES);
        if (!overwrite) {
          t0 = t0.add(FloatVector.fromArray(SPECIES, c, dst));
          t1 = t1.add(FloatVector.fromArray(SPECIES, c, dst + LANES));
        }
        t0.intoArray(c, dst);
        t1.intoArray(c, dst + LANES);
      }
      return;
    }
    for (int r = 0; r < rows; r++) {
      int dst = cOff + r * ldc;
      int src = r * NR;
      for (int j = 0; j < cols; j++) {
        c[dst + j] = overwrite ? tile[src + j] : c[dst + j] + tile[src + j];
      }
    }
  }

}
