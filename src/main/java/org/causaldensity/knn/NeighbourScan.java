package org.causaldensity.knn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Scans one row of a distance matrix in a single pass and keeps two bounded max-heaps: the k nearest valid other
 * columns (for the product) and the k smallest positive values of the whole row (for the notebook's density).
 * Buffers are reused between rows; one instance per thread.
 *
 * <p>Entries that are NaN, ±Infinity or negative are invalid: they are counted ({@link
 * TokenNeighbours#invalidCount()}) and never become neighbours. The notebook's semantics are kept for them too:
 * negatives and -Infinity count among its "k+1 smallest", +Infinity is a positive value and NaN sorts last.
 *
 * <p>Most entries of a long row are larger than both heaps' worst values; a vector pass skips those, and only
 * the rest go through the scalar bookkeeping.
 */
public final class NeighbourScan {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  private final int n;
  private final int k;
  private final int kept;
  /** The {@code kept} nearest valid other columns, ties by lower column. */
  private final NearestHeap near;
  /** Max-heap of the smallest positive values of the whole row (diagonal and +Infinity included). */
  private final float[] positiveValues;
  private int positiveSize;
  /** Entries of the whole row that are &lt;= 0 (including -0.0 and -Infinity). */
  private int nonPositive;
  private int zeroOthers;
  private int invalid;
  private int firstInvalid;

  /**
   * A scanner for rows of length n keeping k neighbours; k outside [1, n-1] is an IllegalArgumentException.
   */
  public NeighbourScan(int n, int k) {
    this(n, k, k);
  }

  /**
   * A scanner for rows of length n keeping the {@code kept} nearest neighbours, whose notebook density uses k: one
   * pass then serves every k' ≤ kept (the robustness grid). k or kept outside [1, n-1], or kept &lt; k, is an
   * IllegalArgumentException.
   */
  public NeighbourScan(int n, int k, int kept) {
    if (n < 2) {
      throw new IllegalArgumentException("n must be >= 2 (a token needs another token), got n = " + n);
    }
    if (k < 1 || k > n - 1) {
      throw new IllegalArgumentException("k must be in [1, n-1] = [1, " + (n - 1) + "], got k = " + k
          + " (n = " + n + ")");
    }
    if (kept < k || kept > n - 1) {
      throw new IllegalArgumentException("kept must be in [k, n-1] = [" + k + ", " + (n - 1) + "], got " + kept);
    }
    this.n = n;
    this.k = k;
    this.kept = kept;
    this.near = new NearestHeap(kept);
    this.positiveValues = new float[k];
  }

  /** Row length this scanner expects. */
  public int n() {
    return n;
  }

  /** The k of the notebook's density. */
  public int k() {
    return k;
  }

  /** Neighbours kept per row (≥ k). */
  public int kept() {
    return kept;
  }

  /**
   * Scans row {@code self} (values row[offset .. offset+n)). Self is excluded by index, never by value.
   * A range outside {@code rows} or self outside [0, n) is an IllegalArgumentException.
   */
  public TokenNeighbours scan(float[] rows, int offset, int self) {
    if (rows == null) {
      throw new IllegalArgumentException("rows: null array");
    }
    if (offset < 0 || (long) offset + n > rows.length) {
      throw new IllegalArgumentException("offset " + offset + " + n " + n + " exceeds rows.length " + rows.length);
    }
    if (self < 0 || self >= n) {
      throw new IllegalArgumentException("self must be in [0, " + (n - 1) + "], got " + self);
    }
    near.clear();
    positiveSize = 0;
    nonPositive = 0;
    zeroOthers = 0;
    invalid = 0;
    firstInvalid = -1;

    float skipFrom = skipFrom();
    int j = 0;
    int vectorEnd = SPECIES.loopBound(n);
    FloatVector largest = FloatVector.broadcast(SPECIES, Float.MAX_VALUE);
    FloatVector limit = FloatVector.broadcast(SPECIES, skipFrom);
    for (; j < vectorEnd; j += LANES) {
      FloatVector v = FloatVector.fromArray(SPECIES, rows, offset + j);
      // NaN fails both comparisons, so it is never skipped.
      VectorMask<Float> skip = v.compare(VectorOperators.GE, limit).and(v.compare(VectorOperators.LE, largest));
      if (!skip.allTrue()) {
        for (int lane = 0; lane < LANES; lane++) {
          float value = rows[offset + j + lane];
          if (!(value >= skipFrom && value <= Float.MAX_VALUE)) {
            visit(j + lane, value, self);
            skipFrom = skipFrom();
          }
        }
        limit = FloatVector.broadcast(SPECIES, skipFrom);
      }
    }
    for (; j < n; j++) {
      float value = rows[offset + j];
      if (!(value >= skipFrom && value <= Float.MAX_VALUE)) {
        visit(j, value, self);
        skipFrom = skipFrom();
      }
    }
    return result(self, rows[offset + self]);
  }

  /**
   * Finite entries at or above this change nothing: not below either full heap's worst value (an equal value
   * never displaces: same multiset, and a later column loses the tie), and positive (zeros must be counted).
   */
  private float skipFrom() {
    if (!near.isFull() || positiveSize < k) {
      return Float.POSITIVE_INFINITY;
    }
    return Math.max(Math.max(near.top(), positiveValues[0]), Float.MIN_VALUE);
  }

  private void visit(int column, float value, int self) {
    if (!(value >= 0f) || value == Float.POSITIVE_INFINITY) {
      invalid++;
      if (firstInvalid < 0) {
        firstInvalid = column;
      }
      if (value == Float.POSITIVE_INFINITY) {
        offerPositive(value);
      } else if (value < 0f) {
        nonPositive++;
      }
      return; // NaN: neither positive nor <= 0 for the notebook
    }
    if (value == 0f) {
      nonPositive++;
      if (column != self) {
        zeroOthers++;
      }
    } else {
      offerPositive(value);
    }
    if (column != self) {
      near.offer(value, column);
    }
  }

  private void offerPositive(float value) {
    if (positiveSize < k) {
      int i = positiveSize++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (!(value > positiveValues[parent])) {
          break;
        }
        positiveValues[i] = positiveValues[parent];
        i = parent;
      }
      positiveValues[i] = value;
    } else if (value < positiveValues[0]) {
      siftDownPositive(value, positiveSize);
    }
  }

  private void siftDownPositive(float value, int size) {
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      int right = child + 1;
      if (right < size && positiveValues[right] > positiveValues[child]) {
        child = right;
      }
      if (!(positiveValues[child] > value)) {
        break;
      }
      positiveValues[i] = positiveValues[child];
      i = child;
    }
    positiveValues[i] = value;
  }

  private TokenNeighbours result(int self, float selfDistance) {
    // Heap-sort both heaps in place: popping the max to the end leaves them ascending.
    near.sortAscending();
    int[] indices = near.columnsCopy();
    float[] distances = near.valuesCopy();

    for (int end = positiveSize - 1; end > 0; end--) {
      float top = positiveValues[0];
      siftDownPositive(positiveValues[end], end);
      positiveValues[end] = top;
    }
    // np.partition(row, k)[:k+1] holds every value <= 0 first; what remains for positives is k+1-nonPositive
    // places, of which [:k] keeps at most k.
    int positivesKept = Math.min(Math.min(k, k + 1 - nonPositive), positiveSize);
    double notebookMean = Double.NaN;
    if (positivesKept > 0) {
      double sum = 0;
      for (int i = 0; i < positivesKept; i++) {
        sum += positiveValues[i];
      }
      notebookMean = (float) (sum / positivesKept);
    }
    return new TokenNeighbours(self, selfDistance, indices, distances, zeroOthers, notebookMean, invalid,
        firstInvalid);
  }
}
