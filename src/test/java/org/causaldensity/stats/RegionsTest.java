package org.causaldensity.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegionsTest {
  @Test
  void strictBandsOnElevenNorms() {
    // norms 0..10: p10 = 1, p40 = 4, p60 = 6, p90 = 9 exactly (virtual index = q/10).
    double[] norms = new double[11];
    double[] densities = new double[11];
    for (int i = 0; i <= 10; i++) {
      norms[i] = i;
      densities[i] = 100 - i;
    }
    Regions r = Regions.of(norms, densities);
    assertEquals(1.0, r.coreThreshold());
    assertEquals(4.0, r.shellLow());
    assertEquals(6.0, r.shellHigh());
    assertEquals(9.0, r.outerThreshold());
    assertArrayEquals(new int[] {0}, r.core().members()); // 1 is not < 1
    assertArrayEquals(new int[] {5}, r.shell().members()); // 4 and 6 are excluded
    assertArrayEquals(new int[] {10}, r.outer().members());
    assertEquals(100.0, r.core().meanDensity());
    assertEquals(0.0, r.core().stdDensity());
    assertEquals(100.0 / 95, r.coreShellRatio());
    assertEquals("similar", r.verdict());
  }

  @Test
  void customBands() {
    double[] norms = {0, 1, 2, 3, 4};
    double[] densities = {1, 1, 1, 1, 1};
    Regions r = Regions.of(norms, densities, 50, 0, 100, 50);
    assertArrayEquals(new int[] {0, 1}, r.core().members());
    assertArrayEquals(new int[] {1, 2, 3}, r.shell().members());
    assertArrayEquals(new int[] {3, 4}, r.outer().members());
  }

  @Test
  void verdictCutOffs() {
    assertEquals("denser", Regions.verdict(1.5000001));
    assertEquals("similar", Regions.verdict(1.5));
    assertEquals("similar", Regions.verdict(0.67));
    assertEquals("sparser", Regions.verdict(0.6699999));
    assertEquals("similar", Regions.verdict(Double.NaN));
    assertEquals("denser", Regions.verdict(Double.POSITIVE_INFINITY));
  }

  @Test
  void emptyRegionHasNanStatistics() {
    // All norms equal: nothing is strictly below p10 or strictly between p40 and p60.
    Regions r = Regions.of(new double[] {3, 3, 3}, new double[] {1, 2, 3});
    assertEquals(0, r.core().n());
    assertTrue(Double.isNaN(r.core().meanDensity()));
    assertTrue(Double.isNaN(r.coreShellRatio()));
    assertEquals("similar", r.verdict());
  }
}
