package org.causaldensity.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.causaldensity.stats.NumpyStats;
import org.junit.jupiter.api.Test;

class ResampledMedianTest {
  /** Draws per case: a probability's Monte Carlo standard error is then below 0.0012. */
  private static final int DRAWS = 200_000;
  /** A frequency may stray this many standard errors from the exact probability (a false alarm is ~1e-6). */
  private static final double SIGMAS = 5;
  /** Gamma(a) has mean a and variance a; the mean of many draws is checked to this many standard errors. */
  private static final double GAMMA_SIGMAS = 5;

  @Test
  void drawnMediansFollowTheExactDistributionOfEveryResample() {
    for (int n = 1; n <= 6; n++) {
      double[] sorted = new double[n];
      for (int i = 0; i < n; i++) {
        sorted[i] = 1 << i; // distinct, and every mean of two distinct values is distinct
      }
      Map<Double, Double> exact = enumerate(sorted);
      Map<Double, Integer> counts = new TreeMap<>();
      SplittableRandom random = new SplittableRandom(n);
      for (int b = 0; b < DRAWS; b++) {
        counts.merge(ResampledMedian.draw(sorted, random), 1, Integer::sum);
      }
      assertTrue(exact.keySet().containsAll(counts.keySet()), "n = " + n + ": drew " + counts.keySet()
          + ", possible " + exact.keySet());
      for (Map.Entry<Double, Double> e : exact.entrySet()) {
        double p = e.getValue();
        double frequency = counts.getOrDefault(e.getKey(), 0) / (double) DRAWS;
        double sigma = Math.sqrt(p * (1 - p) / DRAWS);
        assertEquals(p, frequency, SIGMAS * sigma + 1e-12, "n = " + n + ", median " + e.getKey());
      }
    }
  }

  @Test
  void infiniteValuesRankHighest() {
    double[] sorted = {1, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    SplittableRandom random = new SplittableRandom(3);
    int infinite = 0;
    for (int b = 0; b < DRAWS; b++) {
      double median = ResampledMedian.draw(sorted, random);
      assertTrue(median == 1 || median == Double.POSITIVE_INFINITY, "median " + median);
      infinite += median == Double.POSITIVE_INFINITY ? 1 : 0;
    }
    // The median is 1 when at least two of three draws are 1: 3·(1/3)²·(2/3) + (1/3)³ = 7/27.
    double p = 20.0 / 27;
    assertEquals(p, infinite / (double) DRAWS, SIGMAS * Math.sqrt(p * (1 - p) / DRAWS));
  }

  @Test
  void gammaDrawsHaveTheirShapeAsMeanAndVariance() {
    for (double shape : new double[] {1, 2.5, 3200}) {
      SplittableRandom random = new SplittableRandom(7);
      double sum = 0;
      double sumSquares = 0;
      for (int b = 0; b < DRAWS; b++) {
        double g = ResampledMedian.gamma(shape, random);
        sum += g;
        sumSquares += g * g;
      }
      double mean = sum / DRAWS;
      double variance = sumSquares / DRAWS - mean * mean;
      assertEquals(shape, mean, GAMMA_SIGMAS * Math.sqrt(shape / DRAWS), "shape " + shape);
      assertEquals(shape, variance, 0.05 * shape, "shape " + shape);
    }
  }

  /** The median of each of the n^n equally likely resamples, with its probability. */
  private static Map<Double, Double> enumerate(double[] sorted) {
    int n = sorted.length;
    Map<Double, Double> probability = new TreeMap<>();
    int total = (int) Math.pow(n, n);
    double[] resample = new double[n];
    for (int code = 0; code < total; code++) {
      int rest = code;
      for (int i = 0; i < n; i++) {
        resample[i] = sorted[rest % n];
        rest /= n;
      }
      double[] copy = resample.clone();
      Arrays.sort(copy);
      probability.merge(NumpyStats.medianOfSorted(copy, 0, n), 1.0 / total, Double::sum);
    }
    return probability;
  }
}
