package org.causaldensity.stats;

/**
 * Density binned by causal norm, as the notebook's radial profile: edges = np.linspace(min, max, bins+1), bin =
 * np.digitize(norm, edges) − 1 clipped to [0, bins−1] (so the maximum lands in the last bin), and per bin the
 * mean, population std and count of the densities. Empty bins hold 0, 0, 0 (the notebook's np.zeros). Immutable.
 */
public final class RadialProfile {
  private final double[] edges;
  private final double[] centers;
  private final double[] meanDensity;
  private final double[] stdDensity;
  private final long[] count;

  private RadialProfile(double[] edges, double[] centers, double[] meanDensity, double[] stdDensity, long[] count) {
    this.edges = edges;
    this.centers = centers;
    this.meanDensity = meanDensity;
    this.stdDensity = stdDensity;
    this.count = count;
  }

  /**
   * The profile of densities over norms. Arrays of different lengths, an empty array, bins &lt; 1, or a NaN norm
   * (numpy's digitize refuses NaN edges) is an IllegalArgumentException.
   */
  public static RadialProfile of(double[] norms, double[] densities, int bins) {
    if (norms.length != densities.length) {
      throw new IllegalArgumentException("norms and densities differ in length: " + norms.length + " vs "
          + densities.length);
    }
    if (norms.length == 0) {
      throw new IllegalArgumentException("norms: empty array");
    }
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be >= 1, got " + bins);
    }
    for (int i = 0; i < norms.length; i++) {
      if (Double.isNaN(norms[i])) {
        throw new IllegalArgumentException("norms: NaN at index " + i);
      }
    }
    double[] edges = linspace(NumpyStats.min(norms), NumpyStats.max(norms), bins + 1);
    double[] centers = new double[bins];
    for (int i = 0; i < bins; i++) {
      centers[i] = (edges[i] + edges[i + 1]) / 2;
    }
    int[] binOf = new int[norms.length];
    long[] count = new long[bins];
    for (int i = 0; i < norms.length; i++) {
      int b = Math.max(0, Math.min(bins - 1, searchSortedRight(edges, norms[i]) - 1));
      binOf[i] = b;
      count[b]++;
    }
    double[][] members = new double[bins][];
    int[] filled = new int[bins];
    for (int b = 0; b < bins; b++) {
      members[b] = new double[(int) count[b]];
    }
    for (int i = 0; i < norms.length; i++) { // keeps array order, as densities[mask] does
      int b = binOf[i];
      members[b][filled[b]++] = densities[i];
    }
    double[] mean = new double[bins];
    double[] std = new double[bins];
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        mean[b] = NumpyStats.mean(members[b]);
        std[b] = NumpyStats.std(members[b]);
      }
    }
    return new RadialProfile(edges, centers, mean, std, count);
  }

  /** np.linspace(start, stop, num) with endpoint: start + i·step, the last exactly stop; num &gt;= 2. */
  static double[] linspace(double start, double stop, int num) {
    int div = num - 1;
    double delta = stop - start;
    double step = delta / div;
    double[] y = new double[num];
    for (int i = 0; i < num; i++) {
      y[i] = step == 0 ? ((double) i / div) * delta + start : i * step + start;
    }
    y[num - 1] = stop;
    return y;
  }

  /** np.searchsorted(sorted, x, side='right'): how many entries are &lt;= x. */
  static int searchSortedRight(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (x < sorted[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** The bins+1 edges; a copy. */
  public double[] edges() {
    return edges.clone();
  }

  /** Bin centers (e[i] + e[i+1]) / 2; a copy. */
  public double[] centers() {
    return centers.clone();
  }

  /** Mean density per bin, 0 for an empty bin; a copy. */
  public double[] meanDensity() {
    return meanDensity.clone();
  }

  /** Population std of density per bin, 0 for an empty bin; a copy. */
  public double[] stdDensity() {
    return stdDensity.clone();
  }

  /** Tokens per bin; a copy. */
  public long[] count() {
    return count.clone();
  }

  /** Number of bins. */
  public int bins() {
    return count.length;
  }
}
