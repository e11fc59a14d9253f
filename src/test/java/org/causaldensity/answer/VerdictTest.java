package org.causaldensity.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VerdictTest {
  private static final double SPARSER = 0.67;
  private static final double DENSER = 1.5;

  @Test
  void intervalWhollyAboveOneAndAHalfIsDenser() {
    assertEquals(Verdict.DENSER, Verdict.of(1.51, 3, SPARSER, DENSER));
    assertEquals(Verdict.DENSER, Verdict.of(2, Double.POSITIVE_INFINITY, SPARSER, DENSER));
  }

  @Test
  void intervalWhollyBelowTwoThirdsIsSparser() {
    assertEquals(Verdict.SPARSER, Verdict.of(0.1, 0.66, SPARSER, DENSER));
  }

  @Test
  void intervalInsideTheCutOffsInclusiveIsSimilar() {
    assertEquals(Verdict.SIMILAR, Verdict.of(0.67, 1.5, SPARSER, DENSER));
  }

  @Test
  void intervalAcrossACutOffOrUndefinedIsUndetermined() {
    assertEquals(Verdict.UNDETERMINED, Verdict.of(1.2, 1.8, SPARSER, DENSER));
    assertEquals(Verdict.UNDETERMINED, Verdict.of(0.5, 0.9, SPARSER, DENSER));
    assertEquals(Verdict.UNDETERMINED, Verdict.of(1.5, 1.6, SPARSER, DENSER)); // lower must exceed 1.5
    assertEquals(Verdict.UNDETERMINED, Verdict.of(Double.NaN, 2, SPARSER, DENSER));
    assertEquals("undetermined", Verdict.UNDETERMINED.label());
  }
}
