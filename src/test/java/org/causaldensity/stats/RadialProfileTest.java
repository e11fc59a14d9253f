package org.causaldensity.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RadialProfileTest {
  @Test
  void binsLikeDigitizeWithTheMaximumInTheLastBin() {
    double[] norms = {0, 1, 2, 3, 4, 4};
    double[] densities = {10, 20, 30, 40, 50, 70};
    RadialProfile p = RadialProfile.of(norms, densities, 2);
    assertArrayEquals(new double[] {0, 2, 4}, p.edges());
    assertArrayEquals(new double[] {1, 3}, p.centers());
    // digitize: 0,1 -> bin 0; 2,3 -> bin 1; 4 (= last edge) -> 2, clipped to 1.
    assertArrayEquals(new long[] {2, 4}, p.count());
    assertArrayEquals(new double[] {15, 47.5}, p.meanDensity());
    double var = ((30 - 47.5) * (30 - 47.5) + (40 - 47.5) * (40 - 47.5) + (50 - 47.5) * (50 - 47.5)
        + (70 - 47.5) * (70 - 47.5)) / 4;
    assertArrayEquals(new double[] {5, Math.sqrt(var)}, p.stdDensity(), 1e-12);
  }

  @Test
  void emptyBinsHoldZeros() {
    RadialProfile p = RadialProfile.of(new double[] {0, 0.1, 9, 10}, new double[] {1, 2, 3, 4}, 5);
    assertArrayEquals(new long[] {2, 0, 0, 0, 2}, p.count());
    assertArrayEquals(new double[] {1.5, 0, 0, 0, 3.5}, p.meanDensity());
    assertArrayEquals(new double[] {0.5, 0, 0, 0, 0.5}, p.stdDensity());
  }

  @Test
  void linspaceEndsExactlyAtStop() {
    double start = 0.1;
    double stop = 0.7;
    double[] e = RadialProfile.linspace(start, stop, 31);
    assertEquals(stop, e[30]);
    double step = (stop - start) / 30;
    for (int i = 0; i < 30; i++) {
      assertEquals(i * step + start, e[i], 0.0);
    }
  }

  @Test
  void allNormsEqualFallIntoTheLastBin() {
    RadialProfile p = RadialProfile.of(new double[] {2, 2, 2}, new double[] {1, 2, 3}, 3);
    assertArrayEquals(new double[] {2, 2, 2, 2}, p.edges());
    assertArrayEquals(new long[] {0, 0, 3}, p.count());
  }

  @Test
  void searchSortedRightCountsEntriesAtOrBelow() {
    double[] edges = {0, 1, 1, 2};
    assertEquals(0, RadialProfile.searchSortedRight(edges, -1));
    assertEquals(1, RadialProfile.searchSortedRight(edges, 0));
    assertEquals(3, RadialProfile.searchSortedRight(edges, 1));
    assertEquals(4, RadialProfile.searchSortedRight(edges, 2));
  }

  @Test
  void badArguments() {
    assertEquals("bins must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
        () -> RadialProfile.of(new double[] {1}, new double[] {1}, 0)).getMessage());
    assertEquals("norms: NaN at index 1", assertThrows(IllegalArgumentException.class,
        () -> RadialProfile.of(new double[] {1, Double.NaN}, new double[] {1, 2}, 3)).getMessage());
    assertEquals("norms and densities differ in length: 1 vs 2", assertThrows(IllegalArgumentException.class,
        () -> RadialProfile.of(new double[] {1}, new double[] {1, 2}, 3)).getMessage());
  }
}
