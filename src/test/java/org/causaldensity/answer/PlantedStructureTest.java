package org.causaldensity.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Gaussian clouds in 32 dimensions where the truth is known by construction; the causal norm is the Euclidean norm
 * and densities come from brute-force k = 20 neighbours, as the pipeline computes them.
 */
class PlantedStructureTest {
  private static final int DIMENSIONS = 32;
  private static final int K = 20;
  private static final int BULK = 1700;
  private static final int CORE = 300;
  /** The bulk sits this far out, so the tight or loose cloud at the origin is the small-norm core. */
  private static final double BULK_DISTANCE = 20;
  private static final double NO_GRADIENT_TOLERANCE = 0.1;

  @Test
  void coreCloudFiveTimesTighterThanTheBulkIsDenser() {
    DensityComparison result = plant(0.2, 1.0, 1).all();
    assertEquals(Verdict.DENSER, result.verdict(), result.toString());
    assertTrue(result.interval().lower() > 3, "a 5x tighter cloud has ~5x the density: " + result.interval());
    assertTrue(result.interval().lower() <= result.estimate() && result.estimate() <= result.interval().upper());
  }

  @Test
  void coreCloudFiveTimesLooserThanTheBulkIsSparser() {
    DensityComparison result = plant(1.0, 0.2, 2).all();
    assertEquals(Verdict.SPARSER, result.verdict(), result.toString());
    assertTrue(result.interval().upper() < 1 / 3.0, "a 5x looser cloud has ~1/5 the density: " + result.interval());
  }

  @Test
  void oneCloudWithNoRadialStructureIsSimilar() {
    Random random = new Random(3);
    double[][] points = SyntheticClouds.gaussian(random, BULK + CORE, bulkCenter(), 1.0);
    DensityComparison result = compare(points).all();
    assertEquals(Verdict.SIMILAR, result.verdict(), result.toString());
    // The near side of a cloud is its edge, a few percent less dense than its middle: close to 1, not exactly 1.
    assertEquals(1.0, result.estimate(), NO_GRADIENT_TOLERANCE, result.toString());
  }

  @Test
  void coreOfDuplicateStacksLooksDenserOnlyUntilTheDuplicatesAreExcluded() {
    Random random = new Random(4);
    double[][] loose = SyntheticClouds.gaussian(random, CORE, new double[DIMENSIONS], 1.0);
    // 210 of the 300 loose tokens sit in 10 stacks of 21 identical points: every one of a token's k = 20 nearest
    // others is at distance 0, so its density is +∞ and the core's median is too.
    for (int stack = 0; stack < 10; stack++) {
      for (int copy = 1; copy < 21; copy++) {
        loose[stack * 21 + copy] = loose[stack * 21].clone();
      }
    }
    double[][] points = SyntheticClouds.concat(loose, SyntheticClouds.gaussian(random, BULK, bulkCenter(), 0.2));
    CoreDensityAnswer answer = compare(points);
    assertEquals(210, answer.degenerateTokens());
    assertEquals(Verdict.DENSER, answer.all().verdict(), answer.all().toString());
    assertEquals(Double.POSITIVE_INFINITY, answer.all().estimate());
    assertEquals(Verdict.SPARSER, answer.excludingDegenerate().verdict(), answer.excludingDegenerate().toString());
  }

  private static CoreDensityAnswer plant(double coreSigma, double bulkSigma, long seed) {
    Random random = new Random(seed);
    double[][] core = SyntheticClouds.gaussian(random, CORE, new double[DIMENSIONS], coreSigma);
    double[][] bulk = SyntheticClouds.gaussian(random, BULK, bulkCenter(), bulkSigma);
    return compare(SyntheticClouds.concat(core, bulk));
  }

  private static CoreDensityAnswer compare(double[][] points) {
    double[][] knn = SyntheticClouds.knnDistances(points, K);
    return RegionComparison.compare(SyntheticClouds.norms(points), SyntheticClouds.densities(knn),
        SyntheticClouds.exactDuplicates(knn), ComparisonSettings.defaults());
  }

  private static double[] bulkCenter() {
    double[] center = new double[DIMENSIONS];
    center[0] = BULK_DISTANCE;
    return center;
  }
}
