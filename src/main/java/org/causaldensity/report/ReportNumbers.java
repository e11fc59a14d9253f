package org.causaldensity.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * How the report writes numbers: significant digits, thousands separators, a true minus sign, "∞" for infinity,
 * "n/a" for NaN and powers of ten with superscript exponents ("1.23 × 10⁻⁵") outside [0.001, 10⁶).
 */
final class ReportNumbers {
  /** Digits of a headline number (the ratio and its interval start here). */
  static final int HEADLINE_DIGITS = 3;
  /** Digits in tables. */
  static final int TABLE_DIGITS = 4;
  /** The interval gets at most this many digits while its numbers still print alike. */
  static final int MAX_DIGITS = 7;
  static final String NOT_AVAILABLE = "n/a";
  static final String INFINITY = "∞";
  static final String MINUS = "−";

  private static final double SMALLEST_PLAIN = 1e-3;
  private static final double LARGEST_PLAIN = 1e6;
  private static final String SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

  private ReportNumbers() {}

  /**
   * x to the given significant digits (≥ 1), trailing zeros kept (4.6 is "4.60"); NaN is "n/a", ±∞ is
   * "∞"/"−∞", ±0 is "0".
   */
  static String real(double x, int digits) {
    if (digits < 1) {
      throw new IllegalArgumentException("digits must be >= 1, got " + digits);
    }
    if (Double.isNaN(x)) {
      return NOT_AVAILABLE;
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? INFINITY : MINUS + INFINITY;
    }
    if (x == 0) {
      return "0";
    }
    String sign = x < 0 ? MINUS : "";
    // BigDecimal.valueOf uses the shortest decimal that round-trips, so 0.125 rounds as written, not as stored.
    BigDecimal rounded = BigDecimal.valueOf(Math.abs(x)).round(new MathContext(digits, RoundingMode.HALF_UP));
    if (rounded.precision() < digits) {
      rounded = rounded.setScale(rounded.scale() + digits - rounded.precision()); // 4.6 to 3 digits is 4.60
    }
    double magnitude = rounded.doubleValue();
    if (magnitude >= SMALLEST_PLAIN && magnitude < LARGEST_PLAIN) {
      return sign + grouped(rounded.scale() < 0 ? rounded.setScale(0) : rounded);
    }
    int exponent = rounded.precision() - rounded.scale() - 1;
    BigDecimal mantissa = rounded.movePointLeft(exponent);
    if (mantissa.scale() < 0) {
      mantissa = mantissa.setScale(0);
    }
    return sign + mantissa.toPlainString() + " × 10" + superscript(exponent);
  }

  /** {@link #real(double, int)} with {@link #TABLE_DIGITS}. */
  static String real(double x) {
    return real(x, TABLE_DIGITS);
  }

  /** A count with thousands separators: 32000 is "32,000"; negative counts get "−". */
  static String count(long n) {
    String text = String.format(Locale.ROOT, "%,d", Math.abs(n));
    return n < 0 ? MINUS + text : text;
  }

  /** A whole number as a count ("1,333" for 1333.0), any other as a real; NaN is "n/a". */
  static String countOrReal(double d) {
    return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e15 ? count((long) d) : real(d);
  }

  /** {@link #real(double)} of an optional value; absent (null) is "n/a", as NaN. */
  static String real(Double x) {
    return real(x == null ? Double.NaN : x.doubleValue());
  }

  /** part / whole as a percentage to 3 significant digits ("1.25%"); "n/a" when whole is 0. */
  static String percent(long part, long whole) {
    return whole == 0 ? NOT_AVAILABLE : real(100.0 * part / whole, HEADLINE_DIGITS) + "%";
  }

  /**
   * A p-value: 2 significant digits, scientific below 0.001; exactly 0 (the normal tail underflowed) is
   * "&lt; 10⁻³⁰⁸"; NaN is "n/a".
   */
  static String pValue(double p) {
    if (p == 0) {
      return "< 10" + superscript(-308);
    }
    return real(p, 2);
  }

  /**
   * The digits at which lo, estimate and hi print as distinct strings wherever their values differ, starting at
   * {@link #HEADLINE_DIGITS} and stopping at {@link #MAX_DIGITS}; non-finite values are ignored.
   */
  static int distinguishingDigits(double... values) {
    for (int digits = HEADLINE_DIGITS; digits < MAX_DIGITS; digits++) {
      if (distinct(values, digits)) {
        return digits;
      }
    }
    return MAX_DIGITS;
  }

  /** 10 raised to the exponent written with a superscript exponent ("10⁸⁹²"). */
  static String powerOfTen(long exponent) {
    return "10" + superscript(exponent);
  }

  private static boolean distinct(double[] values, int digits) {
    for (int i = 0; i < values.length; i++) {
      for (int j = i + 1; j < values.length; j++) {
        if (Double.isFinite(values[i]) && Double.isFinite(values[j]) && values[i] != values[j]
            && real(values[i], digits).equals(real(values[j], digits))) {
          return false;
        }
      }
    }
    return true;
  }

  private static String grouped(BigDecimal value) {
    String plain = value.toPlainString();
    int dot = plain.indexOf('.');
    String whole = dot < 0 ? plain : plain.substring(0, dot);
    String fraction = dot < 0 ? "" : plain.substring(dot);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < whole.length(); i++) {
      if (i > 0 && (whole.length() - i) % 3 == 0) {
        out.append(',');
      }
      out.append(whole.charAt(i));
    }
    return out + fraction;
  }

  private static String superscript(long exponent) {
    StringBuilder out = new StringBuilder(exponent < 0 ? "⁻" : "");
    for (char c : Long.toString(Math.abs(exponent)).toCharArray()) {
      out.append(SUPERSCRIPT_DIGITS.charAt(c - '0'));
    }
    return out.toString();
  }
}
