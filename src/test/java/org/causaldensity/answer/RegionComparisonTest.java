package org.causaldensity.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.causaldensity.io.CausalDensityException;
import org.junit.jupiter.api.Test;

class RegionComparisonTest {
  private static final double RELATIVE = 1e-12;
  /** Java's 2000-resample endpoints against numpy's 20000-resample ones: ~3.5 seed-to-seed standard deviations. */
  private static final double BOOTSTRAP_MONTE_CARLO = 0.06;
  private static final JsonNode REGIONS = AnswerFixture.root().get("regions");

  private static CoreDensityAnswer fixtureAnswer() {
    return RegionComparison.compare(AnswerFixture.float32s(REGIONS.get("norms")),
        AnswerFixture.float32s(REGIONS.get("densities")), ints(REGIONS.get("exact_duplicates")),
        ComparisonSettings.defaults());
  }

  @Test
  void thresholdsAreNumpyPercentilesOfTheNorms() {
    RegionBounds bounds = fixtureAnswer().bounds();
    double[] expected = AnswerFixture.doubles(REGIONS.get("thresholds"));
    assertEquals(expected[0], bounds.coreBelow(), 0.0);
    assertEquals(expected[1], bounds.shellAbove(), 0.0);
    assertEquals(expected[2], bounds.shellBelow(), 0.0);
    assertEquals(expected[3], bounds.outerAbove(), 0.0);
  }

  @Test
  void everyStatisticMatchesNumpyAndScipyWithAndWithoutDegenerateTokens() {
    CoreDensityAnswer answer = fixtureAnswer();
    assertEquals(REGIONS.get("degenerate_tokens").asInt(), answer.degenerateTokens());
    checkComparison(REGIONS.get("all"), answer.all());
    checkComparison(REGIONS.get("excluding_degenerate"), answer.excludingDegenerate());
  }

  @Test
  void infiniteShellDensityMakesTheRatioOfMeansZeroButNotTheMedianRatio() {
    DensityComparison all = fixtureAnswer().all();
    assertEquals(1, all.shell().infiniteDensities());
    assertEquals(0.0, all.ratioOfMeans());
    assertTrue(Double.isFinite(all.estimate()));
  }

  @Test
  void mapCarriesTheFieldsSummaryJsonNeeds() {
    Map<String, Object> map = fixtureAnswer().withIntrinsicDimension(
        new IntrinsicDimension(new DimensionEstimate("twonn_mle", 7.1, 10, 0), null, null, 5.5, 100, 8, 6.5)).toMap();
    assertEquals(List.of("statistic", "estimate", "ci95", "verdict", "bootstrap", "ratio_of_means",
        "mean_log10_density_difference", "mann_whitney", "regions", "tokens", "degenerate_tokens", "norm_thresholds",
        "excluding_degenerate", "intrinsic_dimension"), List.copyOf(map.keySet()));
    assertEquals("median_density_ratio_core_over_shell", map.get("statistic"));
    assertEquals(Map.of("resamples", 2000, "seed", ComparisonSettings.DEFAULT_SEED, "undefined_resamples", 0),
        map.get("bootstrap"));
    Map<?, ?> excluding = (Map<?, ?>) map.get("excluding_degenerate");
    assertTrue(excluding.keySet().containsAll(List.of("estimate", "ci95", "verdict", "mann_whitney", "regions")));
    Map<?, ?> dimension = (Map<?, ?>) map.get("intrinsic_dimension");
    assertEquals(List.of("twonn", "participation_ratio", "metric_participation_ratio"),
        List.copyOf(dimension.keySet()));
  }

  @Test
  void givenThresholdsReplaceThePercentiles() {
    double[] norms = {1, 2, 3, 4, 5, 6};
    double[] densities = {6, 5, 4, 3, 2, 1};
    CoreDensityAnswer answer = RegionComparison.compare(norms, densities, new int[6], new RegionBounds(2.5, 2.5, 4.5,
        4.5), ComparisonSettings.defaults().withResamples(50));
    assertEquals(2, answer.all().core().n());
    assertEquals(2, answer.all().shell().n());
    assertEquals(5.5 / 3.5, answer.all().estimate(), 1e-15);
  }

  @Test
  void mismatchedLengthsNameAllThreeSizes() {
    CausalDensityException e = assertThrows(CausalDensityException.class,
        () -> RegionComparison.compare(new double[3], new double[2], new int[3], ComparisonSettings.defaults()));
    assertEquals("token table: 3 causal norms, 2 densities and 3 duplicate counts, expected equal lengths",
        e.getMessage());
  }

  @Test
  void nanDensityIsRejectedNamingTheToken() {
    CausalDensityException e = assertThrows(CausalDensityException.class, () -> RegionComparison.compare(
        new double[] {1, 2}, new double[] {1, Double.NaN}, new int[2], ComparisonSettings.defaults()));
    assertEquals("densities: token 1 has density NaN, expected >= 0 or Infinity", e.getMessage());
  }

  private static void checkComparison(JsonNode expected, DensityComparison actual) {
    assertClose(expected.get("estimate").asDouble(), actual.estimate());
    assertClose(expected.get("ratio_of_means").asDouble(), actual.ratioOfMeans());
    assertClose(expected.get("mean_log10_density_difference").asDouble(), actual.meanLog10DensityDifference());
    assertEquals(expected.get("mann_whitney").get("u").asDouble(), actual.mannWhitney().u(), 0.0);
    assertClose(expected.get("mann_whitney").get("p_value").asDouble(), actual.mannWhitney().pValue());
    JsonNode regions = expected.get("regions");
    checkRegion(regions.get("core"), actual.core());
    checkRegion(regions.get("shell"), actual.shell());
    checkRegion(regions.get("outer"), actual.outer());
    double[] reference = AnswerFixture.doubles(expected.get("reference_ci95"));
    assertEquals(reference[0], actual.interval().lower(), BOOTSTRAP_MONTE_CARLO);
    assertEquals(reference[1], actual.interval().upper(), BOOTSTRAP_MONTE_CARLO);
  }

  private static void checkRegion(JsonNode expected, RegionSummary actual) {
    assertEquals(expected.get("n").asInt(), actual.n());
    assertEquals(expected.get("median_density").asDouble(), actual.medianDensity(), 0.0);
    assertClose(expected.get("mean_log10_density").asDouble(), actual.meanLog10Density());
    assertEquals(expected.get("infinite_densities").asInt(), actual.infiniteDensities());
  }

  private static void assertClose(double expected, double actual) {
    assertEquals(expected, actual, RELATIVE * Math.max(1e-300, Math.abs(expected)));
  }

  private static int[] ints(JsonNode array) {
    int[] values = new int[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asInt();
    }
    return values;
  }
}
