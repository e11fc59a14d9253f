package org.causaldensity.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.causaldensity.answer.CovarianceAccumulator;
import org.causaldensity.answer.ParticipationRatio;
import org.junit.jupiter.api.Test;

/** The GEMM scatter against double loops, and fed into the covariance and participation ratio. */
class ScatterTest {
  /** float32 products over a few hundred rows: ~1e-6 of the largest scatter entry. */
  static final double TOLERANCE = 1e-5;

  static float[] rows(int n, int d, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] rows = new float[n * d];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = (float) (3 + random.nextGaussian() * (1 + i % d));
    }
    return rows;
  }

  @Test
  void scatterOfOddShapesEqualsDoubleLoops() {
    // d = 130 > the mirror tile and several register tiles; n = 1100 > one k-block of the GEMM.
    for (int[] shape : new int[][] {{1, 1}, {7, 3}, {33, 17}, {257, 40}, {40, 130}, {1100, 70}}) {
      int n = shape[0];
      int d = shape[1];
      float[] x = rows(n, d, n * 31L + d);
      double[] mean = new double[d];
      double[] scatter = Scatter.of(x, n, d, mean, 2);
      double[] expectedMean = new double[d];
      for (int r = 0; r < n; r++) {
        for (int a = 0; a < d; a++) {
          expectedMean[a] += x[r * d + a] / (double) n;
        }
      }
      assertArrayEquals(expectedMean, mean, 1e-9);
      double max = 0;
      double[] expected = new double[d * d];
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          for (int r = 0; r < n; r++) {
            expected[a * d + b] += (x[r * d + a] - expectedMean[a]) * (x[r * d + b] - expectedMean[b]);
          }
          max = Math.max(max, Math.abs(expected[a * d + b]));
        }
      }
      assertArrayEquals(expected, scatter, TOLERANCE * Math.max(1, max), n + "×" + d);
    }
  }

  @Test
  void twoThreadsGiveTheSameScatterAsOne() {
    // Large enough for the triangular split between two threads to start a second thread.
    int n = 300;
    int d = 200;
    float[] x = rows(n, d, 77);
    double[] one = Scatter.of(x, n, d, new double[d], 1);
    double[] two = Scatter.of(x, n, d, new double[d], 2);
    assertArrayEquals(one, two, 0.0);
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < a; b++) {
        assertEquals(one[b * d + a], one[a * d + b], 0.0, "mirrored entry " + a + "," + b);
      }
    }
  }

  @Test
  void mirrorCopiesTheUpperTriangleOnly() {
    int d = 150; // over two mirror tiles
    float[] upper = new float[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        upper[i * d + j] = j >= i ? i * 1000 + j : -1; // below the diagonal: garbage that must not be read
      }
    }
    double[] out = new double[d * d];
    Scatter.mirrorUpper(upper, d, out);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        assertEquals(Math.min(i, j) * 1000 + Math.max(i, j), out[i * d + j], 0.0, i + "," + j);
      }
    }
  }

  @Test
  void blocksMergedThroughAddScatterGiveTheWholeCovariance() {
    int d = 12;
    float[] x = rows(300, d, 5);
    CovarianceAccumulator merged = new CovarianceAccumulator(d);
    double[] mean = new double[d];
    for (int first = 0; first < 300; first += 70) {
      int count = Math.min(70, 300 - first);
      float[] block = java.util.Arrays.copyOfRange(x, first * d, (first + count) * d);
      merged.addScatter(count, mean, Scatter.of(block, count, d, mean, 1));
    }
    float[][] asRows = new float[300][];
    for (int r = 0; r < 300; r++) {
      asRows[r] = java.util.Arrays.copyOfRange(x, r * d, (r + 1) * d);
    }
    CovarianceAccumulator direct = new CovarianceAccumulator(d).add(asRows);
    assertEquals(300, merged.count());
    assertArrayEquals(direct.covariance(), merged.covariance(), 1e-4);
    assertArrayEquals(direct.mean(), merged.mean(), 1e-9);
  }

  @Test
  void blocksFoldedThroughAddScatterUpperWithReusedBuffersGiveTheWholeCovariance() {
    // As the norm stage does it: one scratch and one float product for every block, the last block shorter, and
    // garbage below the diagonal of the product that must never be read.
    int d = 45;
    int total = 1000;
    float[] x = rows(total, d, 11);
    CovarianceAccumulator folded = new CovarianceAccumulator(d);
    double[] mean = new double[d];
    float[] centred = new float[128 * d];
    float[] product = new float[d * d];
    java.util.Arrays.fill(product, Float.NaN);
    for (int first = 0; first < total; first += 128) {
      int count = Math.min(128, total - first);
      float[] block = java.util.Arrays.copyOfRange(x, first * d, (first + count) * d);
      Scatter.upper(block, count, d, mean, centred, product, 1);
      for (int a = 1; a < d; a++) {
        for (int b = 0; b < a; b++) {
          product[a * d + b] = Float.NaN;
        }
      }
      folded.addScatterUpper(count, mean, product);
    }
    float[][] asRows = new float[total][];
    for (int r = 0; r < total; r++) {
      asRows[r] = java.util.Arrays.copyOfRange(x, r * d, (r + 1) * d);
    }
    CovarianceAccumulator direct = new CovarianceAccumulator(d).add(asRows);
    assertEquals(total, folded.count());
    assertArrayEquals(direct.mean(), folded.mean(), 1e-9);
    double[] expected = direct.covariance();
    double max = 0;
    for (double v : expected) {
      max = Math.max(max, Math.abs(v));
    }
    assertArrayEquals(expected, folded.covariance(), 1e-5 * max);
  }

  @Test
  void participationRatioFromTheGemmProductEqualsTheDoubleOne() {
    int d = 24;
    float[] x = rows(400, d, 9);
    float[][] asRows = new float[400][];
    for (int r = 0; r < 400; r++) {
      asRows[r] = java.util.Arrays.copyOfRange(x, r * d, (r + 1) * d);
    }
    double[] cov = new CovarianceAccumulator(d).add(asRows).covariance();
    double[] metric = new double[d * d];
    float[] metric32 = new float[d * d];
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double v = i == j ? 2 + random.nextDouble() : 0.1 * random.nextGaussian();
        metric[i * d + j] = metric[j * d + i] = (float) v;
        metric32[i * d + j] = metric32[j * d + i] = (float) v;
      }
    }
    float[] c = new float[d * d];
    for (int i = 0; i < c.length; i++) {
      c[i] = (float) cov[i];
    }
    float[] mc = new float[d * d];
    Gemm.multiply(metric32, d, c, d, d, mc, 1);
    double expected = ParticipationRatio.of(cov, metric, d);
    assertEquals(expected, ParticipationRatio.ofMetricProduct(mc, d), 1e-5 * expected);
  }
}
