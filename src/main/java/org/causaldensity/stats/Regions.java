package org.causaldensity.stats;

import java.util.Locale;

/**
 * The notebook's core / shell / outer comparison. Thresholds are np.percentile of the norms; core = norm &lt; p(core),
 * shell = p(shellLow) &lt; norm &lt; p(shellHigh), outer = norm &gt; p(outer), all strict as in the notebook; per region
 * the count, mean and population std of density; core/shell ratio of means and its verdict. Immutable.
 */
public final class Regions {
  /** One region: which tokens, and their density statistics. */
  public static final class Region {
    private final int[] members;
    private final double meanDensity;
    private final double stdDensity;

    Region(int[] members, double[] densities) {
      this.members = members;
      double[] values = new double[members.length];
      for (int i = 0; i < members.length; i++) {
        values[i] = densities[members[i]];
      }
      this.meanDensity = NumpyStats.mean(values);
      this.stdDensity = NumpyStats.std(values);
    }

    /** Number of tokens in the region. */
    public int n() {
      return members.length;
    }

    /** Positions (into the input arrays) of the region's tokens, ascending; a copy. */
    public int[] members() {
      return members.clone();
    }

    /** Mean density; NaN for an empty region (numpy's empty mean). */
    public double meanDensity() {
      return meanDensity;
    }

    /** Population std of density; NaN for an empty region. */
    public double stdDensity() {
      return stdDensity;
    }
  }

  private final double coreThreshold;
  private final double shellLow;
  private final double shellHigh;
  private final double outerThreshold;
  private final Region core;
  private final Region shell;
  private final Region outer;

  private Regions(double[] thresholds, Region core, Region shell, Region outer) {
    this.coreThreshold = thresholds[0];
    this.shellLow = thresholds[1];
    this.shellHigh = thresholds[2];
    this.outerThreshold = thresholds[3];
    this.core = core;
    this.shell = shell;
    this.outer = outer;
  }

  /** The notebook's regions (bands 10 / 40–60 / 90); see {@link #of(double[], double[], double, double, double, double)}. */
  public static Regions of(double[] norms, double[] densities) {
    return of(norms, densities, RegionBands.CORE_PERCENTILE, RegionBands.SHELL_LOWER_PERCENTILE,
        RegionBands.SHELL_UPPER_PERCENTILE, RegionBands.OUTER_PERCENTILE);
  }

  /**
   * Regions for the given percentile bands. Arrays of different lengths, an empty array, or a percentile outside
   * [0, 100] is an IllegalArgumentException; a NaN norm makes every threshold NaN and every region empty.
   */
  public static Regions of(double[] norms, double[] densities, double corePercentile, double shellLowPercentile,
      double shellHighPercentile, double outerPercentile) {
    if (norms.length != densities.length) {
      throw new IllegalArgumentException("norms and densities differ in length: " + norms.length + " vs "
          + densities.length);
    }
    double[] t = NumpyStats.percentiles(norms, corePercentile, shellLowPercentile, shellHighPercentile,
        outerPercentile);
    int n = norms.length;
    int[] core = new int[n];
    int[] shell = new int[n];
    int[] outer = new int[n];
    int nc = 0;
    int ns = 0;
    int no = 0;
    for (int i = 0; i < n; i++) {
      double x = norms[i];
      if (x < t[0]) {
        core[nc++] = i;
      }
      if (x > t[1] && x < t[2]) {
        shell[ns++] = i;
      }
      if (x > t[3]) {
        outer[no++] = i;
      }
    }
    return new Regions(t, new Region(java.util.Arrays.copyOf(core, nc), densities),
        new Region(java.util.Arrays.copyOf(shell, ns), densities),
        new Region(java.util.Arrays.copyOf(outer, no), densities));
  }

  /** The notebook's verdict for a core/shell ratio: "denser" above {@link RegionBands#DENSER_ABOVE}, "sparser" below
   * {@link RegionBands#SPARSER_BELOW}, else "similar" (NaN too). */
  public static String verdict(double ratio) {
    if (ratio > RegionBands.DENSER_ABOVE) {
      return "denser";
    }
    if (ratio < RegionBands.SPARSER_BELOW) {
      return "sparser";
    }
    return "similar";
  }

  /** p(core): tokens strictly below it are the core. */
  public double coreThreshold() {
    return coreThreshold;
  }

  /** p(shellLow): the shell is strictly above it. */
  public double shellLow() {
    return shellLow;
  }

  /** p(shellHigh): the shell is strictly below it. */
  public double shellHigh() {
    return shellHigh;
  }

  /** p(outer): tokens strictly above it are the outer region. */
  public double outerThreshold() {
    return outerThreshold;
  }

  /** The core region (may be empty). */
  public Region core() {
    return core;
  }

  /** The shell region (may be empty). */
  public Region shell() {
    return shell;
  }

  /** The outer region (may be empty). */
  public Region outer() {
    return outer;
  }

  /** Mean core density / mean shell density; NaN or ±Infinity when a region is empty or the shell mean is 0. */
  public double coreShellRatio() {
    return core.meanDensity() / shell.meanDensity();
  }

  /** {@link #verdict(double)} of {@link #coreShellRatio()}. */
  public String verdict() {
    return verdict(coreShellRatio());
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Regions{core n=%d, shell n=%d, outer n=%d, ratio=%.4g (%s)}", core.n(),
        shell.n(), outer.n(), coreShellRatio(), verdict());
  }
}
