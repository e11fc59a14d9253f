package org.causaldensity.answer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DuplicateGroupsTest {

  @Test
  void chainsJoinTransitivelyAndGroupsComeLargestFirst() {
    // Rows 0-2-5 form a chain (0 names 2, 2 names 5, 5 names nobody); rows 3 and 4 are a pair; 1 and 6 are alone.
    int[][] zeros = {{2}, {}, {0, 5}, {4}, {3}, {}, {}};
    long[] ids = {100, 101, 102, 103, 104, 105, 106};
    double[] norms = {1.0, 9.0, 2.0, 4.0, 6.0, 3.0, 9.0};
    List<DuplicateGroups.Group> groups = DuplicateGroups.build(zeros, ids, norms);
    assertEquals(2, groups.size());
    assertEquals(3, groups.get(0).size());
    assertEquals(2.0, groups.get(0).causalNorm(), 1e-15);
    assertArrayEquals(new long[] {100, 102, 105}, groups.get(0).tokenIds());
    assertEquals(2, groups.get(1).size());
    assertEquals(5.0, groups.get(1).causalNorm(), 1e-15);
    assertArrayEquals(new long[] {103, 104}, groups.get(1).tokenIds());
  }

  @Test
  void equalSizedGroupsKeepRowOrderAndListAtMostTwentyIds() {
    int n = 30;
    int[][] zeros = new int[n + 4][];
    long[] ids = new long[n + 4];
    double[] norms = new double[n + 4];
    zeros[0] = new int[] {1}; // a pair first
    zeros[1] = new int[0];
    zeros[2] = new int[] {3}; // another pair
    zeros[3] = new int[0];
    for (int r = 0; r < n + 4; r++) {
      ids[r] = 1000 + r;
      norms[r] = r;
    }
    for (int r = 4; r < n + 4; r++) {
      zeros[r] = new int[] {r == n + 3 ? 4 : r + 1}; // a ring of 30
    }
    List<DuplicateGroups.Group> groups = DuplicateGroups.build(zeros, ids, norms);
    assertEquals(List.of(30, 2, 2), groups.stream().map(DuplicateGroups.Group::size).toList());
    assertEquals(DuplicateGroups.LISTED_TOKEN_IDS, groups.get(0).tokenIds().length);
    assertEquals(1004, groups.get(0).tokenIds()[0]);
    assertEquals((4 + 33) / 2.0, groups.get(0).causalNorm(), 1e-12);
    assertArrayEquals(new long[] {1000, 1001}, groups.get(1).tokenIds());
    assertArrayEquals(new long[] {1002, 1003}, groups.get(2).tokenIds());
  }

  @Test
  void noDuplicatesGiveNoGroups() {
    assertEquals(List.of(), DuplicateGroups.build(new int[][] {{}, {}}, new long[2], new double[2]));
  }

  @Test
  void duplicateIndexOutsideTheTableIsRejectedNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DuplicateGroups.build(new int[][] {{}, {7}}, new long[2], new double[2]));
    assertEquals("duplicate lists: token 1 names row 7 as a duplicate, expected a row in [0, 2)", e.getMessage());
  }
}
