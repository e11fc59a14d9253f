package org.causaldensity.stats;

import org.causaldensity.density.KnnDensity;

/**
 * Every number the notebook prints or plots, computed as the notebook does (numpy semantics), for the
 * {@code "notebook"} block of summary.json. The one repair: the volumetric density uses log Γ instead of
 * Γ(d/2+1), which overflowed and left the notebook with 0 valid entries. Immutable.
 */
public final class NotebookSummary {
  /** The notebook also prints the median norm (p50) among its thresholds. */
  private static final double MEDIAN_PERCENTILE = 50;

  private final int nTokens;
  private final int k;
  private final double dEff;
  private final long[] tokenIndexRange;
  private final double[] density;
  private final long nZeroDensity;
  private final double[] logVolumetric;
  private final long logVolumetricValid;
  private final double[] causalNorm;
  private final RadialProfile profile;
  private final Regions regions;
  private final double[] thresholds;

  private NotebookSummary(int nTokens, int k, double dEff, long[] tokenIndexRange, double[] density,
      long nZeroDensity, double[] logVolumetric, long logVolumetricValid, double[] causalNorm, RadialProfile profile,
      Regions regions, double[] thresholds) {
    this.nTokens = nTokens;
    this.k = k;
    this.dEff = dEff;
    this.tokenIndexRange = tokenIndexRange;
    this.density = density;
    this.nZeroDensity = nZeroDensity;
    this.logVolumetric = logVolumetric;
    this.logVolumetricValid = logVolumetricValid;
    this.causalNorm = causalNorm;
    this.profile = profile;
    this.regions = regions;
    this.thresholds = thresholds;
  }

  /**
   * The summary of N tokens: their vocabulary ids, causal norms and notebook densities (same order), k, the
   * effective dimension and the number of radial bins. Different lengths, N = 0, k &lt; 1, d_eff not &gt; 0 or bins
   * &lt; 1 is an IllegalArgumentException; so is a NaN norm (numpy's digitize refuses it).
   */
  public static NotebookSummary compute(long[] tokenIds, double[] causalNorms, double[] notebookDensities, int k,
      double dEff, int bins) {
    int n = tokenIds.length;
    if (causalNorms.length != n || notebookDensities.length != n) {
      throw new IllegalArgumentException("tokenIds, causalNorms and notebookDensities differ in length: " + n
          + ", " + causalNorms.length + ", " + notebookDensities.length);
    }
    if (n == 0) {
      throw new IllegalArgumentException("tokenIds: no tokens");
    }
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    if (!(dEff > 0) || Double.isInfinite(dEff)) {
      throw new IllegalArgumentException("dEff must be a finite dimension > 0, got " + dEff);
    }
    long minId = Long.MAX_VALUE;
    long maxId = Long.MIN_VALUE;
    for (long id : tokenIds) {
      minId = Math.min(minId, id);
      maxId = Math.max(maxId, id);
    }
    long zeros = 0;
    int valid = 0;
    double[] logRho = new double[n];
    for (int i = 0; i < n; i++) {
      double rho = notebookDensities[i];
      if (rho == 0) {
        zeros++;
      }
      double r = 1.0 / rho; // the notebook's mean_distances[i]
      if (rho > 0 && r > 0 && Double.isFinite(r)) {
        double value = KnnDensity.logVolumetricDensity(k, dEff, r);
        if (Double.isFinite(value)) {
          logRho[valid++] = value;
        }
      }
    }
    double[] logValid = java.util.Arrays.copyOf(logRho, valid);
    double[] logStats = valid == 0
        ? new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN}
        : fourStats(logValid);
    RadialProfile profile = RadialProfile.of(causalNorms, notebookDensities, bins);
    Regions regions = Regions.of(causalNorms, notebookDensities);
    double[] thresholds = NumpyStats.percentiles(causalNorms, RegionBands.CORE_PERCENTILE,
        RegionBands.SHELL_LOWER_PERCENTILE, MEDIAN_PERCENTILE, RegionBands.SHELL_UPPER_PERCENTILE,
        RegionBands.OUTER_PERCENTILE);
    return new NotebookSummary(n, k, dEff, new long[] {minId, maxId}, fourStats(notebookDensities), zeros,
        logStats, valid, fourStats(causalNorms), profile, regions, thresholds);
  }

  /** min, max, mean, median, as the notebook prints them. */
  private static double[] fourStats(double[] values) {
    return new double[] {NumpyStats.min(values), NumpyStats.max(values), NumpyStats.mean(values),
        NumpyStats.median(values)};
  }

  /** The radial profile of the notebook block. */
  public RadialProfile radialProfile() {
    return profile;
  }

  /** The regions (bands 10 / 40–60 / 90) of the notebook block. */
  public Regions regions() {
    return regions;
  }

  /** Tokens with notebook density exactly 0 (no positive value among their k+1 nearest). */
  public long zeroDensityCount() {
    return nZeroDensity;
  }

  /** Tokens whose log volumetric density is defined (density &gt; 0). */
  public long logVolumetricValid() {
    return logVolumetricValid;
  }

  /** Number of tokens. */
  public long nTokens() {
    return nTokens;
  }

  /** Neighbours per token. */
  public long k() {
    return k;
  }

  /** The effective dimension of the volumetric density. */
  public double dEff() {
    return dEff;
  }

  /** [min, max] of the token ids; a copy. */
  public long[] tokenIndexRange() {
    return tokenIndexRange.clone();
  }

  /** min, max, mean, median of the notebook's density; a copy. */
  public double[] densityStats() {
    return density.clone();
  }

  /** min, max, mean, median of the valid log volumetric densities (NaN when none is valid); a copy. */
  public double[] logVolumetricStats() {
    return logVolumetric.clone();
  }

  /** min, max, mean, median of the causal norm; a copy. */
  public double[] causalNormStats() {
    return causalNorm.clone();
  }

  /** np.percentile of the norms at 10, 40, 50, 60, 90; a copy. */
  public double[] thresholds() {
    return thresholds.clone();
  }
}
