package org.causaldensity.io.npy;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The element types this reader accepts: IEEE floats of 2, 4 or 8 bytes with an explicit byte order.
 *
 * <p>Descriptors whose byte order is not stated in the file ({@code =f4}, {@code |f2}, {@code f8}: "the writing
 * machine's order") are refused, because the file does not say which machine wrote it. Every other numpy type
 * (integers, booleans, complex, strings, objects, structured records) is refused too: the distance matrix is real.
 */
public enum NpyDtype {
  LITTLE_F4("<f4", 4, ByteOrder.LITTLE_ENDIAN),
  BIG_F4(">f4", 4, ByteOrder.BIG_ENDIAN),
  LITTLE_F8("<f8", 8, ByteOrder.LITTLE_ENDIAN),
  BIG_F8(">f8", 8, ByteOrder.BIG_ENDIAN),
  LITTLE_F2("<f2", 2, ByteOrder.LITTLE_ENDIAN),
  BIG_F2(">f2", 2, ByteOrder.BIG_ENDIAN);

  private final String descriptor;
  private final int itemSize;
  private final ByteOrder byteOrder;

  NpyDtype(String descriptor, int itemSize, ByteOrder byteOrder) {
    this.descriptor = descriptor;
    this.itemSize = itemSize;
    this.byteOrder = byteOrder;
  }

  /** The numpy descriptor as written in a header, e.g. {@code "<f4"}. */
  public String descriptor() {
    return descriptor;
  }

  /** Bytes per element: 2, 4 or 8. */
  public int itemSize() {
    return itemSize;
  }

  /** The byte order of the stored elements. */
  public ByteOrder byteOrder() {
    return byteOrder;
  }

  /** The type whose descriptor is exactly {@code descriptor}; {@code null} when it is not one of the accepted ones. */
  public static NpyDtype forDescriptor(String descriptor) {
    for (NpyDtype dtype : values()) {
      if (dtype.descriptor.equals(descriptor)) {
        return dtype;
      }
    }
    return null;
  }

  /** The accepted descriptors, for messages: {@code "'<f4', '>f4', ..."}. */
  public static String acceptedDescriptors() {
    return Arrays.stream(values()).map(d -> "'" + d.descriptor + "'").collect(Collectors.joining(", "));
  }
}
