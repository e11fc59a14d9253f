package org.causaldensity.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReportNumbersTest {
  @Test
  void nonFiniteValuesHaveWords() {
    assertEquals("n/a", ReportNumbers.real(Double.NaN));
    assertEquals("∞", ReportNumbers.real(Double.POSITIVE_INFINITY));
    assertEquals("−∞", ReportNumbers.real(Double.NEGATIVE_INFINITY));
    assertEquals("0", ReportNumbers.real(-0.0));
  }

  @Test
  void significantDigitsKeepTrailingZerosAndRoundHalfUp() {
    assertEquals("4.60", ReportNumbers.real(4.6, 3));
    assertEquals("4.67", ReportNumbers.real(4.6651, 3));
    assertEquals("0.125", ReportNumbers.real(0.125, 3));
    assertEquals("0.13", ReportNumbers.real(0.125, 2));
    assertEquals("−2.50", ReportNumbers.real(-2.5, 3));
    assertEquals("0.001000", ReportNumbers.real(0.001, 4));
  }

  @Test
  void largeNumbersAreGroupedByThousands() {
    assertEquals("123,500", ReportNumbers.real(123456.7, 4));
    assertEquals("1.235 × 10⁶", ReportNumbers.real(1234567.0, 4));
    assertEquals("12,300", ReportNumbers.real(12345.0, 3));
    assertEquals("2,000", ReportNumbers.real(2000.0, 4));
    assertEquals("999.9", ReportNumbers.real(999.94, 4));
  }

  @Test
  void tinyAndHugeNumbersUseSuperscriptPowersOfTen() {
    assertEquals("1.23 × 10⁻⁵", ReportNumbers.real(0.000012345, 3));
    assertEquals("1.000 × 10⁶", ReportNumbers.real(999999.9, 4));
    assertEquals("2.500 × 10³⁰⁰", ReportNumbers.real(2.5e300, 4));
    assertEquals("−9.9 × 10⁻⁴", ReportNumbers.real(-0.00099, 2));
    assertEquals("10⁸⁹²", ReportNumbers.powerOfTen(892));
  }

  @Test
  void countsAreGroupedWholeNumbers() {
    assertEquals("32,000", ReportNumbers.count(32000));
    assertEquals("7", ReportNumbers.count(7));
    assertEquals("−1,000", ReportNumbers.count(-1000));
    assertEquals("1,333", ReportNumbers.countOrReal(1333.0));
    assertEquals("12.50", ReportNumbers.countOrReal(12.5));
    assertEquals("n/a", ReportNumbers.countOrReal(Double.NaN));
    assertEquals("n/a", ReportNumbers.real((Double) null));
  }

  @Test
  void pValuesAndPercentages() {
    assertEquals("0.043", ReportNumbers.pValue(0.0431));
    assertEquals("3.2 × 10⁻¹²", ReportNumbers.pValue(3.2e-12));
    assertEquals("< 10⁻³⁰⁸", ReportNumbers.pValue(0.0));
    assertEquals("n/a", ReportNumbers.pValue(Double.NaN));
    assertEquals("1.25%", ReportNumbers.percent(1, 80));
    assertEquals("n/a", ReportNumbers.percent(1, 0));
  }

  @Test
  void intervalDigitsGrowUntilNeighboursDiffer() {
    assertEquals(3, ReportNumbers.distinguishingDigits(4.63, 4.67, 4.74));
    assertEquals(4, ReportNumbers.distinguishingDigits(4.631, 4.632, 4.64));
    assertEquals(3, ReportNumbers.distinguishingDigits(4.63, 4.63, Double.POSITIVE_INFINITY));
    assertEquals(ReportNumbers.MAX_DIGITS, ReportNumbers.distinguishingDigits(1.0, 1.0 + 1e-12));
  }

  @Test
  void digitsBelowOneAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReportNumbers.real(1, 0));
    assertEquals("digits must be >= 1, got 0", e.getMessage());
  }
}
