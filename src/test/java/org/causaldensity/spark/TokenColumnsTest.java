package org.causaldensity.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.knn.NeighbourScan;
import org.causaldensity.knn.TokenNeighbours;
import org.causaldensity.report.TokenColumns;
import org.junit.jupiter.api.Test;

/** The driver's columns and the matrix checks, built from the neighbours the scan sends back (no Spark needed). */
class TokenColumnsTest {
  /** Points on a line at 0, 1, 3, 3, 7, 12 (rows 2 and 3 identical); row 5's diagonal is 0.5, row 1 has a NaN. */
  static float[] matrix() {
    double[] x = {0, 1, 3, 3, 7, 12};
    int n = x.length;
    float[] m = new float[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        m[i * n + j] = (float) Math.abs(x[i] - x[j]);
      }
    }
    m[5 * n + 5] = 0.5f;
    m[1 * n + 4] = Float.NaN;
    return m;
  }

  static List<TokenNeighbours> scanned(int k) {
    float[] m = matrix();
    NeighbourScan scan = new NeighbourScan(6, k);
    List<TokenNeighbours> rows = new ArrayList<>();
    for (int r = 0; r < 6; r++) {
      rows.add(scan.scan(m, r * 6, r));
    }
    Collections.reverse(rows); // the order tasks send them back in is arbitrary
    return rows;
  }

  @Test
  void valuesAreIndexedByRowWithTheDensitiesComputedByHand() {
    long[] ids = {10, 11, 12, 13, 14, 15};
    double[] norms = {1, 2, 3, 4, 5, 6};
    TokenColumns columns = new TokenTable(2, 3.0, ids, norms, null).columns(scanned(2));
    MatrixChecks checks = MatrixChecks.of(scanned(2));
    // Row 0: nearest 1 (1) and 3 (row 2, lower index of the tie) → mean 2; row 2: row 3 at 0 and row 1 at 2 → mean 1.
    assertEquals(0.5, columns.densities()[0], 0.0);
    assertEquals(1.0, columns.densities()[2], 0.0);
    assertArrayEquals(new int[] {3, 1}, columns.neighbourRows()[2]);
    assertArrayEquals(new float[] {0f, 2f}, columns.neighbourDistances()[2]);
    assertEquals(1, columns.exactDuplicates()[2]);
    assertEquals(1, columns.exactDuplicates()[3]);
    assertEquals(0, columns.exactDuplicates()[0]);
    // log k − log V_3(r) with V_3(r) = 4/3 π r³, at r = 2 for row 0.
    assertEquals(Math.log(2) - Math.log(4.0 / 3 * Math.PI * 8), columns.logVolumetricDensities()[0], 1e-12);
    // The notebook takes the k+1 = 3 smallest of row 2 (0, 0, 2) and drops the zeros: mean 2 → 0.5.
    assertEquals(0.5, columns.notebookDensities()[2], 1e-7);
    assertArrayEquals(norms, columns.causalNorms(), 0.0);
    assertEquals(new MatrixChecks(1, 1, 4, 1), checks);
  }

  @Test
  void aMissingOrRepeatedRowIsRefused() {
    long[] ids = {10, 11, 12, 13, 14, 15};
    double[] norms = new double[6];
    List<TokenNeighbours> missing = scanned(2);
    missing.remove(0); // row 5
    CausalDensityException e = assertThrows(CausalDensityException.class,
        () -> new TokenTable(2, 3.0, ids, norms, null).columns(missing));
    assertTrue(e.getMessage().contains("has 5 rows, expected 6 (first missing row: 5)"), e.getMessage());
    List<TokenNeighbours> twice = scanned(2);
    twice.set(0, twice.get(1));
    e = assertThrows(CausalDensityException.class, () -> new TokenTable(2, 3.0, ids, norms, null).columns(twice));
    assertTrue(e.getMessage().contains("row 4 appears twice"), e.getMessage());
  }
}
