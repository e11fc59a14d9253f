package org.causaldensity.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of the .npy format to read the project's own small float32 test matrices (version 1.0, '&lt;f4',
 * C order). The production reader lives in io.npy; this one keeps the math tests independent of it.
 */
public final class SmallNpy {
  private SmallNpy() {}

  /** A row-major float32 matrix read from npy bytes. */
  public static final class Matrix {
    public final int rows;
    public final int cols;
    public final float[] data;

    Matrix(int rows, int cols, float[] data) {
      this.rows = rows;
      this.cols = cols;
      this.data = data;
    }
  }

  /** Parses a 2-D little-endian float32 C-order npy v1.0 file; AssertionError on anything else. */
  public static Matrix float32Matrix(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 10 || bytes[0] != (byte) 0x93 || bytes[6] != 1) {
      throw new AssertionError("not an npy v1.0 file");
    }
    int headerLength = buffer.getShort(8) & 0xffff;
    String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
    if (!header.contains("'descr': '<f4'") || !header.contains("'fortran_order': False")) {
      throw new AssertionError("expected a little-endian float32 C-order array: " + header);
    }
    String shape = header.substring(header.indexOf("'shape': (") + 10);
    shape = shape.substring(0, shape.indexOf(')'));
    String[] dims = shape.split(",");
    int rows = Integer.parseInt(dims[0].trim());
    int cols = Integer.parseInt(dims[1].trim());
    int offset = 10 + headerLength;
    if ((long) rows * cols * 4 + offset != bytes.length) {
      throw new AssertionError("npy size mismatch: " + rows + "×" + cols + " vs " + bytes.length + " bytes");
    }
    float[] data = new float[rows * cols];
    buffer.position(offset);
    buffer.asFloatBuffer().get(data);
    return new Matrix(rows, cols, data);
  }
}
