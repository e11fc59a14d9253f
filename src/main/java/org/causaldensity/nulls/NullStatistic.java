package org.causaldensity.nulls;

import java.util.Arrays;
import org.causaldensity.answer.ComparisonSettings;
import org.causaldensity.answer.RegionBounds;
import org.causaldensity.answer.RegionSummary;
import org.causaldensity.density.KnnDensity;
import org.causaldensity.knn.exact.ExactKnn;
import org.causaldensity.knn.exact.KnnResult;

/**
 * The answer's statistic over a point set: each point's density is 1/mean distance to its k nearest other points,
 * its norm is its distance to the origin, regions are the settings' percentile bands of those norms, and the estimate
 * is median density core / median density shell, as {@code DensityComparison} computes it.
 */
public final class NullStatistic {
  private NullStatistic() {}

  /**
   * The median density ratio core/shell of the points (row-major n×dimension) at k neighbours, k in [1, n−1]; NaN when
   * the core or the shell is empty (e.g. many points tie at the smallest norm).
   */
  public static double medianDensityRatio(double[] rows, int n, int dimension, int k, ComparisonSettings settings,
      int threads) {
    KnnResult knn = ExactKnn.search(rows, n, dimension, k, threads);
    double[] norms = new double[n];
    double[] densities = new double[n];
    for (int i = 0; i < n; i++) {
      double squared = 0;
      for (int a = 0; a < dimension; a++) {
        double x = rows[i * dimension + a];
        squared += x * x;
      }
      norms[i] = Math.sqrt(squared);
      double sum = 0;
      for (int m = 0; m < k; m++) {
        sum += knn.distances()[i * k + m];
      }
      densities[i] = KnnDensity.density(sum / k);
    }
    RegionBounds bounds = RegionBounds.fromPercentiles(norms, settings);
    double[] core = new double[n];
    double[] shell = new double[n];
    int nCore = 0;
    int nShell = 0;
    for (int i = 0; i < n; i++) {
      if (bounds.isCore(norms[i])) {
        core[nCore++] = densities[i];
      }
      if (bounds.isShell(norms[i])) {
        shell[nShell++] = densities[i];
      }
    }
    return RegionSummary.of(Arrays.copyOf(core, nCore)).medianDensity()
        / RegionSummary.of(Arrays.copyOf(shell, nShell)).medianDensity();
  }
}
