package org.causaldensity.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.causaldensity.stats.NumpyStats;
import org.junit.jupiter.api.Test;

class MedianRatioBootstrapTest {
  /** A 95% bootstrap endpoint from 2000 resamples moves by a few percent between seeds. */
  private static final double SEED_TO_SEED_RELATIVE = 0.05;

  @Test
  void sameSeedGivesTheSameIntervalAndAnotherSeedASlightlyDifferentOne() {
    Random random = new Random(5);
    double[] core = random.doubles(300).map(u -> Math.exp(random.nextGaussian() + 0.3)).toArray();
    double[] shell = random.doubles(600).map(u -> Math.exp(random.nextGaussian())).toArray();
    BootstrapInterval first = MedianRatioBootstrap.percentileInterval(core, shell, 2000, 42);
    BootstrapInterval again = MedianRatioBootstrap.percentileInterval(core, shell, 2000, 42);
    BootstrapInterval other = MedianRatioBootstrap.percentileInterval(core, shell, 2000, 43);
    assertEquals(first, again);
    assertNotEquals(first.lower(), other.lower());
    assertNotEquals(first.upper(), other.upper());
    assertEquals(first.lower(), other.lower(), SEED_TO_SEED_RELATIVE * first.lower());
    assertEquals(first.upper(), other.upper(), SEED_TO_SEED_RELATIVE * first.upper());
    double estimate = median(core) / median(shell);
    assertTrue(first.lower() < estimate && estimate < first.upper(), first + " around " + estimate);
  }

  @Test
  void infiniteCoreMedianGivesAnInfiniteIntervalAndInfiniteOverInfiniteIsCountedUndefined() {
    double[] allInfinite = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    BootstrapInterval infinite = MedianRatioBootstrap.percentileInterval(allInfinite, new double[] {1, 2, 3}, 100, 1);
    assertEquals(Double.POSITIVE_INFINITY, infinite.lower());
    assertEquals(0, infinite.undefinedResamples());
    BootstrapInterval undefined = MedianRatioBootstrap.percentileInterval(allInfinite, allInfinite, 100, 1);
    assertEquals(Double.NaN, undefined.lower());
    assertEquals(100, undefined.undefinedResamples());
  }

  @Test
  void emptySampleGivesNaNInterval() {
    BootstrapInterval interval = MedianRatioBootstrap.percentileInterval(new double[0], new double[] {1}, 10, 1);
    assertEquals(Double.NaN, interval.lower());
    assertEquals(Double.NaN, interval.upper());
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return NumpyStats.medianOfSorted(sorted, 0, sorted.length);
  }
}
