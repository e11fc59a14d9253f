package org.causaldensity.report;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.causaldensity.answer.RegionBounds;
import org.causaldensity.stats.RadialProfile;

/** The run's four plots, from the per-token values, the radial profile and the region thresholds. */
public final class PlotSet {
  private PlotSet() {}

  /** File name under plots/ → PNG bytes, in the report's order. */
  public static Map<String, byte[]> render(TokenColumns tokens, RadialProfile profile, RegionBounds bounds, int k,
      double dEff) {
    int n = tokens.size();
    Map<String, byte[]> plots = new LinkedHashMap<>();
    plots.put("density_vs_norm.png", Plots.logScatter(tokens.causalNorms(), tokens.densities(),
        String.format(Locale.ROOT, "Local density vs causal norm (N=%,d, k=%d)", n, k),
        "Local density 1/mean kNN distance (1/logometers)"));
    Map<String, double[]> regions = new LinkedHashMap<>();
    double[] norms = tokens.causalNorms();
    double[] densities = tokens.densities();
    regions.put("core", IntStream.range(0, n).filter(i -> bounds.isCore(norms[i])).mapToDouble(i -> densities[i])
        .toArray());
    regions.put("shell", IntStream.range(0, n).filter(i -> bounds.isShell(norms[i])).mapToDouble(i -> densities[i])
        .toArray());
    regions.put("outer", IntStream.range(0, n).filter(i -> bounds.isOuter(norms[i])).mapToDouble(i -> densities[i])
        .toArray());
    plots.put("region_densities.png", Plots.regionDensities(regions, "Local density by region"));
    double[] edges = profile.edges();
    plots.put("radial_profile.png", Plots.radialProfile(profile.centers(), profile.meanDensity(),
        profile.stdDensity(), profile.count(), edges.length > 1 ? edges[1] - edges[0] : 1,
        "Radial density profile (notebook estimator: exact duplicates scored 0)"));
    plots.put("log_volumetric_density_vs_norm.png", Plots.linearScatter(tokens.causalNorms(),
        tokens.logVolumetricDensities(),
        String.format(Locale.ROOT, "Log volumetric density vs causal norm (d_eff=%s)", trim(dEff)),
        "log ρ = log k − log V_d(r)  (natural log)"));
    return plots;
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }
}
