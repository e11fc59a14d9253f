package org.causaldensity.nulls;

import java.util.SplittableRandom;
import org.causaldensity.linalg.Gemm;

/**
 * The point sets of the null models, in the whitened space of the causal metric (Euclidean distance there is the
 * causal distance, the norm is the causal norm). Each is a row-major n×dimension float64 array, a function of its
 * seed alone ({@link SplittableRandom}, normals by its {@code nextGaussian}).
 */
public final class NullPointSets {
  /** Rows of Gaussian draws multiplied at once: bounds the float32 scratch to this many rows. */
  private static final int DRAW_BLOCK = 1024;

  private NullPointSets() {}

  /**
   * Same norms, random directions: row i is norms[i]·u with u uniform on the unit sphere of R^dimension (a normalised
   * standard normal vector). Norms must be finite and ≥ 0; dimension ≥ 1.
   */
  public static double[] sameNormsRandomDirections(double[] norms, int dimension, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] rows = new double[norms.length * dimension];
    for (int i = 0; i < norms.length; i++) {
      if (!(norms[i] >= 0) || Double.isInfinite(norms[i])) {
        throw new IllegalArgumentException("norm " + i + " is " + norms[i] + ", expected finite and >= 0");
      }
      direction(random, rows, i * dimension, dimension, norms[i]);
    }
    return rows;
  }

  /**
   * n points uniform in the ball of R^dimension with the given radius: a uniform direction times radius·U^{1/dimension}.
   * radius ≥ 0 and finite, dimension ≥ 1.
   */
  public static double[] uniformBall(int n, int dimension, double radius, long seed) {
    if (!(radius >= 0) || Double.isInfinite(radius) || dimension < 1) {
      throw new IllegalArgumentException("need a finite radius >= 0 and dimension >= 1, got " + radius + ", "
          + dimension);
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] rows = new double[n * dimension];
    for (int i = 0; i < n; i++) {
      // 1 − U lies in (0, 1]: a point at the centre has probability 0, the radius is reachable.
      double r = radius * Math.pow(1.0 - random.nextDouble(), 1.0 / dimension);
      direction(random, rows, i * dimension, dimension, r);
    }
    return rows;
  }

  /** n draws of the whitened Gaussian: mean + G·z, z standard normal of the Gaussian's rank. */
  public static double[] gaussian(int n, WhitenedGaussian gaussian, long seed, int threads) {
    SplittableRandom random = new SplittableRandom(seed);
    int dimension = gaussian.dimension();
    int rank = gaussian.rank();
    double[] rows = new double[n * dimension];
    float[] z = new float[DRAW_BLOCK * rank];
    float[] w = new float[DRAW_BLOCK * dimension];
    for (int first = 0; first < n; first += DRAW_BLOCK) {
      int count = Math.min(DRAW_BLOCK, n - first);
      for (int i = 0; i < count * rank; i++) {
        z[i] = (float) random.nextGaussian();
      }
      Gemm.multiplyTransposed(z, count, gaussian.factor(), dimension, rank, w, threads); // z·Gᵀ
      for (int i = 0; i < count; i++) {
        for (int a = 0; a < dimension; a++) {
          rows[(first + i) * dimension + a] = gaussian.mean()[a] + w[i * dimension + a];
        }
      }
    }
    return rows;
  }

  /** Writes length·u into rows[offset .. offset+dimension), u uniform on the unit sphere. */
  private static void direction(SplittableRandom random, double[] rows, int offset, int dimension, double length) {
    double squared;
    do {
      squared = 0;
      for (int a = 0; a < dimension; a++) {
        double g = random.nextGaussian();
        rows[offset + a] = g;
        squared += g * g;
      }
    } while (squared == 0);
    double scale = length / Math.sqrt(squared);
    for (int a = 0; a < dimension; a++) {
      rows[offset + a] *= scale;
    }
  }
}
