package org.causaldensity.demo;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.LongAdder;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.HalfFloats;

/**
 * Streams the N×N matrix of causal distances d_ij = ‖γ_i − γ_j‖_M between the BF16 embedding rows of the sampled
 * tokens into a {@code .npy} file, one block of rows at a time (a 32,000² matrix is 4.1 GB; at most one row block
 * of it is in memory).
 *
 * <h2>How each entry is computed, and what it guarantees</h2>
 * With w = Λ^{1/2} Qᵀ γ (see {@link CausalMetric}) computed in double from the BF16 values and stored as float32,
 * and n_i = ‖w_i‖² summed in double:
 * <ul>
 *   <li>d_ii = 0, and d_ij = 0.0f exactly when rows i and j have identical BF16 bits (and only then);</li>
 *   <li>otherwise s = n_i + n_j and e = s − 2 (w_i·w_j), the dot product from a float32 GEMM;</li>
 *   <li>if e &lt; {@link #EXACT_BELOW} · s (near neighbours, where the expansion cancels badly), d_ij is
 *       recomputed from the difference of the BF16 rows, whitened and summed in double: correct to float32
 *       rounding with respect to the exact Q Λ Qᵀ (about 1e-7 relative against the float32-rounded M stored in
 *       the .pt file); such entries are never 0 for distinct rows;</li>
 *   <li>else d_ij = √e: if the GEMM's dot product is within u · ‖w_i‖ ‖w_j‖ of exact, the relative error of
 *       d_ij is at most u / (2 · EXACT_BELOW) = 8u plus float32 rounding; a float32 GEMM over d ≤ 2560 terms has
 *       u of order 1e-6 (worst case d · 2⁻²⁴ ≈ 1.5e-4), and tests assert 1e-5 relative.</li>
 * </ul>
 * Measured against float64 brute force with the stored M (70 rows of the 32,000 × 32,000 matrix at d = 2560, with
 * linalg.Gemm): worst relative error 2.5e-6 for expansion entries, 4.7e-8 for near neighbours.
 *
 * <h2>Symmetry</h2>
 * d_ij and d_ji are bitwise equal by construction: the rows are cut into blocks, and the dot products of
 * block pair (I, J) with I ≤ J always come from the same product call {@code A = W_I, B = W_J}, read transposed
 * for the rows of J (within a diagonal block, the upper triangle's value serves both); everything after the dot
 * product is symmetric in i and j. This needs only that {@link MatrixProducts} is deterministic. Each
 * off-diagonal block pair is computed twice (once for each row block it serves), which doubles the arithmetic
 * but keeps memory at one row block.
 */
final class CausalDistances {
  private CausalDistances() {}

  /** Entries with e below this fraction of n_i + n_j are recomputed exactly from the difference. */
  static final double EXACT_BELOW = 1.0 / 16;
  /** Rows per block: large enough for an efficient product, small enough to keep one row block in memory. */
  static final int DEFAULT_BLOCK_ROWS = 512;

  /** Counts of off-diagonal entries (i ≠ j, so each unordered pair counts twice). */
  record Summary(long identicalEntries, long recomputedEntries) {}

  /** Writes the matrix for the {@code tokens} BF16 rows of {@code bf16Rows} (row-major, tokens × hidden). */
  static Summary write(String path, Configuration conf, short[] bf16Rows, int tokens, CausalMetric metric,
      MatrixProducts products, ExecutorService executor, int threads, int blockRows) {
    int hidden = metric.hidden();
    int blocks = (tokens + blockRows - 1) / blockRows;
    float[][] whitened = new float[blocks][];
    double[] norms = new double[tokens];
    for (int b = 0; b < blocks; b++) {
      whitened[b] = new float[rowsOf(b, blockRows, tokens) * hidden];
    }
    Parallel.forRange(executor, threads, 0, tokens, (from, to) -> {
      double[] w = new double[hidden];
      for (int i = from; i < to; i++) {
        for (int k = 0; k < hidden; k++) {
          w[k] = HalfFloats.fromBfloat16(bf16Rows[i * hidden + k]);
        }
        metric.whiten(w);
        float[] block = whitened[i / blockRows];
        int offset = (i % blockRows) * hidden;
        double norm = 0;
        for (int k = 0; k < hidden; k++) {
          float value = (float) w[k];
          block[offset + k] = value;
          norm += (double) value * value;
        }
        norms[i] = norm;
      }
    });
    int[] canonical = identicalRows(bf16Rows, tokens, hidden);
    Entries entries = new Entries(bf16Rows, hidden, metric, norms, canonical);

    int maxRows = Math.min(blockRows, tokens);
    float[] rowBlock = new float[maxRows * tokens];
    float[] products1 = new float[maxRows * maxRows];
    try (NpyWriter writer = NpyWriter.create(path, conf, tokens, tokens)) {
      for (int bi = 0; bi < blocks; bi++) {
        int i0 = bi * blockRows;
        int m = rowsOf(bi, blockRows, tokens);
        for (int bj = 0; bj < blocks; bj++) {
          int j0 = bj * blockRows;
          int mj = rowsOf(bj, blockRows, tokens);
          int relation = Integer.compare(bi, bj);
          if (relation <= 0) {
            products.multiplyTransposed(whitened[bi], m, whitened[bj], mj, hidden, products1, threads);
          } else {
            products.multiplyTransposed(whitened[bj], mj, whitened[bi], m, hidden, products1, threads);
          }
          Parallel.forRange(executor, threads, 0, m, (from, to) -> {
            double[] scratch = new double[hidden];
            for (int a = from; a < to; a++) {
              int out = a * tokens + j0;
              for (int b = 0; b < mj; b++) {
                float dot;
                if (relation < 0) {
                  dot = products1[a * mj + b];
                } else if (relation > 0) {
                  dot = products1[b * m + a];
                } else {
                  dot = products1[Math.min(a, b) * m + Math.max(a, b)];
                }
                rowBlock[out + b] = entries.distance(i0 + a, j0 + b, dot, scratch);
              }
            }
          });
        }
        writer.writeRows(rowBlock, m);
      }
    }
    return new Summary(entries.identical.sum(), entries.recomputed.sum());
  }

  private static int rowsOf(int block, int blockRows, int tokens) {
    return Math.min(blockRows, tokens - block * blockRows);
  }

  /** canonical[i] = the first row with the same BF16 bits as row i. */
  static int[] identicalRows(short[] bf16Rows, int tokens, int hidden) {
    Map<RowKey, Integer> first = new HashMap<>();
    int[] canonical = new int[tokens];
    for (int i = 0; i < tokens; i++) {
      canonical[i] = first.computeIfAbsent(new RowKey(bf16Rows, i * hidden, hidden), key -> key.offset / hidden);
    }
    return canonical;
  }

  /** A row of the BF16 matrix, compared by content. */
  private static final class RowKey {
    private final short[] data;
    private final int offset;
    private final int length;
    private final int hash;

    RowKey(short[] data, int offset, int length) {
      this.data = data;
      this.offset = offset;
      this.length = length;
      int h = 1;
      for (int k = offset; k < offset + length; k++) {
        h = 31 * h + data[k];
      }
      this.hash = h;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof RowKey key && key.hash == hash
          && Arrays.equals(data, offset, offset + length, key.data, key.offset, key.offset + length);
    }
  }

  /** The per-entry rule of the class comment. */
  static final class Entries {
    private final short[] bf16Rows;
    private final int hidden;
    private final CausalMetric metric;
    private final double[] norms;
    private final int[] canonical;
    final LongAdder identical = new LongAdder();
    final LongAdder recomputed = new LongAdder();

    Entries(short[] bf16Rows, int hidden, CausalMetric metric, double[] norms, int[] canonical) {
      this.bf16Rows = bf16Rows;
      this.hidden = hidden;
      this.metric = metric;
      this.norms = norms;
      this.canonical = canonical;
    }

    /** d_ij from the GEMM's dot product of the whitened float32 rows; symmetric in i and j. */
    float distance(int i, int j, float dot, double[] scratch) {
      if (canonical[i] == canonical[j]) {
        if (i != j) {
          identical.increment();
        }
        return 0f;
      }
      double sum = norms[i] + norms[j];
      double squared = sum - 2.0 * dot;
      if (squared < EXACT_BELOW * sum) {
        recomputed.increment();
        return exact(Math.min(i, j), Math.max(i, j), scratch);
      }
      return (float) Math.sqrt(squared);
    }

    /** ‖Λ^{1/2} Qᵀ (γ_i − γ_j)‖ in double from the BF16 rows (their difference is exact in double). */
    float exact(int i, int j, double[] scratch) {
      for (int k = 0; k < hidden; k++) {
        scratch[k] = (double) HalfFloats.fromBfloat16(bf16Rows[i * hidden + k])
            - HalfFloats.fromBfloat16(bf16Rows[j * hidden + k]);
      }
      metric.whiten(scratch);
      return (float) Streams.norm(scratch);
    }
  }
}
