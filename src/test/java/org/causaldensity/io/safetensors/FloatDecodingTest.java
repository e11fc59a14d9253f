package org.causaldensity.io.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class FloatDecodingTest {

  @Test
  void decodesLittleEndianBf16RunsAtAnOffset() {
    byte[] src = {0, 0, (byte) 0x80, 0x3F, (byte) 0xC0, (byte) 0xBF, 0x49, 0x40}; // 1.0, -1.5, 3.140625
    float[] dst = new float[5];
    FloatDecoding.decode(SafetensorsDtype.BF16, src, 2, dst, 1, 3);
    assertEquals(0f, dst[0]);
    assertEquals(1.0f, dst[1]);
    assertEquals(-1.5f, dst[2]);
    assertEquals(3.140625f, dst[3]);
    assertThrows(IndexOutOfBoundsException.class,
        () -> FloatDecoding.decode(SafetensorsDtype.BF16, src, 4, dst, 0, 3));
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
