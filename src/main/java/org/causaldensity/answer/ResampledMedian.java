package org.causaldensity.answer;

import java.util.SplittableRandom;

/**
 * The median of a bootstrap resample, drawn from its exact distribution without drawing the resample. Drawing n
 * indices uniformly from [0, n) is drawing n uniforms U on (0, 1) and taking ⌊n·U⌋; flooring keeps the order, so the
 * resample's (r+1)-th smallest value is sorted[⌊n·U₍ᵣ₊₁₎⌋] with U₍ᵣ₊₁₎ ~ Beta(r+1, n−r). For even n the next order
 * statistic is U₍ᵣ₊₁₎ plus the smallest of the n−r−1 uniforms above it: U₍ᵣ₊₂₎ = u + (1−u)(1 − V^{1/(n−r−1)}).
 */
final class ResampledMedian {
  private ResampledMedian() {}

  /**
   * The median (numpy's: the mean of the two middle values for even n) of n values drawn with replacement from
   * {@code sorted} (ascending, n ≥ 1). +∞ values are allowed (∞ + finite = ∞).
   */
  static double draw(double[] sorted, SplittableRandom random) {
    int n = sorted.length;
    int lowRank = (n - 1) / 2;
    double low = beta(lowRank + 1, n - lowRank, random);
    int lowIndex = index(low, n);
    if (n % 2 == 1) {
      return sorted[lowIndex];
    }
    // n even: n − lowRank − 1 = n/2 ≥ 1 uniforms lie above the lower middle one.
    double above = 1.0 - Math.pow(1.0 - random.nextDouble(), 1.0 / (n - lowRank - 1));
    int highIndex = index(low + (1.0 - low) * above, n);
    return (sorted[lowIndex] + sorted[highIndex]) / 2.0;
  }

  /** ⌊n·u⌋ for u in [0, 1], kept in [0, n) against rounding at u = 1. */
  private static int index(double u, int n) {
    return Math.min(n - 1, (int) (n * u));
  }

  /** Beta(a, b) for a, b ≥ 1, as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
  static double beta(double a, double b, SplittableRandom random) {
    double x = gamma(a, random);
    double y = gamma(b, random);
    return x / (x + y);
  }

  /** Gamma(shape, 1) for shape ≥ 1 by Marsaglia and Tsang (2000): a squeeze, then an exact acceptance test. */
  static double gamma(double shape, SplittableRandom random) {
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / Math.sqrt(9.0 * d);
    while (true) {
      double x = random.nextGaussian();
      double v = 1.0 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = random.nextDouble();
      double x2 = x * x;
      if (u < 1.0 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
        return d * v;
      }
    }
  }
}
