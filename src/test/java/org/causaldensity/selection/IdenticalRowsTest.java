package org.causaldensity.selection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link IdenticalRows} on planted groups, against a brute-force all-pairs comparison. */
class IdenticalRowsTest {
  static final int D = 6;

  /** Brute force: rows i and j are equal when every value is == (so −0 == +0) or both are NaN. */
  static boolean equalRows(float[] rows, int i, int j) {
    for (int c = 0; c < D; c++) {
      float a = rows[i * D + c];
      float b = rows[j * D + c];
      if (!(a == b || (Float.isNaN(a) && Float.isNaN(b)))) {
        return false;
      }
    }
    return true;
  }

  static void assertMatchesBruteForce(long[] ids, float[] rows, IdenticalRows.Collapse collapse) {
    int n = ids.length;
    List<Integer> representatives = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int best = i;
      int size = 0;
      for (int j = 0; j < n; j++) {
        if (equalRows(rows, i, j)) {
          size++;
          if (ids[j] < ids[best] || (ids[j] == ids[best] && j < best)) {
            best = j;
          }
        }
      }
      if (best == i) {
        representatives.add(i);
      }
      int g = collapse.groupOf()[i];
      assertEquals(best, collapse.representativeRows()[g], "row " + i);
      assertEquals(size, collapse.multiplicities()[g], "row " + i);
    }
    assertArrayEquals(representatives.stream().mapToInt(Integer::intValue).toArray(), collapse.representativeRows());
    for (int g = 0; g < collapse.representativeRows().length; g++) {
      assertEquals(ids[collapse.representativeRows()[g]], collapse.representativeIds()[g]);
    }
    assertEquals(n, Arrays.stream(collapse.multiplicities()).sum());
  }

  static float[] randomRows(int n, long seed) {
    Random random = new Random(seed);
    float[] rows = new float[n * D];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = (float) random.nextGaussian();
    }
    return rows;
  }

  static void copyRow(float[] rows, int from, int to) {
    System.arraycopy(rows, from * D, rows, to * D, D);
  }

  @Test
  void plantedGroupsWithUnsortedIds() {
    int n = 40;
    float[] rows = randomRows(n, 1);
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = 1000 - 7L * i; // descending: the lowest id is the last row of a group
    }
    for (int i : new int[] {5, 9, 30, 31}) {
      copyRow(rows, 2, i);
    }
    copyRow(rows, 11, 12);
    rows[13 * D + 4] = Math.nextUp(rows[11 * D + 4]); // one ulp away: not identical
    System.arraycopy(rows, 11 * D, rows, 13 * D, 4);
    System.arraycopy(rows, 11 * D + 5, rows, 13 * D + 5, 1);
    IdenticalRows.Collapse collapse = IdenticalRows.collapse(ids, rows, D);
    assertMatchesBruteForce(ids, rows, collapse);
    assertEquals(2, collapse.collapsedGroups());
    assertEquals(5, collapse.rowsRemoved());
    int group = collapse.groupOf()[2];
    assertEquals(31, collapse.representativeRows()[group]);
    assertEquals(1000 - 7 * 31, collapse.representativeIds()[group]);
    assertEquals(5, collapse.multiplicities()[group]);
    assertEquals(1, collapse.multiplicities()[collapse.groupOf()[13]]);
  }

  @Test
  void signedZerosAndNaNsCompareAsTheyMeasure() {
    float[] rows = new float[4 * D];
    rows[0] = 0f;
    rows[D] = -0f;          // row 1 = row 0: distance exactly 0
    rows[2 * D] = Float.NaN;
    rows[3 * D] = Float.intBitsToFloat(0x7fc00001); // another NaN payload
    long[] ids = {3, 2, 1, 0};
    IdenticalRows.Collapse collapse = IdenticalRows.collapse(ids, rows, D);
    assertMatchesBruteForce(ids, rows, collapse);
    assertArrayEquals(new int[] {1, 3}, collapse.representativeRows());
    assertArrayEquals(new int[] {2, 2}, collapse.multiplicities());
  }

  @Test
  void repeatedIdsAreOneGroupThroughTheFirstRow() {
    float[] rows = randomRows(4, 2);
    copyRow(rows, 0, 3);
    long[] ids = {8, 4, 6, 8};
    IdenticalRows.Collapse collapse = IdenticalRows.collapse(ids, rows, D);
    assertArrayEquals(new int[] {0, 1, 2}, collapse.representativeRows());
    assertArrayEquals(new int[] {2, 1, 1}, collapse.multiplicities());
    assertArrayEquals(new int[] {0, 1, 2, 0}, collapse.groupOf());
  }

  @Test
  void equalFingerprintsAreConfirmedValueByValue() {
    // Every fingerprint equal (a collision everywhere): only the value comparison separates the rows.
    int n = 2500; // more than one confirmation chunk
    float[] rows = randomRows(n, 3);
    Random random = new Random(4);
    for (int i = 1; i < n; i++) {
      if (random.nextInt(4) == 0) {
        copyRow(rows, random.nextInt(i), i);
      }
    }
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i;
    }
    int[] reads = new int[1];
    IdenticalRows.Collapse collapse = IdenticalRows.collapse(ids, new long[2 * n], D, (wanted, dst) -> {
      assertTrue(wanted.length <= IdenticalRows.CONFIRM_ROWS);
      reads[0] += wanted.length;
      for (int i = 0; i < wanted.length; i++) {
        System.arraycopy(rows, wanted[i] * D, dst, i * D, D);
      }
    });
    assertEquals(n, reads[0]);
    assertMatchesBruteForce(ids, rows, collapse);
  }

  @Test
  void distinctRowsAreNotRead() {
    float[] rows = randomRows(50, 5);
    long[] ids = new long[50];
    Arrays.setAll(ids, i -> i);
    long[] prints = new long[100];
    IdenticalRows.fingerprints(rows, 50, D, prints, 0);
    IdenticalRows.Collapse collapse = IdenticalRows.collapse(ids, prints, D, (wanted, dst) -> {
      throw new AssertionError("no candidate group expected");
    });
    assertEquals(50, collapse.representativeRows().length);
    assertEquals(0, collapse.collapsedGroups());
  }
}
