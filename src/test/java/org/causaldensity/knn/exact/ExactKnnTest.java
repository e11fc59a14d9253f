package org.causaldensity.knn.exact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactKnnTest {
  @Test
  void gridPointsWithManyTiesMatchAFullSortByDistanceThenRow() {
    Random random = new Random(4);
    for (int[] shape : new int[][] {{2, 1}, {3, 2}, {37, 3}, {100, 5}}) {
      int n = shape[0];
      int d = shape[1];
      double[] rows = new double[n * d];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = random.nextInt(3); // a coarse grid: equal distances and duplicate points
      }
      for (int k : new int[] {1, n - 1, Math.max(1, (n - 1) / 2)}) {
        KnnResult one = ExactKnn.search(rows, n, d, k, 1);
        KnnResult three = ExactKnn.search(rows, n, d, k, 3);
        assertArrayEquals(one.neighbourRows(), three.neighbourRows());
        assertArrayEquals(one.distances(), three.distances());
        for (int i = 0; i < n; i++) {
          List<Integer> others = new ArrayList<>();
          for (int j = 0; j < n; j++) {
            if (j != i) {
              others.add(j);
            }
          }
          int self = i;
          others.sort((a, b) -> {
            int c = Double.compare(distance(rows, d, self, a), distance(rows, d, self, b));
            return c != 0 ? c : Integer.compare(a, b);
          });
          for (int m = 0; m < k; m++) {
            assertEquals(others.get(m), one.neighbourRows()[i * k + m], "n=" + n + " k=" + k + " row " + i);
            assertEquals(distance(rows, d, i, others.get(m)), one.distances()[i * k + m], 0.0);
          }
        }
      }
    }
  }

  @Test
  void badArgumentsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ExactKnn.search(new double[4], 2, 2, 2, 1));
    assertThrows(IllegalArgumentException.class, () -> ExactKnn.search(new double[3], 2, 2, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> ExactKnn.search(new double[4], 2, 2, 1, 0));
  }

  private static double distance(double[] rows, int d, int i, int j) {
    double sum = 0;
    for (int a = 0; a < d; a++) {
      double diff = rows[i * d + a] - rows[j * d + a];
      sum += diff * diff;
    }
    return Math.sqrt(sum);
  }
}
