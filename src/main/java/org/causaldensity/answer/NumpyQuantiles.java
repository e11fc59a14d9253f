package org.causaldensity.answer;

/**
 * numpy's default ("linear", Hyndman–Fan 7) percentile and its median, on values already sorted ascending.
 * Kept here, package-private, so this package does not depend on a parallel branch's statistics helpers.
 */
final class NumpyQuantiles {
  private NumpyQuantiles() {}

  /**
   * {@code np.percentile(sorted, percent)} with linear interpolation; NaN for no values. Equal to numpy bit for bit on
   * finite values; where the upper neighbour is +∞ this returns +∞ (the limit) instead of numpy's NaN.
   */
  static double percentile(double[] sorted, int count, double percent) {
    if (count == 0) {
      return Double.NaN;
    }
    double q = percent / 100.0;
    double virtualIndex = (count - 1) * q;
    if (virtualIndex >= count - 1) {
      return sorted[count - 1];
    }
    if (virtualIndex <= 0) {
      return sorted[0];
    }
    int previous = (int) Math.floor(virtualIndex);
    double t = virtualIndex - previous;
    double a = sorted[previous];
    double b = sorted[previous + 1];
    if (a == b || t == 0) {
      return a;
    }
    if (b == Double.POSITIVE_INFINITY) {
      return b;
    }
    // numpy's _lerp: the two forms keep the interpolation monotone near either end.
    double diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }

  /** {@code np.median(sorted)}: the mean of the two middle values for an even count; NaN for no values. */
  static double median(double[] sorted, int from, int count) {
    if (count == 0) {
      return Double.NaN;
    }
    int middle = from + count / 2;
    return count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
  }
}
