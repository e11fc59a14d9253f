package org.causaldensity.answer;


/** Checks on per-token k-nearest-neighbour distance rows before an estimator reads them. */
final class NeighbourDistances {
  static final String SUBJECT = "knn distances";

  private NeighbourDistances() {}

  /**
   * Every row must hold at least {@code needed} distances that are finite, ≥ 0 and ascending over those
   * {@code needed} places; anything else names the row and the bad value.
   */
  static void check(double[][] rows, int needed) {
    if (rows == null) {
      throw new IllegalArgumentException("knnDistances must not be null");
    }
    for (int i = 0; i < rows.length; i++) {
      double[] row = rows[i];
      if (row == null || row.length < needed) {
        throw InvalidArgument.of(SUBJECT, "token %d has %d neighbour distances, expected at least %d",
            i, row == null ? 0 : row.length, needed);
      }
      double previous = 0;
      for (int j = 0; j < needed; j++) {
        double r = row[j];
        if (!(r >= 0) || r == Double.POSITIVE_INFINITY) {
          throw InvalidArgument.of(SUBJECT, "token %d neighbour %d has distance %s, expected finite and >= 0",
              i, j + 1, r);
        }
        if (r < previous) {
          throw InvalidArgument.of(SUBJECT, "token %d neighbour %d has distance %s below the previous %s, "
              + "expected ascending distances", i, j + 1, r, previous);
        }
        previous = r;
      }
    }
  }
}
