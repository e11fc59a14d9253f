package org.causaldensity.norms;

import org.causaldensity.answer.CovarianceAccumulator;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.linalg.Cholesky;

/**
 * Park et al.'s causal inner product estimated from the unembedding: M = (Cov(γ) + λI)⁻¹ with Cov the population
 * covariance (divisor n) of the rows given and λ added to the diagonal (absolute, as the notebook's authors did),
 * inverted in float64 through a Cholesky factor and rounded to float32 (the dtype of their {@code M}).
 */
public final class MetricEstimate {
  private MetricEstimate() {}

  /**
   * (Cov + λI)⁻¹ of the rows accumulated in {@code covariance}, as float32 row-major d×d (exactly symmetric). No rows,
   * a negative or non-finite λ, or Cov + λI not positive definite in float64 (e.g. λ = 0 with fewer rows than
   * dimensions) is an inconsistent-inputs error naming {@code subject}.
   */
  public static float[] of(CovarianceAccumulator covariance, double ridge, String subject) {
    if (!(ridge >= 0) || Double.isInfinite(ridge)) {
      throw new IllegalArgumentException("ridge must be finite and >= 0, got " + ridge);
    }
    if (covariance.count() < 1) {
      throw CausalDensityException.inconsistent(subject, "no rows to estimate the metric from");
    }
    int d = covariance.dimension();
    double[] a = covariance.populationCovariance();
    for (int i = 0; i < d; i++) {
      a[i * d + i] += ridge;
    }
    int failed = Cholesky.factorLower(a, d);
    if (failed >= 0) {
      throw CausalDensityException.inconsistent(subject, "Cov(γ) + λI with λ = %s over %d rows is not positive "
          + "definite (Cholesky pivot %d of %d); raise --metric-ridge", ridge, covariance.count(), failed, d);
    }
    double[] inverse = Cholesky.inverseFromLower(a, d);
    float[] m = new float[inverse.length];
    for (int i = 0; i < m.length; i++) {
      m[i] = (float) inverse[i];
    }
    return m;
  }
}
