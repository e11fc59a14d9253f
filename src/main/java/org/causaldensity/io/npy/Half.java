package org.causaldensity.io.npy;

/** IEEE 754 half precision (numpy's float16) widened to float32; Java 17 has no {@code Float.float16ToFloat}. */
final class Half {
  private Half() {}

  /**
   * The float32 equal to the float16 whose bits are the low 16 of {@code bits}. Exact for every input: zeros and
   * subnormals keep their value and sign, infinities stay infinite, NaNs keep their payload (as numpy's astype).
   */
  static float toFloat(int bits) {
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0) {
      float magnitude = mantissa * 0x1p-24f; // subnormal: mantissa x 2^-24, exact in float32
      return sign == 0 ? magnitude : -magnitude;
    }
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
  }
}
