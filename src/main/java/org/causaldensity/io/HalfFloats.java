package org.causaldensity.io;

/**
 * The 16-bit float formats the readers and writers meet, to and from float32: IEEE binary16 (numpy's and torch's
 * float16) and bfloat16. Widening is exact for every bit pattern (Java 17 has no {@code Float.float16ToFloat});
 * narrowing to bfloat16 rounds to nearest, ties to even, as PyTorch's c10::BFloat16 does.
 */
public final class HalfFloats {
  private HalfFloats() {}

  /**
   * The bfloat16 NaN {@link #toBfloat16} writes for every NaN (PyTorch's vectorised CPU path writes 0xFFFF
   * instead; both are NaN).
   */
  public static final short BFLOAT16_NAN = 0x7FC0;

  /**
   * The float32 equal to the binary16 {@code bits}; exact for every input: zeros and subnormals keep value and sign,
   * infinities stay infinite, NaN payloads move to the top of the float32 mantissa (as numpy's astype and torch).
   */
  public static float fromFloat16(short bits) {
    int h = bits & 0xFFFF;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1F;
    int mantissa = h & 0x3FF;
    if (exponent == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
    }
    if (exponent != 0) {
      // rebias 15 -> 127
      return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
    // zero or subnormal: mantissa * 2^-24, exact in float32 (10 significant bits, exponent well in range)
    float magnitude = mantissa * 0x1p-24f;
    return sign == 0 ? magnitude : -magnitude;
  }

  /** The float32 equal to the bfloat16 {@code bits} (its top half), exact for every input; NaN payloads survive. */
  public static float fromBfloat16(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /**
   * The bfloat16 bits of {@code f}, rounded to nearest even (values beyond the largest bfloat16 become ±Infinity);
   * every NaN becomes {@link #BFLOAT16_NAN}.
   */
  public static short toBfloat16(float f) {
    if (Float.isNaN(f)) {
      return BFLOAT16_NAN;
    }
    int bits = Float.floatToRawIntBits(f);
    int roundingBias = ((bits >>> 16) & 1) + 0x7FFF;
    return (short) ((bits + roundingBias) >>> 16);
  }
}
