package org.causaldensity.io.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class FloatDecodingTest {

  /** Value of a binary float from its fields, computed in double arithmetic (no bit tricks). */
  private static double fromFields(int sign, int exponent, long mantissa, int mantissaBits, int bias) {
    double magnitude = exponent == 0
        ? mantissa * Math.pow(2, 1 - bias - mantissaBits)
        : (1 + mantissa / Math.pow(2, mantissaBits)) * Math.pow(2, exponent - bias);
    return sign == 0 ? magnitude : -magnitude;
  }

  @Test
  void everyHalfWidensToItsValue() {
    for (int h = 0; h < 1 << 16; h++) {
      float f = FloatDecoding.halfToFloat((short) h);
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
  void everyBfloat16WidensToItsValue() {
    for (int b = 0; b < 1 << 16; b++) {
      float f = FloatDecoding.bf16ToFloat((short) b);
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
  void decodesLittleEndianRunsAtAnOffset() {
    ByteBuffer bytes = ByteBuffer.allocate(3 + 3 * 8).order(ByteOrder.LITTLE_ENDIAN);
    bytes.position(3);
    bytes.putDouble(1 + 0x1p-24).putDouble(1 + 3 * 0x1p-24).putDouble(-0x1p-150 * 1.5);
    float[] dst = new float[5];
    FloatDecoding.decode(SafetensorsDtype.F64, bytes.array(), 3, dst, 1, 3);
    // halfway cases round to the even neighbour; 1.5 * 2^-150 rounds up to the smallest subnormal
    assertEquals(1.0f, dst[1]);
    assertEquals(Math.nextUp(Math.nextUp(1.0f)), dst[2]);
    assertEquals(-Float.MIN_VALUE, dst[3]);
    assertEquals(0.0f, dst[0]);
    assertEquals(0.0f, dst[4]);

    ByteBuffer f32 = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.1f).putFloat(-7.5f)
        .putInt(0x7FC0_1234);
    float[] copied = new float[3];
    FloatDecoding.decode(SafetensorsDtype.F32, f32.array(), 0, copied, 0, 3);
    assertEquals(0.1f, copied[0]);
    assertEquals(-7.5f, copied[1]);
    assertEquals(0x7FC0_1234, Float.floatToRawIntBits(copied[2]));
  }

  @Test
  void refusesNonFloatTypes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FloatDecoding.decode(SafetensorsDtype.I32, new byte[4], 0, new float[1], 0, 1));
    assertTrue(e.getMessage().contains("I32"));
  }
}
