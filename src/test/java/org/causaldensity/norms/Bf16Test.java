package org.causaldensity.norms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.causaldensity.testing.Fixtures;
import org.junit.jupiter.api.Test;

class Bf16Test {
  @Test
  void roundsLikePytorch() {
    JsonNode pairs = Fixtures.json("/fixtures/norms/bf16.json").get("pairs");
    int nans = 0;
    for (JsonNode pair : pairs) {
      int floatBits = (int) pair.get(0).asLong();
      int want = pair.get(1).asInt();
      float f = Float.intBitsToFloat(floatBits);
      short got = Bf16.fromFloat(f);
      String what = String.format("0x%08X", floatBits);
      if (Float.isNaN(f)) {
        // torch's vectorised path writes 0xFFFF, its scalar path 0x7FC0: both must decode to NaN.
        assertTrue(Float.isNaN(Bf16.toFloat((short) want)), what);
        assertTrue(Float.isNaN(Bf16.toFloat(got)), what);
        nans++;
      } else {
        assertEquals(want, got & 0xFFFF, what);
      }
    }
    assertEquals(523, pairs.size());
    assertTrue(nans >= 4, "fixture covers NaNs");
  }

  @Test
  void wideningIsExactAndRoundTrips() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float f = Bf16.toFloat((short) bits);
      assertEquals(bits << 16, Float.floatToRawIntBits(f));
      if (!Float.isNaN(f)) {
        assertEquals(bits, Bf16.fromFloat(f) & 0xFFFF);
      }
    }
  }

  @Test
  void littleEndianBytesToFloats() {
    byte[] src = {0, 0, (byte) 0x80, 0x3F, (byte) 0xC0, (byte) 0xBF, 0x49, 0x40}; // 1.0, -1.5, 3.140625
    float[] dst = new float[5];
    Bf16.toFloats(src, 2, dst, 1, 3);
    assertEquals(0f, dst[0]);
    assertEquals(1.0f, dst[1]);
    assertEquals(-1.5f, dst[2]);
    assertEquals(3.140625f, dst[3]);
    assertThrows(IndexOutOfBoundsException.class, () -> Bf16.toFloats(src, 4, dst, 0, 3));
  }
}
