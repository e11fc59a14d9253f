package org.causaldensity.io.safetensors;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor of a validated safetensors file: its name, element type, C-order shape and where its bytes lie, as
 * absolute offsets in {@link #file()} (the header's {@code data_offsets} plus 8 plus the header length). Immutable and
 * serializable, so executors can read rows without parsing the header again.
 */
public final class TensorEntry implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final SafetensorsDtype dtype;
  private final long[] shape;
  private final long begin;
  private final long end;
  private final String file;

  TensorEntry(String name, SafetensorsDtype dtype, long[] shape, long begin, long end, String file) {
    this.name = Objects.requireNonNull(name, "name");
    this.dtype = Objects.requireNonNull(dtype, "dtype");
    this.shape = shape.clone();
    this.begin = begin;
    this.end = end;
    this.file = Objects.requireNonNull(file, "file");
  }

  /** The tensor's key in the header. */
  public String name() {
    return name;
  }

  /** The element type. */
  public SafetensorsDtype dtype() {
    return dtype;
  }

  /** A copy of the shape; empty for a scalar. */
  public long[] shape() {
    return shape.clone();
  }

  /** Number of dimensions; 0 for a scalar. */
  public int rank() {
    return shape.length;
  }

  /** Number of elements (1 for a scalar, 0 when a dimension is 0); validated not to overflow. */
  public long elementCount() {
    long count = 1;
    for (long dim : shape) {
      count *= dim;
    }
    return count;
  }

  /** Absolute offset of the first byte in {@link #file()}. */
  public long begin() {
    return begin;
  }

  /** Absolute offset one past the last byte in {@link #file()}; equals {@link #begin()} for an empty tensor. */
  public long end() {
    return end;
  }

  /** Length of the tensor's data in bytes. */
  public long byteLength() {
    return end - begin;
  }

  /** The path of the file holding the tensor, as given to {@link SafetensorsHeader#read}. */
  public String file() {
    return file;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof TensorEntry)) {
      return false;
    }
    TensorEntry that = (TensorEntry) other;
    return name.equals(that.name) && dtype == that.dtype && Arrays.equals(shape, that.shape) && begin == that.begin
        && end == that.end && file.equals(that.file);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end, file);
  }

  @Override
  public String toString() {
    return name + " " + dtype + " " + Arrays.toString(shape) + " bytes [" + begin + ", " + end + ") of " + file;
  }
}
