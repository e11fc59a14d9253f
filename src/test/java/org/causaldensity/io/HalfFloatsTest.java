package org.causaldensity.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.causaldensity.testing.Fixtures;
import org.junit.jupiter.api.Test;

class HalfFloatsTest {

  /** Value of a binary float from its fields, computed in double arithmetic (no bit tricks). */
  private static double fromFields(int sign, int exponent, long mantissa, int mantissaBits, int bias) {
    double magnitude = exponent == 0
        ? mantissa * Math.pow(2, 1 - bias - mantissaBits)
        : (1 + mantissa / Math.pow(2, mantissaBits)) * Math.pow(2, exponent - bias);
    return sign == 0 ? magnitude : -magnitude;
  }

  @Test
  void everyFloat16WidensToItsValue() {
    for (int h = 0; h < 1 << 16; h++) {
      float f = HalfFloats.fromFloat16((short) h);
      int sign = h >>> 15;
      int exponent = (h >>> 10) & 0x1F;
      int mantissa = h & 0x3FF;
      if (exponent == 0x1F) {
        assertEquals(mantissa != 0, Float.isNaN(f), "half 0x" + Integer.toHexString(h));
        if (mantissa == 0) {
          assertEquals(sign == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY, f);
        } else {
          // the payload moves to the top of the float32 mantissa, as numpy and torch do
          assertEquals(mantissa, (Float.floatToRawIntBits(f) & 0x7F_FFFF) >>> 13);
        }
      } else {
        double expected = fromFields(sign, exponent, mantissa, 10, 15);
        assertEquals(expected, (double) f, 0.0, "half 0x" + Integer.toHexString(h));
        assertEquals(sign == 1, (Float.floatToRawIntBits(f) >>> 31) == 1, "sign of half 0x" + Integer.toHexString(h));
      }
    }
  }

  @Test
  void float16AgreesWithIntegerSignificandArithmeticOnEveryBitPattern() {
    for (int bits = 0; bits < 0x10000; bits++) {
      int exponent = (bits >>> 10) & 0x1F;
      int mantissa = bits & 0x3FF;
      double magnitude = exponent == 0 ? mantissa * 0x1p-24
          : exponent == 31 ? (mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
          : (1024 + mantissa) * Math.pow(2, exponent - 25);
      double expected = (bits & 0x8000) != 0 ? -magnitude : magnitude;
      float actual = HalfFloats.fromFloat16((short) bits);
      if (Double.isNaN(expected)) {
        assertTrue(Float.isNaN(actual), "bits " + Integer.toHexString(bits));
        assertEquals(mantissa << 13, Float.floatToRawIntBits(actual) & 0x7FFFFF, "NaN payload kept");
      } else {
        assertEquals(expected, actual, 0.0, "bits " + Integer.toHexString(bits));
        assertEquals((bits & 0x8000) != 0, Float.floatToRawIntBits(actual) < 0, "sign of " + bits);
      }
    }
  }

  @Test
  void everyBfloat16WidensToItsValue() {
    for (int b = 0; b < 1 << 16; b++) {
      float f = HalfFloats.fromBfloat16((short) b);
      int sign = b >>> 15;
      int exponent = (b >>> 7) & 0xFF;
      int mantissa = b & 0x7F;
      if (exponent == 0xFF) {
        assertEquals(mantissa != 0, Float.isNaN(f), "bf16 0x" + Integer.toHexString(b));
      } else {
        assertEquals(fromFields(sign, exponent, mantissa, 7, 127), (double) f, 0.0, "bf16 0x"
            + Integer.toHexString(b));
        assertEquals(sign == 1, (Float.floatToRawIntBits(f) >>> 31) == 1);
      }
    }
  }

  @Test
  void bfloat16WideningIsExactAndRoundTrips() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float f = HalfFloats.fromBfloat16((short) bits);
      assertEquals(bits << 16, Float.floatToRawIntBits(f));
      if (!Float.isNaN(f)) {
        assertEquals(bits, HalfFloats.toBfloat16(f) & 0xFFFF);
      }
    }
  }

  @Test
  void roundsToBfloat16LikePytorch() {
    JsonNode pairs = Fixtures.json("/fixtures/norms/bf16.json").get("pairs");
    int nans = 0;
    for (JsonNode pair : pairs) {
      int floatBits = (int) pair.get(0).asLong();
      int want = pair.get(1).asInt();
      float f = Float.intBitsToFloat(floatBits);
      short got = HalfFloats.toBfloat16(f);
      String what = String.format("0x%08X", floatBits);
      if (Float.isNaN(f)) {
        // torch's vectorised path writes 0xFFFF, its scalar path 0x7FC0: both must decode to NaN.
        assertTrue(Float.isNaN(HalfFloats.fromBfloat16((short) want)), what);
        assertTrue(Float.isNaN(HalfFloats.fromBfloat16(got)), what);
        nans++;
      } else {
        assertEquals(want, got & 0xFFFF, what);
      }
    }
    assertEquals(523, pairs.size());
    assertTrue(nans >= 4, "fixture covers NaNs");
  }
}
