package org.causaldensity.answer;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.causaldensity.stats.NumpyStats;

/**
 * Percentile bootstrap of median(numerator) / median(denominator), each sample resampled independently with
 * replacement. Each sample is sorted once; a resample then only draws indices into the sorted values, counts them,
 * and reads its median off the counts: O(n) per resample, no sorting inside the loop.
 */
public final class MedianRatioBootstrap {
  static final double LOWER_PERCENT = 2.5;
  static final double UPPER_PERCENT = 97.5;

  private MedianRatioBootstrap() {}

  /**
   * 95% percentile interval of the median ratio from {@code resamples} resamples drawn with
   * {@code new SplittableRandom(seed)} (per resample: the numerator's n indices, then the denominator's). +∞ values
   * are allowed (a median may be +∞; ∞/finite = ∞, ∞/∞ = NaN); NaN ratios are counted and left out. Either sample
   * empty gives a NaN interval. Values must not be NaN; resamples ≥ 1.
   */
  public static BootstrapInterval percentileInterval(double[] numerator, double[] denominator, int resamples,
      long seed) {
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
    }
    double[] top = sortedCopy("numerator", numerator);
    double[] bottom = sortedCopy("denominator", denominator);
    if (top.length == 0 || bottom.length == 0) {
      return new BootstrapInterval(Double.NaN, Double.NaN, resamples, seed, resamples);
    }
    SplittableRandom random = new SplittableRandom(seed);
    int[] topCounts = new int[top.length];
    int[] bottomCounts = new int[bottom.length];
    double[] ratios = new double[resamples];
    int defined = 0;
    for (int b = 0; b < resamples; b++) {
      double ratio = resampledMedian(top, topCounts, random) / resampledMedian(bottom, bottomCounts, random);
      if (!Double.isNaN(ratio)) {
        ratios[defined++] = ratio;
      }
    }
    Arrays.sort(ratios, 0, defined);
    return new BootstrapInterval(NumpyStats.percentileOfSorted(ratios, 0, defined, LOWER_PERCENT),
        NumpyStats.percentileOfSorted(ratios, 0, defined, UPPER_PERCENT), resamples, seed, resamples - defined);
  }

  /** The median of n values drawn with replacement from sorted; counts is scratch space of length n. */
  static double resampledMedian(double[] sorted, int[] counts, SplittableRandom random) {
    int n = sorted.length;
    Arrays.fill(counts, 0);
    for (int i = 0; i < n; i++) {
      counts[random.nextInt(n)]++;
    }
    // The resample's order statistics are sorted[] at the order statistics of the drawn indices.
    int lowRank = (n - 1) / 2;
    int highRank = n / 2;
    int seen = 0;
    int index = 0;
    while (seen + counts[index] <= lowRank) {
      seen += counts[index++];
    }
    double low = sorted[index];
    while (seen + counts[index] <= highRank) {
      seen += counts[index++];
    }
    return (low + sorted[index]) / 2.0;
  }

  static double[] sortedCopy(String name, double[] values) {
    if (values == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    double[] copy = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] is NaN");
      }
      copy[i] = values[i] + 0.0;
    }
    Arrays.sort(copy);
    return copy;
  }
}
