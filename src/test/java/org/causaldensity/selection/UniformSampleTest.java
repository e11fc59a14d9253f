package org.causaldensity.selection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link UniformSample} against an independent Python port, and its distribution against uniformity. */
class UniformSampleTest {
  /** χ² critical values at p = 1e-6 (scipy.stats.chi2.ppf(1 − 1e-6, df)): a correct sampler fails once in 10⁶. */
  static final double CHI2_119_DF_P1E6 = 207.1986;
  static final double CHI2_9_DF_P1E6 = 44.8109;
  static final Path SAMPLES = Path.of("src/test/resources/fixtures/selection/samples.json");

  @Test
  void equalsThePythonPortOfTheDocumentedAlgorithm() throws Exception {
    JsonNode cases = new ObjectMapper().readTree(SAMPLES.toFile());
    assertTrue(cases.size() >= 8);
    for (JsonNode c : cases) {
      long[] expected = new long[c.get("ids").size()];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = c.get("ids").get(i).asLong();
      }
      long[] got = UniformSample.draw(c.get("population").asLong(), c.get("n").asInt(), c.get("seed").asLong());
      assertArrayEquals(expected, got, c.toString().substring(0, Math.min(80, c.toString().length())));
    }
  }

  @Test
  void sameSeedSameSampleOtherSeedOtherSample() {
    long[] a = UniformSample.draw(151_936, 32_000, 20170417);
    long[] b = UniformSample.draw(151_936, 32_000, 20170417);
    long[] c = UniformSample.draw(151_936, 32_000, 20170418);
    assertArrayEquals(a, b);
    assertNotEquals(Arrays.toString(a), Arrays.toString(c));
  }

  @Test
  void idsAreDistinctAscendingAndInRange() {
    long[] ids = UniformSample.draw(1000, 999, 5);
    for (int i = 0; i < ids.length; i++) {
      assertTrue(ids[i] >= 0 && ids[i] < 1000);
      assertTrue(i == 0 || ids[i] > ids[i - 1]);
    }
    long[] all = UniformSample.draw(50, 50, 9);
    for (int i = 0; i < 50; i++) {
      assertEquals(i, all[i]);
    }
  }

  @Test
  void everySubsetIsEquallyLikely() {
    int population = 10;
    int n = 3;
    int draws = 60_000;
    int[] subsetCounts = new int[1 << population];
    int[] elementCounts = new int[population];
    for (int seed = 0; seed < draws; seed++) {
      int mask = 0;
      for (long id : UniformSample.draw(population, n, seed)) {
        mask |= 1 << id;
        elementCounts[(int) id]++;
      }
      subsetCounts[mask]++;
    }
    int subsets = 120; // C(10, 3)
    double expected = (double) draws / subsets;
    double chi2 = 0;
    int seen = 0;
    for (int mask = 0; mask < subsetCounts.length; mask++) {
      if (Integer.bitCount(mask) == n) {
        seen++;
        chi2 += Math.pow(subsetCounts[mask] - expected, 2) / expected;
      } else {
        assertEquals(0, subsetCounts[mask]);
      }
    }
    assertEquals(subsets, seen);
    assertTrue(chi2 < CHI2_119_DF_P1E6, "subset χ² = " + chi2);
    double perElement = (double) draws * n / population;
    double chi2Elements = Arrays.stream(elementCounts).mapToDouble(c -> Math.pow(c - perElement, 2) / perElement)
        .sum();
    assertTrue(chi2Elements < CHI2_9_DF_P1E6, "element χ² = " + chi2Elements);
  }

  @Test
  void boundedDrawHasNoModuloBias() {
    // 2⁶⁴ mod 3 = 1: a plain r mod 3 favours 0 by one word in 2⁶⁴ (invisible); a bound just above 2⁶³ makes the bias
    // of a plain modulo one half, which rejection must remove.
    UniformSample.SplitMix64 random = new UniformSample.SplitMix64(11);
    long bound = (1L << 62) * 3; // 1.5 · 2⁶³ as an unsigned value
    int low = 0;
    int draws = 20_000;
    for (int i = 0; i < draws; i++) {
      long r = random.bounded(bound);
      assertTrue(Long.compareUnsigned(r, bound) < 0);
      if (Long.compareUnsigned(r, 1L << 62) < 0) {
        low++;
      }
    }
    // Uniform: P(r < 2⁶²) = 1/3; a plain modulo would make it 1/2. 6 σ of a binomial(20000, 1/3) is ~400.
    assertEquals(draws / 3.0, low, 400);
  }

  @Test
  void refusesImpossibleSamples() {
    assertThrows(IllegalArgumentException.class, () -> UniformSample.draw(5, 6, 1));
    assertThrows(IllegalArgumentException.class, () -> UniformSample.draw(5, -1, 1));
    assertEquals(0, UniformSample.draw(5, 0, 1).length);
  }
}
