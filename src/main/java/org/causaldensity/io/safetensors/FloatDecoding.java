package org.causaldensity.io.safetensors;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian floating-point elements to float32: BF16 and F16 widen exactly, F32 is copied bit for bit, F64 rounds
 * to nearest (ties to even), as a Java {@code (float)} cast, numpy's {@code astype(float32)} and PyTorch all do.
 */
final class FloatDecoding {
  private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class,
      ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
      ByteOrder.LITTLE_ENDIAN);

  private FloatDecoding() {}

  /** Decodes {@code count} elements of {@code dtype} starting at byte {@code srcOffset} into {@code dst}. */
  static void decode(SafetensorsDtype dtype, byte[] src, int srcOffset, float[] dst, int dstOffset, int count) {
    switch (dtype) {
      case BF16:
        for (int i = 0; i < count; i++) {
          dst[dstOffset + i] = bf16ToFloat((short) SHORT_LE.get(src, srcOffset + 2 * i));
        }
        break;
      case F16:
        for (int i = 0; i < count; i++) {
          dst[dstOffset + i] = halfToFloat((short) SHORT_LE.get(src, srcOffset + 2 * i));
        }
        break;
      case F32:
        for (int i = 0; i < count; i++) {
          dst[dstOffset + i] = Float.intBitsToFloat((int) INT_LE.get(src, srcOffset + 4 * i));
        }
        break;
      case F64:
        for (int i = 0; i < count; i++) {
          dst[dstOffset + i] = (float) Double.longBitsToDouble((long) LONG_LE.get(src, srcOffset + 8 * i));
        }
        break;
      default:
        throw new IllegalArgumentException("dtype " + dtype + " is not a float type this reader converts");
    }
  }

  /** bfloat16 is the top half of a float32, so widening is a shift; NaN payloads survive. */
  static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /** IEEE binary16 to float32, exact for every input: subnormals, signed zeros, infinities, NaN payloads. */
  static float halfToFloat(short bits) {
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
}
