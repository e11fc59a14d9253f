package org.causaldensity.knn.exact;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.causaldensity.knn.NearestHeap;
import org.causaldensity.linalg.Gemm;

/**
 * One block pair of the exact all-pairs kNN: the float32 GEMM of the two blocks' fast rows, then for every row of
 * both blocks (symmetry: one product serves the rows of each side) a single pass that keeps the {@code k + margin}
 * smallest lower bounds ℓ of the squared distance ({@link FastPassBound#lowerSquare}), catches every bit-identical
 * other row (their ℓ cannot exceed {@link FastPassBound#zeroCeiling}), recomputes candidates in float64 in ascending
 * ℓ until the bound proves the rest cannot enter the k nearest, and
 * records the bound for what the pass discarded. One instance per thread (it reuses its scratch).
 */
public final class PairScan {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  /**
   * Candidates kept beyond k by the fast pass: the larger, the fewer rows need widening (measured at 8,000 synthetic
   * tokens: 11.8% of rows widened with 12, 10.3% with 44; docs/EXACT_KNN.md); recomputation stops by the bound, so
   * a larger heap costs little.
   */
  public static final int CANDIDATE_MARGIN = 44;

  private final int k;
  private final int keep;
  private final FastPassBound bound;
  private final NearestHeap heap;
  private float[] product = new float[0];
  private float[] transposed = new float[0];
  private float[] row = new float[0];

  /** A scanner for k neighbours of rows of length {@code dim}. */
  public PairScan(int k, int dim) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    this.k = k;
    this.keep = k + CANDIDATE_MARGIN;
    this.bound = new FastPassBound(dim);
    this.heap = new NearestHeap(keep);
  }

  /**
   * The partial neighbour lists of block pair (a, b): {@code [0]} for the rows of a, {@code [1]} for the rows of b
   * (the same object when a is b). Rows are global: a's first row is a.first.
   */
  public BlockNeighbours[] pair(WhitenedBlock a, WhitenedBlock b, int threads) {
    if (a.dim != b.dim) {
      throw new IllegalArgumentException("blocks of different row lengths: " + a.dim + " and " + b.dim);
    }
    boolean same = a == b;
    int ca = a.count;
    int cb = b.count;
    if (product.length < ca * cb) {
      product = new float[ca * cb];
    }
    Gemm.multiplyTransposed(a.fast, ca, b.fast, cb, a.dim, product, threads);
    BlockNeighbours forA = new BlockNeighbours(ca, k);
    scanRows(a, b, product, same, forA);
    if (same) {
      return new BlockNeighbours[] {forA, forA};
    }
    if (transposed.length < ca * cb) {
      transposed = new float[ca * cb];
    }
    transpose(product, ca, cb, transposed);
    BlockNeighbours forB = new BlockNeighbours(cb, k);
    scanRows(b, a, transposed, false, forB);
    return new BlockNeighbours[] {forA, forB};
  }

  private static void transpose(float[] src, int rows, int cols, float[] dst) {
    final int tile = 64;
    for (int i0 = 0; i0 < rows; i0 += tile) {
      int i1 = Math.min(rows, i0 + tile);
      for (int j0 = 0; j0 < cols; j0 += tile) {
        int j1 = Math.min(cols, j0 + tile);
        for (int i = i0; i < i1; i++) {
          for (int j = j0; j < j1; j++) {
            dst[j * rows + i] = src[i * cols + j];
          }
        }
      }
    }
  }

  /**
   * Rows of {@code rows} against columns of {@code cols}; {@code dots[r*cols.count + j]} = fᵣᵀfⱼ. Columns are ranked
   * by {@link FastPassBound#lowerSquare} (d̂² less the bound's slack with both rows' own norms), so the heap's largest
   * kept value bounds every column it dropped.
   */
  private void scanRows(WhitenedBlock rows, WhitenedBlock cols, float[] dots, boolean same, BlockNeighbours out) {
    int cb = cols.count;
    if (row.length < cb) {
      row = new float[cb];
    }
    FloatVector two = FloatVector.broadcast(SPECIES, 2f);
    FloatVector slack = FloatVector.broadcast(SPECIES, bound.squareSlack());
    int vectorEnd = SPECIES.loopBound(cb);
    for (int r = 0; r < rows.count; r++) {
      double normR = rows.fastNorms[r];
      float squareR = rows.fastSquares[r];
      float normUpR = rows.fastNormsUp[r];
      int base = r * cb;
      // d̂² = ‖f_r‖² + ‖f_j‖² − 2 f_rᵀf_j, less (c+4u)(‖f_r‖+‖f_j‖)²: all float32, as FastPassBound.lowerSquare.
      FloatVector sr = FloatVector.broadcast(SPECIES, squareR);
      FloatVector nr = FloatVector.broadcast(SPECIES, normUpR);
      int j = 0;
      for (; j < vectorEnd; j += LANES) {
        FloatVector v = sr.add(FloatVector.fromArray(SPECIES, cols.fastSquares, j))
            .sub(two.mul(FloatVector.fromArray(SPECIES, dots, base + j)));
        FloatVector s = nr.add(FloatVector.fromArray(SPECIES, cols.fastNormsUp, j));
        v.sub(slack.mul(s.mul(s))).intoArray(row, j);
      }
      for (; j < cb; j++) {
        row[j] = bound.lowerSquare(squareR + cols.fastSquares[j] - 2f * dots[base + j], normUpR,
            cols.fastNormsUp[j]);
      }
      float zeroCeiling = Math.nextUp(bound.zeroCeiling(normR, cols.maxFastNorm));
      heap.clear();
      float skipFrom = Float.POSITIVE_INFINITY;
      int zeros = 0;
      j = 0;
      for (; j < vectorEnd; j += LANES) {
        FloatVector v = FloatVector.fromArray(SPECIES, row, j);
        if (v.compare(VectorOperators.LT, skipFrom).anyTrue()) {
          for (int lane = 0; lane < LANES; lane++) {
            float value = row[j + lane];
            if (value < skipFrom) {
              zeros += visit(rows, r, cols, j + lane, value, same, out);
              skipFrom = skipFrom(zeroCeiling);
            }
          }
        }
      }
      for (; j < cb; j++) {
        float value = row[j];
        if (value < skipFrom) {
          zeros += visit(rows, r, cols, j, value, same, out);
          skipFrom = skipFrom(zeroCeiling);
        }
      }
      out.addZeros(r, zeros);
      if (heap.isFull()) {
        // Every column the heap dropped had a lower square ≥ its largest kept value.
        out.lowerBound(r, bound.distanceBound(heap.top(), normR, cols.maxFastNorm));
      }
      recompute(rows, r, cols, out);
    }
  }

  private float skipFrom(float zeroCeiling) {
    return heap.isFull() ? Math.max(heap.top(), zeroCeiling) : Float.POSITIVE_INFINITY;
  }

  /** One entry below the skip threshold: a bit-identical row (returns 1), or a heap candidate. */
  private int visit(WhitenedBlock rows, int r, WhitenedBlock cols, int j, float value, boolean same,
      BlockNeighbours out) {
    if (same && j == r) {
      return 0;
    }
    if (value <= bound.zeroCeiling(rows.fastNorms[r], cols.fastNorms[j])
        && WhitenedBlock.sameRow(rows.exact, r, cols.exact, j, rows.dim)) {
      out.offer(r, cols.first + j, 0.0);
      return 1;
    }
    heap.offer(value, j);
    return 0;
  }

  /**
   * Recomputes the heap's candidates in float64, in ascending d̂², until the bound (with the block's largest norm, so
   * monotone in d̂²) exceeds the k-th distance listed: those left cannot enter the k nearest.
   */
  private void recompute(WhitenedBlock rows, int r, WhitenedBlock cols, BlockNeighbours out) {
    heap.sortAscending();
    double normR = rows.fastNorms[r];
    for (int i = 0; i < heap.size(); i++) {
      if (out.size(r) == k && bound.distanceBound(heap.value(i), normR, cols.maxFastNorm) > out.kth(r)) {
        break;
      }
      int j = heap.column(i);
      if (out.size(r) == k && bound.distanceBound(heap.value(i), normR, cols.fastNorms[j]) > out.kth(r)) {
        continue; // this one cannot enter; a later one with a smaller norm still might
      }
      out.offer(r, cols.first + j, WhitenedBlock.distance(rows.exact, r, cols.exact, j, rows.dim));
    }
  }

  /**
   * Widening for rows whose fast pass could not prove their lists: every column j of {@code cols} whose lower bound
   * does not exceed {@code limits[w]} (the row's k-th distance so far) is recomputed in float64. Row w of {@code rows}
   * is global row {@code globalRows[w]} (excluded from its own list). The result's bound for row w is the smallest
   * lower bound among the columns not recomputed (+∞ when all were), so merged with the row's list it proves it.
   */
  public BlockNeighbours widen(WhitenedBlock rows, int[] globalRows, double[] limits, WhitenedBlock cols,
      int threads) {
    int cw = rows.count;
    int cb = cols.count;
    if (product.length < cw * cb) {
      product = new float[cw * cb];
    }
    Gemm.multiplyTransposed(rows.fast, cw, cols.fast, cb, rows.dim, product, threads);
    BlockNeighbours out = new BlockNeighbours(cw, k);
    for (int w = 0; w < cw; w++) {
      double normW = rows.fastNorms[w];
      float squareW = rows.fastSquares[w];
      double skipped = Double.POSITIVE_INFINITY;
      for (int j = 0; j < cb; j++) {
        int global = cols.first + j;
        if (global == globalRows[w]) {
          continue;
        }
        float value = bound.lowerSquare(squareW + cols.fastSquares[j] - 2f * product[w * cb + j],
            rows.fastNormsUp[w], cols.fastNormsUp[j]);
        double lower = bound.distanceBound(value, normW, cols.fastNorms[j]);
        if (lower <= limits[w]) {
          out.offer(w, global, WhitenedBlock.distance(rows.exact, w, cols.exact, j, rows.dim));
        } else if (lower < skipped) {
          skipped = lower;
        }
      }
      out.setBound(w, skipped);
    }
    return out;
  }
}
