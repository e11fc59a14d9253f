package org.causaldensity.selection;

import org.causaldensity.report.summary.TokenSelectionBlock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The spellings of {@code --tokens}, their refusals, and the ids they select. */
class TokenSelectionTest {
  static final long RUN_SEED = 20170417;

  @Test
  void allIsEveryRowInOrder() {
    TokenSelection all = TokenSelection.parse("all", RUN_SEED);
    assertEquals(TokenSelection.Kind.ALL, all.kind());
    assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5}, all.ids(6, 5));
  }

  @Test
  void sampleWithoutSeedUsesTheRunSeed() {
    TokenSelection sample = TokenSelection.parse("sample:40", RUN_SEED);
    assertEquals(40, sample.count());
    assertEquals(RUN_SEED, sample.seed());
    assertFalse(sample.seedGiven());
    assertArrayEquals(UniformSample.draw(600, 40, RUN_SEED), sample.ids(600, 20));
  }

  @Test
  void sampleWithSeedUsesIt() {
    TokenSelection sample = TokenSelection.parse("sample:40:-7", RUN_SEED);
    assertEquals(-7, sample.seed());
    assertTrue(sample.seedGiven());
    assertArrayEquals(UniformSample.draw(600, 40, -7), sample.ids(600, 20));
    assertArrayEquals(sample.ids(600, 20), TokenSelection.parse("sample:40:-7", 1).ids(600, 20));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ALL", "All", " all", "all ", "sample", "sample:", "sample:0", "sample:-5", "sample:+5",
      "sample:5:", "sample:5:x", "sample:5:1:2", "sample:1e3", "sample:99999999999", "sample:5:99999999999999999999",
      "random:5", "first:10", "1000"})
  void refusesAnyOtherSpelling(String spelling) {
    CausalDensityException e = assertThrows(CausalDensityException.class,
        () -> TokenSelection.parse(spelling, RUN_SEED));
    assertEquals(Failure.USAGE, e.failure());
    assertEquals("--tokens", e.subject());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void refusesMoreThanTheVocabulary() {
    CausalDensityException e = assertThrows(CausalDensityException.class,
        () -> TokenSelection.parse("sample:601", RUN_SEED).ids(600, 20));
    assertEquals(Failure.USAGE, e.failure());
    assertEquals("--tokens: 'sample:601' asks for 601 tokens but the vocabulary has 600", e.getMessage());
  }

  @Test
  void refusesFewerThanKPlusOne() {
    CausalDensityException e = assertThrows(CausalDensityException.class,
        () -> TokenSelection.parse("sample:20", RUN_SEED).ids(600, 20));
    assertEquals("--tokens: 'sample:20' gives 20 tokens, fewer than k + 1 = 21 (--k 20)", e.getMessage());
    assertEquals(21, TokenSelection.parse("sample:21", RUN_SEED).ids(600, 20).length);
    e = assertThrows(CausalDensityException.class, () -> TokenSelection.parse("all", RUN_SEED).ids(20, 20));
    assertEquals(Failure.USAGE, e.failure());
  }

  @Test
  void summaryNamesTheSpellingNAndSeed() {
    TokenSelectionBlock sample = TokenSelectionBlock.of(TokenSelection.parse("sample:40", RUN_SEED), 40);
    assertEquals("sample:40", sample.spelling());
    assertEquals("sample", sample.kind());
    assertEquals(40L, sample.nTokens());
    assertEquals(RUN_SEED, sample.seed());
    assertEquals("--seed", sample.seedSource());
    assertEquals("spelling", TokenSelectionBlock.of(TokenSelection.parse("sample:40:3", RUN_SEED), 40).seedSource());
    TokenSelectionBlock file = TokenSelectionBlock.of(TokenSelection.tokenIndices("/data/t.pt"), 260);
    assertEquals("token-indices", file.kind());
    assertEquals("--token-indices", file.spelling());
    assertEquals("/data/t.pt", file.path());
    assertNull(file.seed());
  }
}
