package org.causaldensity.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Rows [first, first + count) of the distance matrix: the unit a task reads at once. */
record RowRange(long first, int count) implements Serializable {

  /** Splits rows [0, n) into consecutive ranges of at most {@code rowsPerRange} rows. */
  static List<RowRange> split(long n, int rowsPerRange) {
    if (rowsPerRange < 1) {
      throw new IllegalArgumentException("rowsPerRange must be >= 1, got " + rowsPerRange);
    }
    List<RowRange> ranges = new ArrayList<>();
    for (long first = 0; first < n; first += rowsPerRange) {
      ranges.add(new RowRange(first, (int) Math.min(rowsPerRange, n - first)));
    }
    return ranges;
  }

  /** How many matrix rows of {@code n} float32 values fit in {@code bytes}, at least one. */
  static int rowsFitting(long n, long bytes) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE / Math.max(1, n), bytes / (4 * Math.max(1, n))));
  }
}
