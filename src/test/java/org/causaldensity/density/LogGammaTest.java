package org.causaldensity.density;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Random;
import org.causaldensity.testing.Fixtures;
import org.junit.jupiter.api.Test;

class LogGammaTest {
  /** Relative accuracy promised (absolute where |ln Γ| &lt; 1, i.e. near the zeros at 1 and 2). */
  private static final double TOLERANCE = 1e-13;
  private static final double LN2 = Math.log(2);

  private static void assertClose(double expected, double actual, String what) {
    double tolerance = TOLERANCE * Math.max(1, Math.abs(expected));
    assertEquals(expected, actual, tolerance, what);
  }

  /** log of an exact integer, to double precision: the top 60 bits, then the shift. */
  private static double log(BigInteger v) {
    int shift = Math.max(0, v.bitLength() - 60);
    return Math.log(v.shiftRight(shift).doubleValue()) + shift * LN2;
  }

  @Test
  void integersAreLogFactorials() {
    BigInteger factorial = BigInteger.ONE; // (n-1)!
    for (int n = 1; n <= 3000; n++) {
      if (n > 1) {
        factorial = factorial.multiply(BigInteger.valueOf(n - 1));
      }
      assertClose(log(factorial), LogGamma.logGamma(n), "ln Γ(" + n + ")");
    }
    assertEquals(0.0, LogGamma.logGamma(1), "exactly 0 at 1");
    assertEquals(0.0, LogGamma.logGamma(2), "exactly 0 at 2");
  }

  @Test
  void halfIntegersFollowTheDuplicationFormula() {
    // Γ(n + 1/2) = (2n)! √π / (4^n n!)
    double halfLogPi = 0.5 * Math.log(Math.PI);
    assertClose(halfLogPi, LogGamma.logGamma(0.5), "Γ(1/2) = √π");
    BigInteger twoNFactorial = BigInteger.ONE;
    BigInteger nFactorial = BigInteger.ONE;
    for (int n = 1; n <= 1500; n++) {
      twoNFactorial = twoNFactorial.multiply(BigInteger.valueOf(2L * n - 1)).multiply(BigInteger.valueOf(2L * n));
      nFactorial = nFactorial.multiply(BigInteger.valueOf(n));
      double expected = log(twoNFactorial) - log(nFactorial) - 2 * n * LN2 + halfLogPi;
      assertClose(expected, LogGamma.logGamma(n + 0.5), "ln Γ(" + n + ".5)");
    }
    // d_eff = 1333: Γ(1333/2 + 1) = Γ(667.5) overflows a double, its log does not.
    assertTrue(Double.isFinite(LogGamma.logGamma(1333.0 / 2 + 1)));
  }

  @Test
  void recurrenceHoldsAcrossBranches() {
    Random random = new Random(17);
    for (int i = 0; i < 20000; i++) {
      double x = Math.exp(random.nextDouble() * 8 - 4); // 0.018 .. 55: every branch and branch point
      double lhs = LogGamma.logGamma(x + 1) - LogGamma.logGamma(x);
      double scale = Math.max(1, Math.abs(LogGamma.logGamma(x + 1)));
      assertEquals(Math.log(x), lhs, TOLERANCE * scale, "ln Γ(x+1) − ln Γ(x) = ln x at x = " + x);
    }
  }

  @Test
  void matchesScipyGammaln() {
    JsonNode fixture = Fixtures.json("/fixtures/density/gammaln.json");
    int checked = 0;
    for (JsonNode point : fixture.get("points")) {
      double x = point.get("x").asDouble();
      assertClose(point.get("gammaln").asDouble(), LogGamma.logGamma(x), "gammaln(" + x + ")");
      checked++;
    }
    assertEquals(260, checked);
  }

  @Test
  void edgeValues() {
    assertTrue(Double.isNaN(LogGamma.logGamma(0)));
    assertTrue(Double.isNaN(LogGamma.logGamma(-1.5)));
    assertTrue(Double.isNaN(LogGamma.logGamma(Double.NaN)));
    assertEquals(Double.POSITIVE_INFINITY, LogGamma.logGamma(Double.POSITIVE_INFINITY));
    // Tiny x: Γ(x) ~ 1/x.
    assertClose(-Math.log(1e-300), LogGamma.logGamma(1e-300), "ln Γ(1e-300)");
    assertTrue(Double.isFinite(LogGamma.logGamma(Double.MAX_VALUE / 1e10)));
  }
}
