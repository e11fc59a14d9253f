package org.causaldensity.knn.exact;

import java.io.Serializable;
import java.util.Arrays;

/**
 * For each of {@code count} rows, the k nearest other rows found so far with their float64 distances (ascending,
 * ties by lower row), how many other rows were found at distance exactly 0, and a lower bound of the distance of
 * every other row not yet recomputed in float64 (+∞ when there is none). Partial results of different block pairs
 * {@link #merge} into the final one; a row is {@link #proven} when its bound exceeds its k-th distance.
 */
public final class BlockNeighbours implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int count;
  private final int k;
  private final int[] rows;
  private final double[] distances;
  private final int[] size;
  private final int[] zeros;
  private final double[] bound;

  /** Empty lists for {@code count} rows of k neighbours each. */
  public BlockNeighbours(int count, int k) {
    this.count = count;
    this.k = k;
    this.rows = new int[count * k];
    this.distances = new double[count * k];
    this.size = new int[count];
    this.zeros = new int[count];
    this.bound = new double[count];
    Arrays.fill(bound, Double.POSITIVE_INFINITY);
  }

  public int count() {
    return count;
  }

  public int k() {
    return k;
  }

  /**
   * Offers other row {@code row} at float64 distance {@code distance} to list r; a row already listed is ignored
   * (its distance is the same: recomputation is deterministic).
   */
  void offer(int r, int row, double distance) {
    int base = r * k;
    int n = size[r];
    if (n == k && !before(distance, row, distances[base + k - 1], rows[base + k - 1])) {
      return;
    }
    for (int i = 0; i < n; i++) {
      if (rows[base + i] == row) {
        return;
      }
    }
    int at = n == k ? k - 1 : n;
    while (at > 0 && before(distance, row, distances[base + at - 1], rows[base + at - 1])) {
      distances[base + at] = distances[base + at - 1];
      rows[base + at] = rows[base + at - 1];
      at--;
    }
    distances[base + at] = distance;
    rows[base + at] = row;
    if (n < k) {
      size[r] = n + 1;
    }
  }

  private static boolean before(double d1, int r1, double d2, int r2) {
    return d1 < d2 || (d1 == d2 && r1 < r2);
  }

  void addZeros(int r, int found) {
    zeros[r] += found;
  }

  void lowerBound(int r, double value) {
    if (value < bound[r]) {
      bound[r] = value;
    }
  }

  void setBound(int r, double value) {
    bound[r] = value;
  }

  /** Folds {@code other} (lists of the same rows from other block pairs) into this one; returns this. */
  public BlockNeighbours merge(BlockNeighbours other) {
    if (other.count != count || other.k != k) {
      throw new IllegalArgumentException("merging lists of different shapes");
    }
    for (int r = 0; r < count; r++) {
      int base = r * k;
      for (int i = 0; i < other.size[r]; i++) {
        offer(r, other.rows[base + i], other.distances[base + i]);
      }
      zeros[r] += other.zeros[r];
      lowerBound(r, other.bound[r]);
    }
    return this;
  }

  /** Neighbours listed for row r (k once the row has that many others). */
  public int size(int r) {
    return size[r];
  }

  /** The i-th nearest listed row of row r. */
  public int row(int r, int i) {
    return rows[r * k + i];
  }

  /** Its float64 distance. */
  public double distance(int r, int i) {
    return distances[r * k + i];
  }

  /** Other rows found at distance exactly 0 (all of them, not only those listed). */
  public int zeros(int r) {
    return zeros[r];
  }

  /** The lower bound of every other row's distance not recomputed in float64. */
  public double bound(int r) {
    return bound[r];
  }

  /** The k-th listed distance, +∞ while fewer than k are listed. */
  public double kth(int r) {
    return size[r] == k ? distances[r * k + k - 1] : Double.POSITIVE_INFINITY;
  }

  /**
   * Whether row r's list is provably its k nearest with ties by lower row: every row not recomputed is farther than
   * the k-th (a bound equal to the k-th distance is not enough: such a row could win the tie).
   */
  public boolean proven(int r) {
    return bound[r] == Double.POSITIVE_INFINITY || bound[r] > kth(r);
  }
}
