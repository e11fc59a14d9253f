package org.causaldensity.norms;

/**
 * bfloat16 ↔ float32. Widening is exact (bf16 is the top half of a float32); narrowing rounds to nearest, ties to
 * even, as PyTorch's c10::BFloat16 does, with every NaN becoming the quiet NaN 0x7FC0 (PyTorch's vectorised CPU
 * path writes 0xFFFF instead; both are NaN).
 */
public final class Bf16 {
  private Bf16() {}

  /** The bf16 NaN this class writes. */
  public static final short NAN_BITS = 0x7FC0;

  /** The float32 value of bf16 bits; exact for every input. */
  public static float toFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /** bf16 bits of f, rounded to nearest even (values beyond the largest bf16 become ±Infinity); NaN → 0x7FC0. */
  public static short fromFloat(float f) {
    if (Float.isNaN(f)) {
      return NAN_BITS;
    }
    int bits = Float.floatToRawIntBits(f);
    int roundingBias = ((bits >>> 16) & 1) + 0x7FFF;
    return (short) ((bits + roundingBias) >>> 16);
  }

  /**
   * Widens {@code count} little-endian bf16 values from {@code src[srcOffset..]} into {@code dst[dstOffset..]};
   * ranges outside either array are an IndexOutOfBoundsException (checked before anything is written).
   */
  public static void toFloats(byte[] src, int srcOffset, float[] dst, int dstOffset, int count) {
    java.util.Objects.checkFromIndexSize(srcOffset, 2L * count > Integer.MAX_VALUE ? -1 : 2 * count, src.length);
    java.util.Objects.checkFromIndexSize(dstOffset, count, dst.length);
    for (int i = 0; i < count; i++) {
      int lo = src[srcOffset + 2 * i] & 0xFF;
      int hi = src[srcOffset + 2 * i + 1] & 0xFF;
      dst[dstOffset + i] = Float.intBitsToFloat(((hi << 8) | lo) << 16);
    }
  }
}
