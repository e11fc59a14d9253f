package org.causaldensity.nulls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.causaldensity.answer.ComparisonSettings;
import org.causaldensity.answer.DensityComparison;
import org.causaldensity.stats.NumpyStats;

/**
 * Runs the three null models: for each, {@code seeds} point sets of the tokens' size, the answer's statistic on each
 * ({@link NullStatistic}, one exact all-pairs kNN pass per point set), and the observed ratio's excess over the
 * same-norms null. Point set s of every model is drawn with seed {@code settings.seed() + 1 + s}.
 */
public final class NullModelControls {
  private NullModelControls() {}

  /**
   * The block for tokens with the given causal norms (finite, ≥ 0; at least k + 1 of them) and observed median density
   * ratio, at the run's k. {@code gaussian} is the tokens' Gaussian in the whitened space, whose dimension is also
   * the same-norms null's; the uniform ball has round(dEff) dimensions (at least 1) and the tokens' median norm as
   * radius.
   */
  public static NullModels compute(double[] causalNorms, double observed, WhitenedGaussian gaussian, double dEff,
      int k, int seeds, ComparisonSettings settings, int threads) {
    int n = causalNorms.length;
    if (k < 1 || k > n - 1 || seeds < 1) {
      throw new IllegalArgumentException("need 1 <= k <= n-1 and seeds >= 1, got k = " + k + ", n = " + n
          + ", seeds = " + seeds);
    }
    int dimension = gaussian.dimension();
    int ballDimension = (int) Math.max(1, Math.round(dEff));
    double[] sorted = causalNorms.clone();
    Arrays.sort(sorted);
    double radius = NumpyStats.medianOfSorted(sorted, 0, n);
    List<Long> seedList = new ArrayList<>();
    List<Double> sameNorms = new ArrayList<>();
    List<Double> gaussians = new ArrayList<>();
    List<Double> balls = new ArrayList<>();
    for (int s = 0; s < seeds; s++) {
      long seed = settings.seed() + 1 + s;
      seedList.add(seed);
      sameNorms.add(NullStatistic.medianDensityRatio(NullPointSets.sameNormsRandomDirections(causalNorms, dimension,
          seed), n, dimension, k, settings, threads));
      gaussians.add(NullStatistic.medianDensityRatio(NullPointSets.gaussian(n, gaussian, seed, threads), n, dimension,
          k, settings, threads));
      balls.add(NullStatistic.medianDensityRatio(NullPointSets.uniformBall(n, ballDimension, radius, seed), n,
          ballDimension, k, settings, threads));
    }
    NullModelEstimates sameNormsBlock = NullModelEstimates.of("every token keeps its causal norm; its direction is "
        + "uniform on the sphere of the whitened space", dimension, seedList, sameNorms);
    NullModelEstimates gaussianBlock = NullModelEstimates.of("N draws of a Gaussian with the sampled tokens' mean and "
        + "covariance in the whitened space", dimension, seedList, gaussians);
    NullModelEstimates ballBlock = NullModelEstimates.of("N points uniform in a ball of d_eff dimensions with the "
        + "tokens' median causal norm as radius", ballDimension, seedList, balls);
    double excess = observed / sameNormsBlock.mean();
    return new NullModels(DensityComparison.STATISTIC, k, observed, sameNormsBlock, gaussianBlock, ballBlock, excess,
        NullModels.statement(excess, settings.sparserBelow(), settings.denserAbove()), NullModels.DOCUMENTATION);
  }
}
