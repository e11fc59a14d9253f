package org.causaldensity.answer;

/** Upper tail of the standard normal distribution, accurate to ~1e-13 relative where it does not underflow. */
final class NormalTail {
  private static final double SQRT_PI = Math.sqrt(Math.PI);
  private static final double SERIES_LIMIT = 2.5;
  private static final double EPSILON = 1e-17;
  private static final int MAX_TERMS = 500;

  private NormalTail() {}

  /** P(Z &gt; z); 1 at −∞, 0 at +∞, NaN for NaN. */
  static double survival(double z) {
    if (Double.isNaN(z)) {
      return Double.NaN;
    }
    double x = Math.abs(z) / Math.sqrt(2);
    double upper = 0.5 * erfc(x);
    return z >= 0 ? upper : 1 - upper;
  }

  /** erfc(x) for x ≥ 0: 1 − (a series without cancellation) near 0, a continued fraction in the tail. */
  static double erfc(double x) {
    if (x == Double.POSITIVE_INFINITY) {
      return 0;
    }
    if (x < SERIES_LIMIT) {
      return 1 - erfSeries(x);
    }
    return Math.exp(-x * x) / SQRT_PI * continuedFraction(x);
  }

  /** erf x = (2/√π) e^{−x²} Σₙ 2ⁿ x^{2n+1} / (1·3···(2n+1)); every term is positive. */
  private static double erfSeries(double x) {
    double term = x;
    double sum = x;
    double x2 = x * x;
    for (int n = 1; n < MAX_TERMS; n++) {
      term *= 2 * x2 / (2 * n + 1);
      sum += term;
      if (term < EPSILON * sum) {
        break;
      }
    }
    return 2 / SQRT_PI * Math.exp(-x2) * sum;
  }

  /** 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))) by the modified Lentz method. */
  private static double continuedFraction(double x) {
    double tiny = 1e-300;
    double f = x;
    double c = x;
    double d = 0;
    for (int n = 1; n < MAX_TERMS; n++) {
      double a = n / 2.0;
      d = x + a * d;
      d = d == 0 ? tiny : d;
      c = x + a / c;
      c = c == 0 ? tiny : c;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < EPSILON) {
        break;
      }
    }
    return 1 / f;
  }
}
