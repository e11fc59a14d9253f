package org.causaldensity.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.causaldensity.inputs.AnalysisOptions;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.knn.TokenNeighbours;

/**
 * What the scan saw of the matrix on the way, summed over every row: invalid distances (NaN, infinite, negative)
 * and rows with a non-zero diagonal entry. Not per-token data: the run's refusal and warnings come from it.
 *
 * @param firstInvalidRow lowest row with an invalid distance, -1 when none
 * @param firstInvalidColumn that row's first invalid column, -1 when none
 */
record MatrixChecks(long invalidTotal, int firstInvalidRow, int firstInvalidColumn, int nonZeroDiagonal) {

  /** The checks of the scanned rows, in any order. */
  static MatrixChecks of(List<TokenNeighbours> scanned) {
    long invalidTotal = 0;
    int firstRow = -1;
    int firstColumn = -1;
    int nonZeroDiagonal = 0;
    for (TokenNeighbours t : scanned) {
      int invalid = t.invalidCount();
      if (invalid > 0 && (firstRow < 0 || t.self() < firstRow)) {
        firstRow = t.self();
        firstColumn = t.firstInvalidColumn();
      }
      invalidTotal += invalid;
      if (t.selfDistance() != 0f) {
        nonZeroDiagonal++;
      }
    }
    return new MatrixChecks(invalidTotal, firstRow, firstColumn, nonZeroDiagonal);
  }

  /** Invalid distances stop the run with {@code --on-invalid error}, naming the matrix file and the first one. */
  void refuseInvalid(AnalysisOptions options) {
    if (invalidTotal > 0 && options.onInvalid() == AnalysisOptions.OnInvalid.ERROR) {
      throw CausalDensityException.inconsistent(options.distancesSource(), "%d distances are NaN, infinite or negative; "
          + "the first is at row %d, column %d (use --on-invalid skip to leave them out)", invalidTotal,
          firstInvalidRow, firstInvalidColumn);
    }
  }

  /** The input warnings, then this scan's (non-zero diagonal, skipped invalid distances). */
  List<String> warnings(List<String> inputWarnings) {
    List<String> all = new ArrayList<>(inputWarnings);
    if (nonZeroDiagonal > 0) {
      all.add(String.format(Locale.ROOT, "%d rows have a non-zero diagonal entry (self is excluded by index)",
          nonZeroDiagonal));
    }
    if (invalidTotal > 0) {
      all.add(String.format(Locale.ROOT, "%d NaN, infinite or negative distances were left out of the neighbours",
          invalidTotal));
    }
    return all;
  }
}
