package org.causaldensity.knn.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExactKnnTest {
  /** Relative difference allowed between the engine's float64 distances and the brute force's (order of sums). */
  private static final double DISTANCE_TOLERANCE = 1e-12;

  /** Brute force in float64 on the raw rows: sorted by (distance, row), self excluded. */
  private static KnnResult bruteForce(double[] x, int n, int d, int k) {
    int[] rows = new int[n * k];
    double[] distances = new double[n * k];
    for (int i = 0; i < n; i++) {
      double[] dist = new double[n];
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int a = 0; a < d; a++) {
          double diff = x[i * d + a] - x[j * d + a];
          s += diff * diff;
        }
        dist[j] = Math.sqrt(s);
      }
      int self = i;
      Integer[] order = IntStream.range(0, n).filter(j -> j != self).boxed().toArray(Integer[]::new);
      Arrays.sort(order, Comparator.<Integer>comparingDouble(j -> dist[j]).thenComparingInt(j -> j));
      for (int j = 0; j < k; j++) {
        rows[i * k + j] = order[j];
        distances[i * k + j] = dist[order[j]];
      }
    }
    return new KnnResult(n, k, rows, distances);
  }

  /**
   * Gaussian rows, with planted groups: {@code groups} groups of {@code groupSize} bit-identical rows, and the same
   * number of rows each 1e-4 away (per coordinate scale) from a group's row. Rows are shuffled.
   */
  private static double[] fixture(Random random, int n, int d, int groups, int groupSize, double offset) {
    double[] x = new double[n * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextGaussian() * (1 + (i % d) * 0.1) + 3;
    }
    int next = 0;
    for (int g = 0; g < groups; g++) {
      int source = next++;
      for (int c = 1; c < groupSize; c++) {
        System.arraycopy(x, source * d, x, next++ * d, d);
      }
      for (int c = 0; c < groupSize / 2; c++) {
        int row = next++;
        for (int a = 0; a < d; a++) {
          x[row * d + a] = x[source * d + a] + offset * random.nextGaussian();
        }
      }
    }
    // shuffle rows
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      for (int a = 0; a < d; a++) {
        double t = x[i * d + a];
        x[i * d + a] = x[j * d + a];
        x[j * d + a] = t;
      }
    }
    return x;
  }

  private static void assertSame(KnnResult expected, KnnResult actual) {
    int n = expected.n();
    int k = expected.k();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < k; j++) {
        int at = i * k + j;
        double e = expected.distances()[at];
        double a = actual.distances()[at];
        assertEquals(e, a, DISTANCE_TOLERANCE * Math.max(e, 1e-300), "distance " + j + " of row " + i);
        if (e == 0) {
          assertEquals(0.0, a, "bit-identical rows at exactly 0, row " + i);
        }
        boolean tiedWithNext = j + 1 < k && Math.abs(expected.distances()[at + 1] - e) <= DISTANCE_TOLERANCE * e;
        boolean tiedWithPrevious = j > 0 && Math.abs(expected.distances()[at - 1] - e) <= DISTANCE_TOLERANCE * e;
        if (!(tiedWithNext || tiedWithPrevious) || e == 0) {
          assertEquals(expected.neighbourRows()[at], actual.neighbourRows()[at], "neighbour " + j + " of row " + i);
        }
      }
    }
  }

  @Test
  void equalsDoubleBruteForceWithPlantedDuplicatesAcrossBlocks() {
    Random random = new Random(11);
    int n = 700;
    int d = 37;
    int k = 5;
    // A group of 40 bit-identical rows is larger than k + margin: only zero detection keeps it exact.
    double[] x = fixture(random, n, d, 3, 40, 1e-4);
    KnnResult expected = bruteForce(x, n, d, k);
    for (int blockRows : new int[] {700, 97, 64}) {
      assertSame(expected, ExactKnn.search(x, n, d, k, 2, blockRows));
    }
  }

  @Test
  void nearDuplicatesOneEMinusFourApartRankExactly() {
    Random random = new Random(5);
    int n = 300;
    int d = 64;
    int k = 20;
    double[] x = fixture(random, n, d, 4, 30, 1e-4);
    assertSame(bruteForce(x, n, d, k), ExactKnn.search(x, n, d, k, 1, 50));
  }

  @Test
  void tinyOffsetsBelowFloat32ResolutionStillExact() {
    // Rows 1e-9 apart (relative to values ~3) are equal in float32: only the float64 recomputation orders them.
    Random random = new Random(9);
    int n = 200;
    int d = 16;
    double[] x = fixture(random, n, d, 2, 30, 1e-9);
    assertSame(bruteForce(x, n, d, 3), ExactKnn.search(x, n, d, 3, 2, 33));
  }

  @Test
  void wideningProvesEveryRowWhenTheMarginIsTooSmall() {
    // Many equidistant-ish neighbours (a lattice) force rows past the fast pass's margin: widening must fix them.
    int side = 12;
    int n = side * side;
    int d = 2;
    double[] x = new double[n * d];
    for (int i = 0; i < n; i++) {
      x[i * d] = i % side;
      x[i * d + 1] = i / side;
    }
    assertSame(bruteForce(x, n, d, 8), ExactKnn.search(x, n, d, 8, 2, 25));
  }

  @Test
  void refusesBadArguments() {
    double[] x = new double[10];
    assertThrows(IllegalArgumentException.class, () -> ExactKnn.search(x, 5, 2, 5, 1));
    assertThrows(IllegalArgumentException.class, () -> ExactKnn.search(x, 5, 2, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> ExactKnn.search(x, 6, 2, 1, 1));
    double[] bad = x.clone();
    bad[3] = Double.NaN;
    assertThrows(IllegalArgumentException.class, () -> ExactKnn.search(bad, 5, 2, 1, 1));
  }

  @Test
  void boundIsNeverViolatedOnRandomPairs() {
    // The fast pass's d̂² for many random float64 rows: the exact distance is never below the bound.
    Random random = new Random(3);
    int d = 2560;
    FastPassBound bound = new FastPassBound(d);
    for (int t = 0; t < 200; t++) {
      double[] x = new double[2 * d];
      double scale = Math.pow(10, random.nextInt(6) - 3);
      for (int a = 0; a < d; a++) {
        x[a] = random.nextGaussian() * scale;
        x[d + a] = x[a] + random.nextGaussian() * scale * (t % 2 == 0 ? 1e-3 : 1);
      }
      WhitenedBlock block = new WhitenedBlock(0, 2, d, x, null);
      float[] dots = new float[4];
      org.causaldensity.linalg.Gemm.multiplyTransposed(block.fast, 2, block.fast, 2, d, dots, 1);
      float fast = block.fastSquares[0] + block.fastSquares[1] - 2f * dots[1];
      double exact = WhitenedBlock.distance(x, 0, x, 1, d);
      assertTrue(bound.lowerBound(fast, block.fastNorms[0], block.fastNorms[1]) <= exact, "pair " + t);
    }
  }
}
