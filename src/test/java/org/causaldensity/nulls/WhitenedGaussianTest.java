package org.causaldensity.nulls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WhitenedGaussianTest {
  private static final int DRAWS = 20_000;
  /** Sample moments of 20,000 draws: a few percent; the factor is float32. */
  private static final double MOMENT_RELATIVE = 0.03;

  /**
   * With a non-trivial metric M and covariance C of rank 3 in 6 dimensions: the whitened mean has norm √(μᵀMμ)
   * (the causal norm of the mean), draws have E‖w‖² = μᵀMμ + tr(MC) and E‖w − w'‖² = 2·tr(MC), the causal distance.
   */
  @Test
  void drawsHaveTheCausalMomentsOfTheTokensGaussian() {
    int d = 6;
    Random random = new Random(9);
    double[] a = new double[d * d];
    for (int i = 0; i < a.length; i++) {
      a[i] = random.nextGaussian();
    }
    float[] metric = new float[d * d];
    double[] b = new double[d * 3];
    for (int i = 0; i < b.length; i++) {
      b[i] = random.nextGaussian();
    }
    double[] covariance = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double m = i == j ? 1 : 0; // M = I + AAᵀ/d, positive definite
        for (int q = 0; q < d; q++) {
          m += a[i * d + q] * a[j * d + q] / d;
        }
        metric[i * d + j] = (float) m;
        for (int q = 0; q < 3; q++) {
          covariance[i * d + j] += b[i * 3 + q] * b[j * 3 + q];
        }
      }
    }
    double[] mean = {1, -2, 0.5, 0, 3, 1};
    double muMmu = 0;
    double traceMC = 0;
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        muMmu += mean[i] * metric[i * d + j] * mean[j];
        traceMC += metric[i * d + j] * covariance[j * d + i];
      }
    }
    WhitenedGaussian gaussian = WhitenedGaussian.of(mean, covariance, metric, d, 1);
    assertEquals(d, gaussian.dimension());
    assertEquals(3, gaussian.rank());
    double meanNorm = 0;
    for (double m : gaussian.mean()) {
      meanNorm += m * m;
    }
    assertEquals(muMmu, meanNorm, 1e-9 * muMmu);

    double[] rows = NullPointSets.gaussian(DRAWS, gaussian, 4, 1);
    double squaredNorms = 0;
    double squaredSteps = 0;
    for (int i = 0; i < DRAWS; i++) {
      for (int c = 0; c < d; c++) {
        double x = rows[i * d + c];
        squaredNorms += x * x;
        if (i > 0) {
          double step = x - rows[(i - 1) * d + c];
          squaredSteps += step * step;
        }
      }
    }
    assertEquals(muMmu + traceMC, squaredNorms / DRAWS, MOMENT_RELATIVE * (muMmu + traceMC));
    assertEquals(2 * traceMC, squaredSteps / (DRAWS - 1), MOMENT_RELATIVE * 2 * traceMC);
  }
}
