package org.causaldensity.linalg;

/**
 * The scatter Σ (x − x̄)(x − x̄)ᵀ of a block of rows, through {@link Gemm}: the rows are centred on their own mean
 * (in float64, then stored as float32) and multiplied with themselves, the upper triangle only (the scatter is
 * symmetric; the lower one is mirrored): the kernel's speed on half the multiply-adds, instead of a plain loop's
 * (ScatterBenchmark measures both).
 */
public final class Scatter {
  private Scatter() {}

  /**
   * Scatter of rows {@code rows[0 .. n*d)} (row-major, n rows of d values) as a row-major d×d array; writes the block
   * mean into {@code mean} (length d). An empty block (n = 0) gives zeros.
   */
  public static double[] of(float[] rows, int n, int d, double[] mean, int threads) {
    double[] scatter = new double[d * d];
    if (n == 0) {
      checkShapes(rows, n, d, mean);
      java.util.Arrays.fill(mean, 0);
      return scatter;
    }
    float[] product = new float[d * d];
    upper(rows, n, d, mean, new float[n * d], product, threads);
    mirrorUpper(product, d, scatter);
    return scatter;
  }

  /**
   * The upper triangle (j ≥ i) of the scatter of rows {@code rows[0 .. n*d)} into {@code product} (row-major d×d,
   * float32; entries below the diagonal are left unspecified), and the block mean into {@code mean}. {@code centred}
   * is scratch of at least n×d floats. For callers that fold many blocks into one accumulator (see {@code
   * CovarianceAccumulator#addScatterUpper}) without allocating a d×d array per block.
   */
  public static void upper(float[] rows, int n, int d, double[] mean, float[] centred, float[] product,
      int threads) {
    checkShapes(rows, n, d, mean);
    if (centred.length < (long) n * d || product.length < (long) d * d) {
      throw new IllegalArgumentException("scratch of " + centred.length + " and product of " + product.length
          + " floats cannot hold " + n + "×" + d + " and " + d + "×" + d);
    }
    java.util.Arrays.fill(mean, 0);
    if (n == 0) {
      java.util.Arrays.fill(product, 0, d * d, 0f);
      return;
    }
    for (int r = 0; r < n; r++) {
      for (int a = 0; a < d; a++) {
        mean[a] += rows[r * d + a];
      }
    }
    for (int a = 0; a < d; a++) {
      mean[a] /= n;
    }
    // Centred in float64, stored as float32: XᵀX of the centred rows, read column-wise by the packing (no transpose).
    for (int r = 0; r < n; r++) {
      int base = r * d;
      for (int a = 0; a < d; a++) {
        centred[base + a] = (float) (rows[base + a] - mean[a]);
      }
    }
    // Symmetric: only the upper triangle is multiplied (about half the work).
    Gemm.gramUpper(centred, n, d, product, threads);
  }

  private static void checkShapes(float[] rows, int n, int d, double[] mean) {
    if (n < 0 || d < 1 || rows.length < (long) n * d || mean.length != d) {
      throw new IllegalArgumentException("rows of length " + rows.length + " cannot hold n = " + n + " rows of d = "
          + d + " values (mean has " + mean.length + ")");
    }
  }

  /** Tile edge of the mirroring copy: two tiles of floats and doubles stay in L1. */
  private static final int MIRROR_TILE = 64;

  /** out[i*d+j] = upper[min(i,j)*d + max(i,j)], widened, in tiles so the transposed reads stay in cache. */
  static void mirrorUpper(float[] upper, int d, double[] out) {
    for (int i0 = 0; i0 < d; i0 += MIRROR_TILE) {
      int i1 = Math.min(d, i0 + MIRROR_TILE);
      for (int j0 = i0; j0 < d; j0 += MIRROR_TILE) {
        int j1 = Math.min(d, j0 + MIRROR_TILE);
        for (int i = i0; i < i1; i++) {
          int row = i * d;
          for (int j = Math.max(i, j0); j < j1; j++) {
            double v = upper[row + j];
            out[row + j] = v;
            out[j * d + i] = v;
          }
        }
      }
    }
  }
}
