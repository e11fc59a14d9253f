package org.causaldensity.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.causaldensity.density.KnnDensity;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import org.junit.jupiter.api.Test;

class OptionLimitsTest {
  @Test
  void kIsBoundedByTheDriversHeap() {
    long n = 32_000;
    long heap = 2L << 30;
    // A quarter of 2 GiB over 24 bytes per neighbour of 32,000 tokens: 699 neighbours each.
    long fits = (heap / 4) / 24 / n;
    assertEquals(699, fits);
    OptionLimits.checkK((int) fits, n, heap);
    CausalDensityException e = assertThrows(CausalDensityException.class,
        () -> OptionLimits.checkK((int) fits + 1, n, heap));
    assertEquals(Failure.USAGE, e.failure());
    assertTrue(e.getMessage().startsWith("--k: 700 neighbours of 32000 tokens need ~512 MB on the driver"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("use k <= 699 or give the driver more memory"), e.getMessage());
  }

  @Test
  void theLargestDEffKeepsEveryLogDensityFinite() {
    double d = OptionLimits.checkDEff("1e5");
    for (double r : new double[] {Float.MIN_VALUE, 1e-30, 1, 1e30, Float.MAX_VALUE}) {
      assertTrue(Double.isFinite(KnnDensity.logVolumetricDensity(1, d, r)), "r = " + r);
      assertTrue(Double.isFinite(KnnDensity.logVolumetricDensity(OptionLimits.MAX_BINS, d, r)), "r = " + r);
    }
    assertThrows(CausalDensityException.class, () -> OptionLimits.checkDEff("100000.001"));
    assertThrows(CausalDensityException.class, () -> OptionLimits.checkDEff("NaN"));
    assertThrows(CausalDensityException.class, () -> OptionLimits.checkDEff("Infinity"));
    assertThrows(CausalDensityException.class, () -> OptionLimits.checkDEff("0"));
  }

  @Test
  void binsAndResamplesHaveClosedRanges() {
    OptionLimits.checkBins(1);
    OptionLimits.checkBins(OptionLimits.MAX_BINS);
    assertThrows(CausalDensityException.class, () -> OptionLimits.checkBins(0));
    assertThrows(CausalDensityException.class, () -> OptionLimits.checkBins(Integer.MAX_VALUE));
    OptionLimits.checkBootstrapResamples(100);
    OptionLimits.checkBootstrapResamples(OptionLimits.MAX_BOOTSTRAP_RESAMPLES);
    assertThrows(CausalDensityException.class, () -> OptionLimits.checkBootstrapResamples(99));
    assertThrows(CausalDensityException.class,
        () -> OptionLimits.checkBootstrapResamples(OptionLimits.MAX_BOOTSTRAP_RESAMPLES + 1));
  }
}
