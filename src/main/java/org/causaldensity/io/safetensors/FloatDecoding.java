package org.causaldensity.io.safetensors;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.causaldensity.io.HalfFloats;

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
          dst[dstOffset + i] = HalfFloats.fromBfloat16((short) SHORT_LE.get(src, srcOffset + 2 * i));
        }
        break;
      case F16:
        for (int i = 0; i < count; i++) {
          dst[dstOffset + i] = HalfFloats.fromFloat16((short) SHORT_LE.get(src, srcOffset + 2 * i));
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
}
