package org.causaldensity.answer;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.causaldensity.stats.NumpyStats;

/**
 * Percentile bootstrap of median(numerator) / median(denominator), each sample resampled independently with
 * replacement. Each sample is sorted once. A resample of n values drawn with replacement from the sorted values has
 * the median sorted[⌊n·U₍ᵣ₎⌋] (averaged with the next order statistic for even n), where U₍ᵣ₎ is the r-th order
 * statistic of n uniforms, distributed Beta(r, n+1−r): drawing that order statistic directly gives the resampled
 * median's exact distribution in O(1) per resample instead of n draws ({@link ResampledMedian}). The robustness grid
 * computes two dozen such intervals per run; at n = 10,000 this made each 2000-resample interval ~0.1 s → ~1 ms.
 */
public final class MedianRatioBootstrap {
  static final double LOWER_PERCENT = 2.5;
  static final double UPPER_PERCENT = 97.5;

  private MedianRatioBootstrap() {}

  /**
   * 95% percentile interval of the median ratio from {@code resamples} resamples drawn with
   * {@code new SplittableRandom(seed)} (per resample: the numerator's median, then the denominator's). +∞ values
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
    double[] ratios = new double[resamples];
    int defined = 0;
    for (int b = 0; b < resamples; b++) {
      double ratio = ResampledMedian.draw(top, random) / ResampledMedian.draw(bottom, random);
      if (!Double.isNaN(ratio)) {
        ratios[defined++] = ratio;
      }
    }
    Arrays.sort(ratios, 0, defined);
    return new BootstrapInterval(NumpyStats.percentileOfSorted(ratios, 0, defined, LOWER_PERCENT),
        NumpyStats.percentileOfSorted(ratios, 0, defined, UPPER_PERCENT), resamples, seed, resamples - defined);
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
