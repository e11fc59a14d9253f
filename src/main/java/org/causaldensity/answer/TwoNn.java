package org.causaldensity.answer;

import java.util.Arrays;

/**
 * TwoNN intrinsic dimension (Facco, d'Errico, Rodriguez, Laio 2017) from each token's two nearest other tokens:
 * μ = r₂/r₁ is Pareto with exponent d. Tokens with r₁ = 0 (an exact duplicate) have no μ and are skipped.
 */
public final class TwoNn {
  private TwoNn() {}

  /**
   * Maximum likelihood d = N / Σ log μᵢ over the N tokens with r₁ &gt; 0; NaN when there are none, +∞ when every
   * μ is 1. Rows need at least two ascending distances.
   */
  public static DimensionEstimate maximumLikelihood(double[][] knnDistances) {
    NeighbourDistances.check(knnDistances, 2);
    long used = 0;
    double sumLogRatio = 0;
    for (double[] row : knnDistances) {
      if (row[0] > 0) {
        sumLogRatio += Math.log(row[1] / row[0]);
        used++;
      }
    }
    double estimate = used == 0 ? Double.NaN : used / sumLogRatio;
    return new DimensionEstimate("twonn_mle", estimate, used, knnDistances.length - used);
  }

  /**
   * The paper's linear fit: sort the N usable μ, keep the smallest ⌊N(1 − discardFraction)⌋, and fit
   * −log(1 − i/N) = d log μ₍ᵢ₎ (i = 1.., Facco's empirical CDF) through the origin by least squares. NaN when fewer
   * than one μ is kept or all kept μ are 1. Requires 0 &lt; discardFraction &lt; 1.
   */
  public static DimensionEstimate linearFit(double[][] knnDistances, double discardFraction) {
    if (!(discardFraction > 0 && discardFraction < 1)) {
      // The largest μ must go: with i = N the empirical CDF is 1 and −log(1 − F) is infinite.
      throw new IllegalArgumentException("discardFraction must be in (0, 1), got " + discardFraction);
    }
    NeighbourDistances.check(knnDistances, 2);
    double[] logRatios = new double[knnDistances.length];
    int used = 0;
    for (double[] row : knnDistances) {
      if (row[0] > 0) {
        logRatios[used++] = Math.log(row[1] / row[0]);
      }
    }
    Arrays.sort(logRatios, 0, used);
    int kept = (int) (used * (1 - discardFraction));
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < kept; i++) {
      double x = logRatios[i];
      double y = -Math.log1p(-(i + 1) / (double) used);
      sxy += x * y;
      sxx += x * x;
    }
    double estimate = kept == 0 || sxx == 0 ? Double.NaN : sxy / sxx;
    return new DimensionEstimate("twonn_linear_fit", estimate, used, knnDistances.length - used);
  }
}
