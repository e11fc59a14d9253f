package org.causaldensity.answer;

import java.util.Arrays;
import java.util.Random;

/** Point sets whose structure is known, and their brute-force neighbours, for tests. */
final class SyntheticClouds {
  private SyntheticClouds() {}

  /** n points, Gaussian with sd sigma around center. */
  static double[][] gaussian(Random random, int n, double[] center, double sigma) {
    double[][] points = new double[n][center.length];
    for (double[] p : points) {
      for (int a = 0; a < p.length; a++) {
        p[a] = center[a] + sigma * random.nextGaussian();
      }
    }
    return points;
  }

  /** n standard Gaussian points in a random r-dimensional linear subspace of R^ambient (orthonormal basis). */
  static double[][] gaussianInSubspace(Random random, int n, int r, int ambient) {
    double[][] basis = orthonormalBasis(random, r, ambient);
    double[][] points = new double[n][ambient];
    for (double[] p : points) {
      for (int j = 0; j < r; j++) {
        double c = random.nextGaussian();
        for (int a = 0; a < ambient; a++) {
          p[a] += c * basis[j][a];
        }
      }
    }
    return points;
  }

  /** r orthonormal vectors in R^ambient by Gram–Schmidt on Gaussian vectors. */
  static double[][] orthonormalBasis(Random random, int r, int ambient) {
    double[][] basis = new double[r][ambient];
    for (int j = 0; j < r; j++) {
      double[] v = basis[j];
      for (int a = 0; a < ambient; a++) {
        v[a] = random.nextGaussian();
      }
      for (int i = 0; i < j; i++) {
        double dot = dot(v, basis[i]);
        for (int a = 0; a < ambient; a++) {
          v[a] -= dot * basis[i][a];
        }
      }
      double norm = Math.sqrt(dot(v, v));
      for (int a = 0; a < ambient; a++) {
        v[a] /= norm;
      }
    }
    return basis;
  }

  static double[][] concat(double[][] a, double[][] b) {
    double[][] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** Each point's k nearest OTHER points' distances, ascending (self excluded by index), brute force. */
  static double[][] knnDistances(double[][] points, int k) {
    int n = points.length;
    double[][] all = new double[n][n];
    for (int i = 0; i < n; i++) {
      double[] p = points[i];
      for (int j = i + 1; j < n; j++) {
        all[i][j] = Math.sqrt(squaredDistance(p, points[j]));
        all[j][i] = all[i][j];
      }
    }
    double[][] knn = new double[n][];
    for (int i = 0; i < n; i++) {
      all[i][i] = Double.POSITIVE_INFINITY;
      Arrays.sort(all[i]);
      knn[i] = Arrays.copyOf(all[i], k);
    }
    return knn;
  }

  /** Σ (p − q)², four partial sums so the additions do not wait on each other. */
  private static double squaredDistance(double[] p, double[] q) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int a = 0;
    for (; a + 4 <= p.length; a += 4) {
      double d0 = p[a] - q[a];
      double d1 = p[a + 1] - q[a + 1];
      double d2 = p[a + 2] - q[a + 2];
      double d3 = p[a + 3] - q[a + 3];
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (; a < p.length; a++) {
      double d0 = p[a] - q[a];
      s0 += d0 * d0;
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** The product's density 1/mean kNN distance (+∞ at a mean of 0). */
  static double[] densities(double[][] knn) {
    double[] densities = new double[knn.length];
    for (int i = 0; i < knn.length; i++) {
      densities[i] = 1.0 / Arrays.stream(knn[i]).average().orElseThrow();
    }
    return densities;
  }

  /** Neighbours at distance exactly 0, per point. */
  static int[] exactDuplicates(double[][] knn) {
    int[] counts = new int[knn.length];
    for (int i = 0; i < knn.length; i++) {
      counts[i] = (int) Arrays.stream(knn[i]).filter(d -> d == 0).count();
    }
    return counts;
  }

  static double[] norms(double[][] points) {
    double[] norms = new double[points.length];
    for (int i = 0; i < points.length; i++) {
      norms[i] = Math.sqrt(dot(points[i], points[i]));
    }
    return norms;
  }

  static double dot(double[] x, double[] y) {
    double sum = 0;
    for (int a = 0; a < x.length; a++) {
      sum += x[a] * y[a];
    }
    return sum;
  }
}
