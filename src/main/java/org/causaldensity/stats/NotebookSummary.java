package org.causaldensity.stats;

import java.util.LinkedHashMap;
import java.util.Map;
import org.causaldensity.density.KnnDensity;

/**
 * Every number the notebook prints or plots, computed as the notebook does (numpy semantics), for the
 * {@code "notebook"} block of summary.json. The one repair: the volumetric density uses log Γ instead of
 * Γ(d/2+1), which overflowed and left the notebook with 0 valid entries. Immutable.
 */
public final class NotebookSummary {
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
    double[] thresholds = NumpyStats.percentiles(causalNorms, 10, 40, 50, 60, 90);
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

  /**
   * The notebook block as nested LinkedHashMaps (insertion-ordered), arrays as double[] / long[]: keys n_tokens,
   * k, d_eff, token_index_range, density, n_zero_density, log_volumetric_density, causal_norm, radial_profile,
   * regions, thresholds, core_shell_ratio, verdict. Statistics of an empty set are NaN.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n_tokens", (long) nTokens);
    m.put("k", (long) k);
    m.put("d_eff", dEff);
    m.put("token_index_range", tokenIndexRange.clone());
    m.put("density", stats(density));
    m.put("n_zero_density", nZeroDensity);
    Map<String, Object> logVolumetricMap = stats(logVolumetric);
    logVolumetricMap.put("valid", logVolumetricValid);
    m.put("log_volumetric_density", logVolumetricMap);
    m.put("causal_norm", stats(causalNorm));
    Map<String, Object> radial = new LinkedHashMap<>();
    radial.put("edges", profile.edges());
    radial.put("centers", profile.centers());
    radial.put("mean_density", profile.meanDensity());
    radial.put("std_density", profile.stdDensity());
    radial.put("count", profile.count());
    m.put("radial_profile", radial);
    Map<String, Object> regionMap = new LinkedHashMap<>();
    regionMap.put("core", region(regions.core()));
    regionMap.put("shell", region(regions.shell()));
    regionMap.put("outer", region(regions.outer()));
    m.put("regions", regionMap);
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("p10", thresholds[0]);
    t.put("p40", thresholds[1]);
    t.put("p50", thresholds[2]);
    t.put("p60", thresholds[3]);
    t.put("p90", thresholds[4]);
    m.put("thresholds", t);
    m.put("core_shell_ratio", regions.coreShellRatio());
    m.put("verdict", regions.verdict());
    return m;
  }

  private static Map<String, Object> stats(double[] fourStats) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("min", fourStats[0]);
    m.put("max", fourStats[1]);
    m.put("mean", fourStats[2]);
    m.put("median", fourStats[3]);
    return m;
  }

  private static Map<String, Object> region(Regions.Region r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", (long) r.n());
    m.put("mean_density", r.meanDensity());
    m.put("std_density", r.stdDensity());
    return m;
  }
}
