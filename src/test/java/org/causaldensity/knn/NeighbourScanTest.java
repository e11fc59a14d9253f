package org.causaldensity.knn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class NeighbourScanTest {
  private static final double MEAN_TOLERANCE = 1e-12;

  /** What the scan must return, computed by sorting the whole row. */
  private static final class BruteForce {
    final int[] indices;
    final float[] distances;
    final int zeros;
    final int invalid;
    final int firstInvalid;
    final double notebookMean;

    BruteForce(float[] row, int self, int k) {
      int n = row.length;
      List<Integer> valid = new ArrayList<>();
      int z = 0;
      int bad = 0;
      int first = -1;
      for (int j = 0; j < n; j++) {
        float v = row[j];
        boolean ok = !Float.isNaN(v) && !Float.isInfinite(v) && v >= 0f;
        if (!ok) {
          bad++;
          if (first < 0) {
            first = j;
          }
        }
        if (j == self) {
          continue;
        }
        if (v == 0f) {
          z++;
        }
        if (ok) {
          valid.add(j);
        }
      }
      // Numeric order (-0.0 == 0.0, unlike Float.compare), ties by lower column.
      valid.sort((a, b) -> row[a] < row[b] ? -1 : row[a] > row[b] ? 1 : Integer.compare(a, b));
      int size = Math.min(k, valid.size());
      indices = new int[size];
      distances = new float[size];
      for (int i = 0; i < size; i++) {
        indices[i] = valid.get(i);
        distances[i] = row[indices[i]];
      }
      zeros = z;
      invalid = bad;
      firstInvalid = first;
      // np.partition(row, k)[:k+1]: the k+1 smallest, NaN last; then [> 0][:k] (smallest ones), mean.
      float[] sorted = row.clone();
      Arrays.sort(sorted); // NaN last, like numpy
      List<Float> kept = new ArrayList<>();
      for (int i = 0; i <= k; i++) {
        if (sorted[i] > 0f) {
          kept.add(sorted[i]);
        }
      }
      while (kept.size() > k) {
        kept.remove(kept.size() - 1);
      }
      double sum = 0;
      for (float v : kept) {
        sum += v;
      }
      notebookMean = kept.isEmpty() ? Double.NaN : (float) (sum / kept.size());
    }
  }

  private static void assertScan(float[] row, int self, int k) {
    assertScan(row, self, k, k);
  }

  /** A scan keeping {@code kept} ≥ k neighbours: those are the kept nearest, the notebook's values use k. */
  private static void assertScan(float[] row, int self, int k, int kept) {
    NeighbourScan scan = new NeighbourScan(row.length, k, kept);
    // Put the row inside a larger array to exercise the offset.
    float[] rows = new float[row.length + 5];
    System.arraycopy(row, 0, rows, 3, row.length);
    TokenNeighbours scanned = scan.scan(rows, 3, self);
    BruteForce wantKept = new BruteForce(row, self, kept);
    String what = "n=" + row.length + " k=" + k + " kept=" + kept + " self=" + self;
    assertArrayEquals(wantKept.indices, scanned.indices(), what);
    assertArrayEquals(wantKept.distances, scanned.distances(), what);
    TokenNeighbours got = scanned.nearest(k);
    BruteForce want = new BruteForce(row, self, k);
    assertArrayEquals(want.indices, got.indices(), what);
    assertArrayEquals(want.distances, got.distances(), what);
    assertEquals(want.zeros, got.exactDuplicates(), what);
    assertEquals(want.invalid, got.invalidCount(), what);
    assertEquals(want.firstInvalid, got.firstInvalidColumn(), what);
    assertEquals(want.notebookMean, got.notebookMeanDistance(), MEAN_TOLERANCE, what);
    double density = want.notebookMean > 0 ? 1.0 / want.notebookMean : 0.0;
    assertEquals(density, got.notebookDensity(), MEAN_TOLERANCE * Math.max(1, density), what);
    assertEquals(row[self], got.selfDistance(), what);
    if (want.distances.length > 0) {
      double sum = 0;
      for (float d : want.distances) {
        sum += d;
      }
      assertEquals(sum / want.distances.length, got.meanDistance(), MEAN_TOLERANCE, what);
      assertEquals(want.distances[want.distances.length - 1], got.kthDistance(), what);
    }
  }

  /** Distances from a small grid (many ties), with exact zeros (+0 and -0) and an optional non-zero diagonal. */
  private static float[] tiedRow(Random random, int n, int self, double zeroRate, boolean zeroDiagonal) {
    float[] row = new float[n];
    for (int j = 0; j < n; j++) {
      double u = random.nextDouble();
      if (u < zeroRate) {
        row[j] = random.nextBoolean() ? 0f : -0f;
      } else if (u < 0.6) {
        row[j] = 0.25f * (1 + random.nextInt(12));
      } else {
        row[j] = (float) (random.nextDouble() * 4);
      }
    }
    row[self] = zeroDiagonal ? 0f : 0.25f * random.nextInt(3);
    return row;
  }

  @Test
  void randomRowsWithTiesMatchFullSort() {
    Random random = new Random(11);
    int[] lengths = {2, 3, 7, 16, 17, 33, 100, 257, 1000};
    for (int n : lengths) {
      for (int trial = 0; trial < 40; trial++) {
        int self = random.nextInt(n);
        float[] row = tiedRow(random, n, self, trial % 4 == 0 ? 0.3 : 0.02, trial % 3 != 0);
        int[] ks = {1, n - 1, 1 + random.nextInt(n - 1), Math.min(n - 1, 20)};
        for (int k : ks) {
          assertScan(row, self, k);
          assertScan(row, self, k, k + random.nextInt(n - k));
        }
      }
    }
  }

  @Test
  void invalidEntriesAreCountedAndNeverNeighbours() {
    Random random = new Random(5);
    float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -1f, -0.5f, -Float.MIN_VALUE};
    for (int trial = 0; trial < 200; trial++) {
      int n = 2 + random.nextInt(80);
      int self = random.nextInt(n);
      float[] row = tiedRow(random, n, self, 0.1, trial % 2 == 0);
      int spoiled = 1 + random.nextInt(Math.max(1, n / 3));
      for (int s = 0; s < spoiled; s++) {
        row[random.nextInt(n)] = bad[random.nextInt(bad.length)];
      }
      for (int k : new int[] {1, n - 1, 1 + random.nextInt(n - 1)}) {
        assertScan(row, self, k);
        assertScan(row, self, k, k + random.nextInt(n - k));
      }
    }
  }

  @Test
  void selfIsExcludedByIndexNotByValue() {
    // The diagonal is 0 and so are columns 1 and 3: both zeros are neighbours, the diagonal is not.
    float[] row = {0.5f, 0f, 0f, 0f, 0.25f};
    TokenNeighbours t = new NeighbourScan(5, 3).scan(row, 0, 2);
    assertArrayEquals(new int[] {1, 3, 4}, t.indices());
    assertArrayEquals(new float[] {0f, 0f, 0.25f}, t.distances());
    assertEquals(2, t.exactDuplicates());
    // Notebook: 4 smallest = {0,0,0,0.25}; positives {0.25}: mean 0.25, density 4.
    assertEquals(0.25, t.notebookMeanDistance());
    assertEquals(4.0, t.notebookDensity());
  }

  @Test
  void nonZeroDiagonalCountsAsANeighbourForTheNotebookOnly() {
    // Diagonal 0.1 (float error in a real matrix): the notebook keeps it among the k smallest positives.
    float[] row = {0.3f, 0.1f, 0.2f, 0.4f};
    TokenNeighbours t = new NeighbourScan(4, 2).scan(row, 0, 1);
    assertArrayEquals(new int[] {2, 0}, t.indices());
    assertEquals((0.1f + 0.2f) / 2, t.notebookMeanDistance(), 1e-7);
  }

  @Test
  void tooManyZerosLeaveTheNotebookNothing() {
    // k+1 = 3 smallest are all zero: numpy's mean of an empty array is NaN, density 0.
    float[] row = {0f, 0f, 0f, 1f, 2f};
    TokenNeighbours t = new NeighbourScan(5, 2).scan(row, 0, 0);
    assertTrue(Double.isNaN(t.notebookMeanDistance()));
    assertEquals(0.0, t.notebookDensity());
    assertEquals(2, t.exactDuplicates());
    assertEquals(0.0, t.meanDistance());
  }

  @Test
  void badArgumentsNameTheArgument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NeighbourScan(10, 10));
    assertEquals("k must be in [1, n-1] = [1, 9], got k = 10 (n = 10)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new NeighbourScan(10, 0));
    assertTrue(e.getMessage().contains("got k = 0"), e.getMessage());
    NeighbourScan scan = new NeighbourScan(10, 3);
    e = assertThrows(IllegalArgumentException.class, () -> scan.scan(new float[15], 6, 0));
    assertTrue(e.getMessage().contains("offset 6"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> scan.scan(new float[10], 0, 10));
    assertTrue(e.getMessage().contains("self must be in [0, 9], got 10"), e.getMessage());
  }

  /** Prints ns per element; never fails on speed. Skipped unless -Dcausaldensity.perf=true. */
  @Test
  void printsSpeed() {
    Assumptions.assumeTrue(Boolean.getBoolean("causaldensity.perf"), "speed check: set -Dcausaldensity.perf=true");
    System.out.println(NeighbourScanBenchmark.report(32000, 20, 400));
  }
}
