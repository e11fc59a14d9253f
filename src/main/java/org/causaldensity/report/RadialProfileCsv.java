package org.causaldensity.report;

import java.util.Locale;

/** {@code radial_profile.csv}: one line per causal-norm bin, as plotted. */
public final class RadialProfileCsv {
  private RadialProfileCsv() {}

  /**
   * One header line, then per bin: index, lower and upper edge, center, token count, mean and population std of the
   * density in the bin (0 for empty bins, as the notebook). {@code edges} has one more value than the other arrays.
   */
  public static String render(double[] edges, double[] centers, long[] count, double[] mean, double[] std) {
    int bins = centers.length;
    if (edges.length != bins + 1 || count.length != bins || mean.length != bins || std.length != bins) {
      throw new IllegalArgumentException("radial profile arrays disagree: edges " + edges.length + ", centers "
          + bins + ", count " + count.length + ", mean " + mean.length + ", std " + std.length);
    }
    StringBuilder csv = new StringBuilder("bin,norm_lower,norm_upper,norm_center,count,mean_density,std_density\n");
    for (int b = 0; b < bins; b++) {
      csv.append(String.format(Locale.ROOT, "%d,%.17g,%.17g,%.17g,%d,%.17g,%.17g%n", b, edges[b], edges[b + 1],
          centers[b], count[b], mean[b], std[b]));
    }
    return csv.toString();
  }
}
