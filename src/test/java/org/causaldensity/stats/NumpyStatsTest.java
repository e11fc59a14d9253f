package org.causaldensity.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.causaldensity.testing.Fixtures;
import org.junit.jupiter.api.Test;

class NumpyStatsTest {
  /** Mirror of values(n) in make_stats_fixture.py: the same IEEE operations, so both sides hold the same doubles. */
  static double[] values(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      long h = (i * 2654435761L + 12345) % (1L << 32);
      x[i] = ((double) h / 7.0 - 3.0e8) * (1 + i % 7);
    }
    return x;
  }

  @Test
  void matchesNumpyBitForBit() {
    JsonNode fixture = Fixtures.json("/fixtures/stats/numpy_stats.json");
    JsonNode qs = fixture.get("qs");
    int cases = 0;
    for (JsonNode c : fixture.get("cases")) {
      int n = c.get("n").asInt();
      double[] x = values(n);
      String what = "n=" + n;
      assertEquals(c.get("sum").asDouble(), NumpyStats.sum(x), 0.0, what + " sum");
      assertEquals(c.get("mean").asDouble(), NumpyStats.mean(x), 0.0, what + " mean");
      assertEquals(c.get("std").asDouble(), NumpyStats.std(x), 0.0, what + " std");
      assertEquals(c.get("median").asDouble(), NumpyStats.median(x), 0.0, what + " median");
      assertEquals(c.get("min").asDouble(), NumpyStats.min(x), 0.0, what + " min");
      assertEquals(c.get("max").asDouble(), NumpyStats.max(x), 0.0, what + " max");
      double[] q = new double[qs.size()];
      for (int i = 0; i < q.length; i++) {
        q[i] = qs.get(i).asDouble();
      }
      double[] got = NumpyStats.percentiles(x, q);
      for (int i = 0; i < q.length; i++) {
        double want = c.get("percentiles").get(i).asDouble();
        assertEquals(want, got[i], 0.0, what + " p" + q[i]);
        assertEquals(want, NumpyStats.percentile(x, q[i]), 0.0, what + " p" + q[i]);
      }
      cases++;
    }
    assertEquals(22, cases);
  }

  @Test
  void pairwiseSumDiffersFromANaiveLoop() {
    // Guards against a silent fallback to a left-to-right loop, which numpy does not do.
    double[] x = values(20000);
    double naive = 0;
    for (double v : x) {
      naive += v;
    }
    assertTrue(naive != NumpyStats.sum(x), "the fixture's arrays must tell the two summations apart");
  }

  @Test
  void nanPropagatesLikeNumpy() {
    double[] x = {1, Double.NaN, 3};
    assertTrue(Double.isNaN(NumpyStats.mean(x)));
    assertTrue(Double.isNaN(NumpyStats.std(x)));
    assertTrue(Double.isNaN(NumpyStats.median(x)));
    assertTrue(Double.isNaN(NumpyStats.min(x)));
    assertTrue(Double.isNaN(NumpyStats.max(x)));
    assertTrue(Double.isNaN(NumpyStats.percentile(x, 10)));
  }

  @Test
  void emptyArraysLikeNumpy() {
    double[] empty = {};
    assertEquals(0.0, NumpyStats.sum(empty));
    assertTrue(Double.isNaN(NumpyStats.mean(empty)));
    assertTrue(Double.isNaN(NumpyStats.std(empty)));
    assertTrue(Double.isNaN(NumpyStats.median(empty)));
    assertThrows(IllegalArgumentException.class, () -> NumpyStats.min(empty));
    assertThrows(IllegalArgumentException.class, () -> NumpyStats.max(empty));
    assertThrows(IllegalArgumentException.class, () -> NumpyStats.percentile(empty, 50));
  }

  @Test
  void smallCasesByHand() {
    double[] x = {4, 1, 3, 2};
    assertEquals(2.5, NumpyStats.median(x));
    assertEquals(1.3, NumpyStats.percentile(x, 10), 1e-15); // virtual index 0.3
    assertEquals(4.0, NumpyStats.percentile(x, 100));
    assertEquals(1.0, NumpyStats.percentile(x, 0));
    assertEquals(Math.sqrt(1.25), NumpyStats.std(x), 1e-15);
    assertEquals("q must be in [0, 100], got 101.0",
        assertThrows(IllegalArgumentException.class, () -> NumpyStats.percentile(x, 101)).getMessage());
  }

  /** The answer's percentile cases: float32 inputs numpy sorted itself, thresholds and medians as numpy gave them. */
  @Test
  void sortedRangesEqualNumpyBitForBit() {
    for (JsonNode c : Fixtures.json("/fixtures/answer/answer_fixture.json").get("percentiles")) {
      JsonNode values = c.get("values");
      double[] sorted = new double[values.size()];
      for (int i = 0; i < sorted.length; i++) {
        sorted[i] = (float) values.get(i).asDouble(); // written as float32 text: the cast restores numpy's value
      }
      Arrays.sort(sorted);
      JsonNode percents = c.get("percents");
      for (int q = 0; q < percents.size(); q++) {
        double percent = percents.get(q).asDouble();
        assertEquals(c.get("expected").get(q).asDouble(), NumpyStats.percentileOfSorted(sorted, 0, sorted.length,
            percent), 0.0, "n = " + sorted.length + ", percent " + percent);
      }
      assertEquals(c.get("median").asDouble(), NumpyStats.medianOfSorted(sorted, 0, sorted.length), 0.0);
    }
  }

  @Test
  void aRangeInsideALargerArrayEqualsTheSameValuesAlone() {
    double[] alone = {-2, 0.5, 0.75, 3, 11};
    double[] padded = {-99, -50, -2, 0.5, 0.75, 3, 11, 400};
    for (double q : new double[] {0, 2.5, 10, 37.5, 50, 62.5, 97.5, 100}) {
      assertEquals(NumpyStats.percentile(alone, q), NumpyStats.percentileOfSorted(padded, 2, 5, q), 0.0, "q " + q);
    }
    assertEquals(NumpyStats.median(alone), NumpyStats.medianOfSorted(padded, 2, 5));
    assertEquals(NumpyStats.median(Arrays.copyOf(alone, 4)), NumpyStats.medianOfSorted(padded, 2, 4));
  }

  @Test
  void infiniteUpperNeighbourGivesInfinityNotNaN() {
    double[] sorted = {1, 2, Double.POSITIVE_INFINITY};
    assertEquals(Double.POSITIVE_INFINITY, NumpyStats.percentileOfSorted(sorted, 0, 3, 97.5));
    assertEquals(1.5, NumpyStats.percentileOfSorted(sorted, 0, 3, 25));
    assertEquals(2.0, NumpyStats.percentileOfSorted(sorted, 0, 3, 50));
    assertEquals(Double.POSITIVE_INFINITY,
        NumpyStats.medianOfSorted(new double[] {1, Double.POSITIVE_INFINITY}, 0, 2));
  }

  @Test
  void noValuesInASortedRangeGiveNaN() {
    assertEquals(Double.NaN, NumpyStats.percentileOfSorted(new double[0], 0, 0, 50));
    assertEquals(Double.NaN, NumpyStats.medianOfSorted(new double[0], 0, 0));
    assertEquals(Double.NaN, NumpyStats.percentileOfSorted(new double[] {1, 2}, 1, 0, 50));
  }
}
