package org.causaldensity.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.causaldensity.demo.TokenGeometry.Kind;
import org.junit.jupiter.api.Test;

class TokenGeometryTest {
  private static final int VOCAB = 20000;
  private static final int HIDDEN = 32;
  /** Five binomial standard deviations of a 6% share over 20,000 ids. */
  private static final double SHARE_TOLERANCE = 0.009;

  private final TokenGeometry geometry = new TokenGeometry(17, VOCAB, HIDDEN);

  @Test
  void sampleIsADistinctRandomlyOrderedDeterministicSubset() {
    int[] sample = TokenGeometry.sample(3, 500, 200);
    assertArrayEquals(sample, TokenGeometry.sample(3, 500, 200));
    assertFalse(Arrays.equals(sample, TokenGeometry.sample(4, 500, 200)));
    assertEquals(200, Arrays.stream(sample).distinct().count());
    assertTrue(Arrays.stream(sample).allMatch(id -> id >= 0 && id < 500));
    int[] all = TokenGeometry.sample(3, 50, 50);
    int[] sorted = all.clone();
    Arrays.sort(sorted);
    assertArrayEquals(java.util.stream.IntStream.range(0, 50).toArray(), sorted);
    assertFalse(Arrays.equals(all, sorted));
  }

  @Test
  void kindsComeInTheirShares() {
    Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    for (int id = 0; id < VOCAB; id++) {
      Kind kind = geometry.kind(id);
      counts.merge(kind, 1, Integer::sum);
      assertEquals(id >= geometry.paddingStart(), kind == Kind.PADDING, "id " + id);
    }
    assertEquals(Math.round(VOCAB * TokenGeometry.PADDING_FRACTION), (long) counts.get(Kind.PADDING));
    double others = geometry.paddingStart();
    assertEquals(0.06, counts.get(Kind.CORE) / others, SHARE_TOLERANCE);
    assertEquals(0.04, counts.get(Kind.OUTER) / others, SHARE_TOLERANCE);
    assertEquals(0.03, counts.get(Kind.VARIANT) / others, SHARE_TOLERANCE);
    assertEquals(0.01, counts.get(Kind.UNTRAINED) / others, SHARE_TOLERANCE);
  }

  @Test
  void causalNormsOfEachKindAreWhereTheyArePlanted() {
    double r = TokenGeometry.SHELL_NORM;
    double[] w = new double[HIDDEN];
    double[] padding = null;
    for (int id = 0; id < VOCAB; id++) {
      geometry.whitened(id, w);
      double norm = Streams.norm(w);
      switch (geometry.kind(id)) {
        case SHELL -> assertEquals(r, norm, 6 * TokenGeometry.SHELL_WIDTH * r, "shell id " + id);
        case CORE -> assertTrue(norm >= 0.04 * r - 1e-9 && norm <= 0.40 * r + 1e-9, "core id " + id + ": " + norm);
        case OUTER -> assertTrue(norm >= 1.12 * r - 1e-9, "outer id " + id + ": " + norm);
        case UNTRAINED -> assertEquals(TokenGeometry.UNTRAINED_NORM, norm, 0.01 * TokenGeometry.UNTRAINED_NORM);
        case PADDING -> {
          assertEquals(TokenGeometry.PADDING_NORM, norm, 1e-9);
          if (padding == null) {
            padding = w.clone();
          }
          assertArrayEquals(padding, w, 0.0);
        }
        case VARIANT -> assertTrue(norm > 0, "variant id " + id);
        default -> throw new AssertionError();
      }
    }
  }

  @Test
  void rowsRegenerateBitForBitInAnyOrder() {
    double[] forward = new double[HIDDEN];
    double[] again = new double[HIDDEN];
    for (int id = VOCAB - 1; id >= 0; id -= 997) {
      geometry.embedding(id, forward);
      geometry.embedding((id * 31) % VOCAB, again); // something else in between
      geometry.embedding(id, again);
      assertArrayEquals(forward, again, 0.0, "id " + id);
    }
    TokenGeometry other = new TokenGeometry(17, VOCAB, HIDDEN);
    other.embedding(123, again);
    geometry.embedding(123, forward);
    assertArrayEquals(forward, again, 0.0);
  }

  @Test
  void embeddingEntriesHaveTheSizeOfRealBf16EmbeddingsAndWhitenBack() {
    double[] gamma = new double[HIDDEN];
    double[] w = new double[HIDDEN];
    double sumSquares = 0;
    int entries = 0;
    for (int id = 0; id < 2000; id++) {
      if (geometry.kind(id) != Kind.SHELL) {
        continue;
      }
      geometry.embedding(id, gamma);
      for (double g : gamma) {
        sumSquares += g * g;
        entries++;
      }
      geometry.whitened(id, w);
      geometry.metric().whiten(gamma);
      assertArrayEquals(w, gamma, 1e-9 * TokenGeometry.SHELL_NORM, "id " + id);
    }
    double rms = Math.sqrt(sumSquares / entries);
    assertTrue(rms > 0.5 * TokenGeometry.TYPICAL_ENTRY && rms < 2 * TokenGeometry.TYPICAL_ENTRY, "rms " + rms);
  }
}
