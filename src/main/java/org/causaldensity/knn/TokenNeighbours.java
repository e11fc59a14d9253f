package org.causaldensity.knn;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One token's row of the distance matrix, reduced by {@link NeighbourScan}: its nearest other columns and the
 * numbers the notebook and the product derive from the row. Immutable; serialisable so that a distributed scan can
 * send it back (O(k) numbers per row).
 */
public final class TokenNeighbours implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int self;
  private final float selfDistance;
  private final int[] indices;
  private final float[] distances;
  private final int exactDuplicates;
  private final double notebookMeanDistance;
  private final int invalidCount;
  private final int firstInvalidColumn;

  TokenNeighbours(int self, float selfDistance, int[] indices, float[] distances, int exactDuplicates,
      double notebookMeanDistance, int invalidCount, int firstInvalidColumn) {
    this.self = self;
    this.selfDistance = selfDistance;
    this.indices = indices;
    this.distances = distances;
    this.exactDuplicates = exactDuplicates;
    this.notebookMeanDistance = notebookMeanDistance;
    this.invalidCount = invalidCount;
    this.firstInvalidColumn = firstInvalidColumn;
  }

  /**
   * A row whose nearest others were found without a matrix (the exact matrix-free path): its row {@code self}, the
   * neighbours' rows and float64 distances (ascending, ties by lower row, self excluded), and how many other rows lie
   * at distance exactly 0 (all of them, which may exceed the list). Distances are rounded to float32, as a matrix's
   * would be; the diagonal is 0 and no distance is invalid. The notebook's mean at {@code notebookK} (≤ the list's
   * length) follows from the list alone: the row's notebookK+1 smallest values are its diagonal and the first
   * notebookK listed, so its positives are those after the zeros, none when the zeros fill them.
   */
  public static TokenNeighbours ofExact(int self, int[] rows, double[] distances, int exactDuplicates,
      int notebookK) {
    if (rows.length != distances.length || exactDuplicates < 0 || notebookK < 1 || notebookK > rows.length) {
      throw new IllegalArgumentException("rows and distances differ in length, a negative duplicate count, or "
          + "notebookK " + notebookK + " outside [1, " + rows.length + "]");
    }
    float[] rounded = new float[distances.length];
    double sum = 0;
    int positives = 0;
    for (int i = 0; i < distances.length; i++) {
      rounded[i] = (float) distances[i];
      if (i < notebookK && rounded[i] > 0) {
        sum += rounded[i];
        positives++;
      }
    }
    // np.partition(row, k)[:k+1]: the diagonal and every exact zero come first; with k or more zeros none is left.
    int kept = exactDuplicates >= notebookK ? 0 : positives;
    double notebookMean = kept > 0 ? (float) (sum / kept) : Double.NaN;
    return new TokenNeighbours(self, 0f, rows.clone(), rounded, exactDuplicates, notebookMean, 0, -1);
  }

  /**
   * These neighbours cut to the nearest {@code k} (all of them when there are fewer); every other value is the same.
   * k &lt; 0 is an IllegalArgumentException.
   */
  public TokenNeighbours nearest(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0, got " + k);
    }
    if (k >= indices.length) {
      return this;
    }
    return new TokenNeighbours(self, selfDistance, Arrays.copyOf(indices, k), Arrays.copyOf(distances, k),
        exactDuplicates, notebookMeanDistance, invalidCount, firstInvalidColumn);
  }

  /** The scanned row's own column (its diagonal). */
  public int self() {
    return self;
  }

  /** The row's diagonal value, as stored (the notebook expects 0; it may not be). */
  public float selfDistance() {
    return selfDistance;
  }

  /** How many neighbours were found: k, or fewer when the row has fewer than k valid other entries. */
  public int size() {
    return indices.length;
  }

  /** Columns of the nearest other tokens, by ascending distance, ties by lower column; a copy. */
  public int[] indices() {
    return indices.clone();
  }

  /** Distances matching {@link #indices()}, ascending; a copy. */
  public float[] distances() {
    return distances.clone();
  }

  /** The i-th nearest column (0-based); IndexOutOfBoundsException outside [0, size()). */
  public int index(int i) {
    return indices[i];
  }

  /** The i-th smallest distance (0-based); IndexOutOfBoundsException outside [0, size()). */
  public float distance(int i) {
    return distances[i];
  }

  /** Distance to the farthest of the neighbours (the k-th distance r_k); NaN when there are none. */
  public float kthDistance() {
    return indices.length == 0 ? Float.NaN : distances[indices.length - 1];
  }

  /** How many other columns are at distance exactly 0 (+0.0 or -0.0): duplicates of this token. */
  public int exactDuplicates() {
    return exactDuplicates;
  }

  /** Float64 mean of the neighbour distances (zeros included); NaN when there are none. */
  public double meanDistance() {
    if (distances.length == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (float d : distances) {
      sum += d;
    }
    return sum / distances.length;
  }

  /**
   * The notebook's mean distance: of the k+1 smallest values of the whole row (diagonal included, NaN ordered
   * last as np.partition does), the values &gt; 0, at most k of them (the smallest), averaged and rounded to
   * float32 as numpy's float32 mean. NaN when no value is left (numpy's empty mean).
   */
  public double notebookMeanDistance() {
    return notebookMeanDistance;
  }

  /** The notebook's density: 1 / {@link #notebookMeanDistance()} when that is &gt; 0, else 0 (NaN gives 0). */
  public double notebookDensity() {
    return notebookMeanDistance > 0 ? 1.0 / notebookMeanDistance : 0.0;
  }

  /** How many entries of the whole row (diagonal included) are NaN, ±Infinity or negative (-0.0 is not). */
  public int invalidCount() {
    return invalidCount;
  }

  /** The lowest column holding an invalid entry; -1 when there is none. */
  public int firstInvalidColumn() {
    return firstInvalidColumn;
  }

  @Override
  public String toString() {
    return "TokenNeighbours{self=" + self + ", indices=" + Arrays.toString(indices) + ", distances="
        + Arrays.toString(distances) + ", exactDuplicates=" + exactDuplicates + ", invalid=" + invalidCount + "}";
  }
}
