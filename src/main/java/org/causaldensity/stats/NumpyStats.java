package org.causaldensity.stats;

import java.util.Arrays;
import java.util.Objects;

/**
 * numpy 1.24's float64 statistics, reproduced to the last bit where numpy is deterministic: sums are numpy's
 * pairwise summation (blocks of 128 with eight accumulators, inside buffers of 8192 elements), percentiles use
 * the default 'linear' method with numpy's own interpolation formula.
 *
 * <p>NaN behaves as in numpy: any NaN makes mean, std, median, min, max and percentile NaN. Where numpy returns
 * NaN for an empty array (mean, std, median) so does this class; where numpy raises (min, max, percentile), this
 * class throws IllegalArgumentException. The {@code *OfSorted} forms work on a range of an ascending array (no
 * copy, no sort; NaN for an empty range) and are the one percentile/median routine of the project: the answer's
 * thresholds and bootstrap use them too.
 */
public final class NumpyStats {
  private NumpyStats() {}

  /** numpy's ufunc buffer size: reductions over longer arrays proceed in chunks of this many elements. */
  private static final int BUFFER_SIZE = 8192;
  /** numpy's pairwise-summation block. */
  private static final int PAIRWISE_BLOCK = 128;

  /** np.sum: pairwise summation as numpy does it; 0 for an empty array. */
  public static double sum(double[] values) {
    return sum(values, 0, values.length);
  }

  /** np.sum of values[from, to). */
  static double sum(double[] values, int from, int to) {
    double total = 0.0;
    for (int start = from; start < to; start += BUFFER_SIZE) {
      total += pairwise(values, start, Math.min(BUFFER_SIZE, to - start));
    }
    return total;
  }

  /** numpy's pairwise_sum (loops_utils.h.src). */
  private static double pairwise(double[] a, int offset, int n) {
    if (n < 8) {
      double res = 0.0;
      for (int i = 0; i < n; i++) {
        res += a[offset + i];
      }
      return res;
    }
    if (n <= PAIRWISE_BLOCK) {
      double r0 = a[offset];
      double r1 = a[offset + 1];
      double r2 = a[offset + 2];
      double r3 = a[offset + 3];
      double r4 = a[offset + 4];
      double r5 = a[offset + 5];
      double r6 = a[offset + 6];
      double r7 = a[offset + 7];
      int i;
      for (i = 8; i < n - (n % 8); i += 8) {
        r0 += a[offset + i];
        r1 += a[offset + i + 1];
        r2 += a[offset + i + 2];
        r3 += a[offset + i + 3];
        r4 += a[offset + i + 4];
        r5 += a[offset + i + 5];
        r6 += a[offset + i + 6];
        r7 += a[offset + i + 7];
      }
      double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
      for (; i < n; i++) {
        res += a[offset + i];
      }
      return res;
    }
    int n2 = n / 2;
    n2 -= n2 % 8;
    return pairwise(a, offset, n2) + pairwise(a, offset + n2, n - n2);
  }

  /** np.mean; NaN for an empty array. */
  public static double mean(double[] values) {
    return sum(values) / values.length;
  }

  /** np.std with ddof=0 (population); NaN for an empty array. */
  public static double std(double[] values) {
    int n = values.length;
    double mean = mean(values);
    double[] squares = new double[n];
    for (int i = 0; i < n; i++) {
      double x = values[i] - mean;
      squares[i] = x * x;
    }
    return Math.sqrt(sum(squares) / n);
  }

  /** np.min; NaN if any value is NaN; empty is an IllegalArgumentException (numpy raises). */
  public static double min(double[] values) {
    requireNonEmpty(values, "min");
    double m = values[0];
    for (double v : values) {
      if (Double.isNaN(v)) {
        return Double.NaN;
      }
      if (v < m) {
        m = v;
      }
    }
    return m;
  }

  /** np.max; NaN if any value is NaN; empty is an IllegalArgumentException (numpy raises). */
  public static double max(double[] values) {
    requireNonEmpty(values, "max");
    double m = values[0];
    for (double v : values) {
      if (Double.isNaN(v)) {
        return Double.NaN;
      }
      if (v > m) {
        m = v;
      }
    }
    return m;
  }

  /** np.median: the middle value, or the numpy mean of the two middle values; NaN if any NaN or empty. */
  public static double median(double[] values) {
    return medianOfSorted(sortedCopy(values), 0, values.length);
  }

  /**
   * np.median of {@code sorted[from, from+count)}, already ascending (NaN last): the middle value or the numpy mean
   * of the two middle values, so +∞ beside a finite value gives +∞; NaN if the last value is NaN or count is 0.
   */
  public static double medianOfSorted(double[] sorted, int from, int count) {
    Objects.checkFromIndexSize(from, count, sorted.length);
    if (count == 0 || Double.isNaN(sorted[from + count - 1])) {
      return Double.NaN;
    }
    int half = from + count / 2;
    if (count % 2 == 1) {
      return 0.0 + sorted[half]; // np.mean of one value: 0 + a (turns -0.0 into 0.0 as numpy does)
    }
    return (0.0 + sorted[half - 1] + sorted[half]) / 2; // np.mean of two values: (0 + a + b) / 2
  }

  /**
   * np.percentile(values, q) with the default 'linear' method; NaN if any value is NaN. q outside [0, 100] or
   * NaN, or an empty array, is an IllegalArgumentException.
   */
  public static double percentile(double[] values, double q) {
    return percentileOfSorted(sortedCopy(checkedForPercentile(values, q)), 0, values.length, q);
  }

  /** Several percentiles of one array, sorting it once; same rules as {@link #percentile}. */
  public static double[] percentiles(double[] values, double... qs) {
    double[] sorted = null;
    double[] out = new double[qs.length];
    for (int i = 0; i < qs.length; i++) {
      checkedForPercentile(values, qs[i]);
      if (sorted == null) {
        sorted = sortedCopy(values);
      }
      out[i] = percentileOfSorted(sorted, 0, sorted.length, qs[i]);
    }
    return out;
  }

  private static double[] checkedForPercentile(double[] values, double q) {
    checkPercent(q);
    requireNonEmpty(values, "percentile");
    return values;
  }

  private static void checkPercent(double q) {
    if (!(q >= 0 && q <= 100)) {
      throw new IllegalArgumentException("q must be in [0, 100], got " + q);
    }
  }

  /**
   * np.percentile(q) of {@code sorted[from, from+count)}, already ascending (NaN last), with numpy's _quantile index
   * and _lerp formulas, so finite values give numpy's result bit for bit. NaN if the last value is NaN or count is
   * 0; q outside [0, 100] is an IllegalArgumentException. One deliberate difference: where the upper neighbour is
   * +∞ and carries weight, this returns +∞ (the limit) instead of the NaN of numpy's ∞ − ∞, so a prefix of a buffer
   * holding +∞ medians (the bootstrap's ratios) still has percentiles.
   */
  public static double percentileOfSorted(double[] sorted, int from, int count, double q) {
    checkPercent(q);
    Objects.checkFromIndexSize(from, count, sorted.length);
    if (count == 0 || Double.isNaN(sorted[from + count - 1])) {
      return Double.NaN;
    }
    double virtual = (count - 1) * (q / 100);
    double previous = Math.floor(virtual);
    int previousIndex = (int) previous;
    int nextIndex = previousIndex + 1;
    if (virtual >= count - 1) {
      // numpy points both at the last element and computes gamma against index -1.
      previousIndex = count - 1;
      nextIndex = count - 1;
      previous = -1;
    }
    double gamma = virtual - previous;
    double a = sorted[from + previousIndex];
    double b = sorted[from + nextIndex];
    if (b == Double.POSITIVE_INFINITY) {
      return gamma == 0 ? a : b;
    }
    double diff = b - a;
    return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
  }

  private static double[] sortedCopy(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted); // NaN last, like numpy's sort order
    return sorted;
  }

  private static void requireNonEmpty(double[] values, String what) {
    if (values.length == 0) {
      throw new IllegalArgumentException("values: empty array (numpy's " + what + " raises on it)");
    }
  }
}
