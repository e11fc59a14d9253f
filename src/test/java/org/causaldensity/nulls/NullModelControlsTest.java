package org.causaldensity.nulls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.causaldensity.answer.ComparisonSettings;
import org.causaldensity.answer.CovarianceAccumulator;
import org.causaldensity.report.summary.SummaryJson;
import org.junit.jupiter.api.Test;

/**
 * Planted truths for the null models, on point sets given directly in the whitened space (metric = identity):
 * a tight cluster at small norm, an isotropic Gaussian, a uniform ball.
 */
class NullModelControlsTest {
  private static final int N = 500;
  private static final int D = 24;
  private static final int K = 10;
  private static final int SEEDS = 3;
  private static final ComparisonSettings SETTINGS = ComparisonSettings.defaults();
  /** The observed ratio of a cloud drawn like its null may fall this far outside the seeds' [min, max]. */
  private static final double SEED_RANGE_SLACK = 0.05;

  @Test
  void tightClusterAtTheCoreIsFarDenserThanItsNormsImply() {
    Random random = new Random(1);
    double[][] points = new double[N][D];
    int cluster = N / 10 + 5; // a few more than the p10 core
    double[] centre = unit(random);
    for (int i = 0; i < N; i++) {
      for (int a = 0; a < D; a++) {
        points[i][a] = i < cluster ? 3 * centre[a] + 0.01 * random.nextGaussian() : random.nextGaussian();
      }
    }
    NullModels nulls = controls(points);
    assertTrue(nulls.observed() > 20, "the cluster is dense: observed " + nulls.observed());
    assertTrue(nulls.excessOverNormNull() > 10, "excess " + nulls.excessOverNormNull());
    assertEquals(NullModels.DENSER, nulls.statement());
  }

  @Test
  void isotropicGaussianIsAsItsNormsImply() {
    Random random = new Random(2);
    double[][] points = new double[N][D];
    for (double[] p : points) {
      for (int a = 0; a < D; a++) {
        p[a] = random.nextGaussian();
      }
    }
    NullModels nulls = controls(points);
    NullModelEstimates sameNorms = nulls.sameNormsRandomDirections();
    assertTrue(nulls.observed() > 1.05, "geometry alone makes the core denser: " + nulls.observed());
    assertTrue(nulls.observed() >= sameNorms.min() * (1 - SEED_RANGE_SLACK)
        && nulls.observed() <= sameNorms.max() * (1 + SEED_RANGE_SLACK), nulls.observed() + " vs " + sameNorms);
    assertEquals(1.0, nulls.excessOverNormNull(), (sameNorms.max() - sameNorms.min()) / sameNorms.mean()
        + SEED_RANGE_SLACK);
    assertEquals(NullModels.AS_NORMS_IMPLY, nulls.statement());
    NullModelEstimates gaussian = nulls.gaussian();
    assertTrue(nulls.observed() >= gaussian.min() * (1 - SEED_RANGE_SLACK)
        && nulls.observed() <= gaussian.max() * (1 + SEED_RANGE_SLACK), nulls.observed() + " vs " + gaussian);
  }

  @Test
  void uniformBallIsSimilarAndSoIsItsNull() {
    Random random = new Random(3);
    double[][] points = new double[N][D];
    for (double[] p : points) {
      double[] u = unit(random);
      double r = 2 * Math.pow(random.nextDouble(), 1.0 / D);
      for (int a = 0; a < D; a++) {
        p[a] = r * u[a];
      }
    }
    NullModels nulls = controls(points);
    assertTrue(nulls.observed() > 0.67 && nulls.observed() < 1.5, "observed " + nulls.observed());
    assertTrue(nulls.uniformBall().min() > 0.67 && nulls.uniformBall().max() < 1.5, nulls.uniformBall().toString());
    assertEquals(D, nulls.uniformBall().dimension());
  }

  @Test
  void blockHasTheIssuesKeysAndIsByteIdenticalForASeed() throws Exception {
    Random random = new Random(5);
    double[][] points = new double[200][8];
    for (double[] p : points) {
      for (int a = 0; a < p.length; a++) {
        p[a] = random.nextGaussian();
      }
    }
    String first = SummaryJson.render(Map.of("null_models", controls(points)));
    String second = SummaryJson.render(Map.of("null_models", controls(points)));
    assertEquals(first, second);
    JsonNode block = new ObjectMapper().readTree(first).get("null_models");
    assertEquals(List.of("statistic", "k", "observed", "same_norms_random_directions", "gaussian", "uniform_ball",
        "excess_over_norm_null", "statement", "documentation"), names(block));
    for (String model : List.of("same_norms_random_directions", "gaussian", "uniform_ball")) {
      JsonNode m = block.get(model);
      assertEquals(List.of("description", "dimension", "seeds", "estimates", "mean", "min", "max"), names(m));
      assertEquals(SEEDS, m.get("estimates").size());
      double sum = 0;
      for (JsonNode e : m.get("estimates")) {
        sum += e.asDouble();
      }
      assertEquals(sum / SEEDS, m.get("mean").asDouble(), 1e-12);
    }
  }

  @Test
  void statementFollowsTheAnswersBand() {
    assertEquals(NullModels.DENSER, NullModels.statement(1.51, 0.67, 1.5));
    assertEquals(NullModels.AS_NORMS_IMPLY, NullModels.statement(1.5, 0.67, 1.5));
    assertEquals(NullModels.AS_NORMS_IMPLY, NullModels.statement(0.67, 0.67, 1.5));
    assertEquals(NullModels.SPARSER, NullModels.statement(0.66, 0.67, 1.5));
    assertEquals(NullModels.UNDETERMINED, NullModels.statement(Double.NaN, 0.67, 1.5));
  }

  /** The controls for tokens at these whitened points (M = I), observed ratio by brute force. */
  private static NullModels controls(double[][] points) {
    int n = points.length;
    int d = points[0].length;
    double[] rows = new double[n * d];
    double[] norms = new double[n];
    for (int i = 0; i < n; i++) {
      double squared = 0;
      for (int a = 0; a < d; a++) {
        rows[i * d + a] = points[i][a];
        squared += points[i][a] * points[i][a];
      }
      norms[i] = Math.sqrt(squared);
    }
    double observed = bruteForceRatio(points, norms);
    CovarianceAccumulator moments = new CovarianceAccumulator(d).add(points);
    float[] identity = new float[d * d];
    for (int a = 0; a < d; a++) {
      identity[a * d + a] = 1;
    }
    WhitenedGaussian gaussian = WhitenedGaussian.of(moments.mean(), moments.covariance(), identity, d, 1);
    return NullModelControls.compute(norms, observed, gaussian, d, K, SEEDS, SETTINGS, 2);
  }

  /** Median density core (norm < p10) / shell (p40 < norm < p60), densities by sorting every distance. */
  private static double bruteForceRatio(double[][] points, double[] norms) {
    int n = points.length;
    double[] densities = new double[n];
    for (int i = 0; i < n; i++) {
      double[] distances = new double[n - 1];
      int m = 0;
      for (int j = 0; j < n; j++) {
        if (j != i) {
          double s = 0;
          for (int a = 0; a < points[i].length; a++) {
            double diff = points[i][a] - points[j][a];
            s += diff * diff;
          }
          distances[m++] = Math.sqrt(s);
        }
      }
      java.util.Arrays.sort(distances);
      double sum = 0;
      for (int q = 0; q < K; q++) {
        sum += distances[q];
      }
      densities[i] = K / sum;
    }
    double p10 = percentile(norms, 10);
    double p40 = percentile(norms, 40);
    double p60 = percentile(norms, 60);
    List<Double> core = new ArrayList<>();
    List<Double> shell = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (norms[i] < p10) {
        core.add(densities[i]);
      } else if (norms[i] > p40 && norms[i] < p60) {
        shell.add(densities[i]);
      }
    }
    return median(core) / median(shell);
  }

  /** numpy's linear percentile. */
  private static double percentile(double[] values, double q) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    double position = q / 100 * (sorted.length - 1);
    int low = (int) Math.floor(position);
    int high = Math.min(sorted.length - 1, low + 1);
    return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double[] unit(Random random) {
    double[] u = new double[D];
    double s = 0;
    for (int a = 0; a < D; a++) {
      u[a] = random.nextGaussian();
      s += u[a] * u[a];
    }
    for (int a = 0; a < D; a++) {
      u[a] /= Math.sqrt(s);
    }
    return u;
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
