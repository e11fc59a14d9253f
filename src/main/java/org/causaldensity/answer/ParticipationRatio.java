package org.causaldensity.answer;

import org.causaldensity.linalg.Gemm;

/**
 * Participation ratio PR = tr(C_w)² / tr(C_w²) of the covariance seen through the metric, C_w = M^{1/2} C M^{1/2}.
 * By the cyclic trace, tr(C_w) = tr(MC) and tr(C_w²) = tr(MCMC) = Σᵢⱼ (MC)ᵢⱼ (MC)ⱼᵢ, so no square root or
 * eigen-decomposition of M is needed. PR lies in [1, d] and equals r for an isotropic spread over r directions.
 */
public final class ParticipationRatio {
  private static final int TILE = 64;

  private ParticipationRatio() {}

  /** PR with M = I: tr(C)² / Σᵢⱼ Cᵢⱼ² for a symmetric row-major d×d covariance; NaN when C is all zero. */
  public static double of(double[] covariance, int d) {
    checkSquare("covariance", covariance, d);
    double trace = 0;
    double sumSquares = 0;
    for (int i = 0; i < d; i++) {
      trace += covariance[i * d + i];
      for (int j = 0; j < d; j++) {
        double c = covariance[i * d + j];
        sumSquares += c * c;
      }
    }
    return trace * trace / sumSquares;
  }

  /**
   * PR of the M-whitened covariance for a symmetric positive semi-definite metric M (row-major d×d, as C); NaN when
   * tr(MCMC) is 0. Cost d³ multiply-adds (about 17·10⁹ for d = 2560).
   */
  public static double of(double[] covariance, double[] metric, int d) {
    checkSquare("covariance", covariance, d);
    checkSquare("metric", metric, d);
    double[] product = multiply(metric, covariance, d);
    double trace = 0;
    double traceOfSquare = 0;
    for (int i = 0; i < d; i++) {
      trace += product[i * d + i];
      for (int j = 0; j < d; j++) {
        traceOfSquare += product[i * d + j] * product[j * d + i];
      }
    }
    return trace * trace / traceOfSquare;
  }

  /**
   * PR from the product MC (row-major d×d) computed elsewhere, e.g. by {@code linalg.Gemm}: tr(MC)² / Σᵢⱼ (MC)ᵢⱼ
   * (MC)ⱼᵢ; NaN when the denominator is 0.
   */
  public static double ofMetricProduct(float[] metricTimesCovariance, int d) {
    if (metricTimesCovariance.length != (long) d * d) {
      throw new IllegalArgumentException("MC must have d*d = " + (long) d * d + " values, got "
          + metricTimesCovariance.length);
    }
    double trace = 0;
    double traceOfSquare = 0;
    for (int i = 0; i < d; i++) {
      trace += metricTimesCovariance[i * d + i];
      for (int j = 0; j < d; j++) {
        traceOfSquare += (double) metricTimesCovariance[i * d + j] * metricTimesCovariance[j * d + i];
      }
    }
    return traceOfSquare == 0 ? Double.NaN : trace * trace / traceOfSquare;
  }

  /**
   * PR of the M-whitened covariance with MC from the float32 GEMM kernel on {@code threads} threads (at d = 2560,
   * much faster than {@link #of(double[], double[], int)}); metric and covariance are row-major d×d.
   */
  public static double ofMetricAndCovariance(float[] metric, double[] covariance, int d, int threads) {
    float[] c = new float[covariance.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = (float) covariance[i];
    }
    float[] mc = new float[c.length];
    Gemm.multiply(metric, d, c, d, d, mc, threads);
    return ofMetricProduct(mc, d);
  }

  /**
   * The participation ratio of a symmetric metric's own spectrum, (Σλ)² / Σλ² = tr(M)² / tr(M²), from the row-major
   * d×d float32 M without an eigen-decomposition (tr(M²) = Σᵢⱼ Mᵢⱼ² for symmetric M), in float64. Lies in [1, d] for
   * positive semi-definite M and equals r when M has r equal non-zero eigenvalues; NaN when M is all zero.
   */
  public static double ofMetric(float[] metric, int d) {
    if (d < 1 || metric == null || metric.length != (long) d * d) {
      throw new IllegalArgumentException("metric must have d*d values for d >= 1, got d = " + d + " and "
          + (metric == null ? 0 : metric.length) + " values");
    }
    double[] widened = new double[metric.length];
    for (int i = 0; i < widened.length; i++) {
      widened[i] = metric[i];
    }
    return of(widened, d); // tr(M)² / Σᵢⱼ Mᵢⱼ², as for a covariance with M = I
  }

  /** A·B for row-major d×d arrays, tiled so a block of B stays in cache while rows of A sweep it. */
  static double[] multiply(double[] a, double[] b, int d) {
    double[] c = new double[d * d];
    for (int k0 = 0; k0 < d; k0 += TILE) {
      int k1 = Math.min(d, k0 + TILE);
      for (int j0 = 0; j0 < d; j0 += 4 * TILE) {
        int j1 = Math.min(d, j0 + 4 * TILE);
        for (int i = 0; i < d; i++) {
          int rowA = i * d;
          int k = k0;
          // Four k per sweep: four multiply-adds per load and store of the output row.
          for (; k + 4 <= k1; k += 4) {
            double a0 = a[rowA + k];
            double a1 = a[rowA + k + 1];
            double a2 = a[rowA + k + 2];
            double a3 = a[rowA + k + 3];
            int b0 = k * d;
            int b1 = b0 + d;
            int b2 = b1 + d;
            int b3 = b2 + d;
            for (int j = j0; j < j1; j++) {
              c[rowA + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
            }
          }
          for (; k < k1; k++) {
            double aik = a[rowA + k];
            int rowB = k * d;
            for (int j = j0; j < j1; j++) {
              c[rowA + j] += aik * b[rowB + j];
            }
          }
        }
      }
    }
    return c;
  }

  private static void checkSquare(String name, double[] matrix, int d) {
    if (d < 1) {
      throw new IllegalArgumentException("d must be >= 1, got " + d);
    }
    if (matrix == null || matrix.length != (long) d * d) {
      throw InvalidArgument.of(name, "has %d values, expected %d x %d = %d",
          matrix == null ? 0 : matrix.length, d, d, (long) d * d);
    }
    for (int i = 0; i < matrix.length; i++) {
      if (!Double.isFinite(matrix[i])) {
        throw InvalidArgument.of(name, "entry (%d, %d) is %s, expected finite", i / d, i % d, matrix[i]);
      }
    }
  }
}
