package org.causaldensity.io.torch;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.IntFunction;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HalfFloats;

/**
 * A tensor of a {@code torch.save} file: a view (shape, strides, storage offset, all in elements) of one storage.
 * The view was checked against its storage when the file was read, so every element it reaches exists. Values are
 * decoded on demand into Java arrays in C (row-major) order, whatever the strides.
 */
public final class TorchTensor {
  /** Tensors beyond this many dimensions are refused when a file is read. */
  static final int MAX_DIMS = 64;

  private final String subject;
  private final TorchStorage storage;
  private final long storageOffset;
  private final long[] shape;
  private final long[] strides;
  private final long numel;

  private TorchTensor(String subject, TorchStorage storage, long storageOffset, long[] shape, long[] strides,
      long numel) {
    this.subject = subject;
    this.storage = storage;
    this.storageOffset = storageOffset;
    this.shape = shape;
    this.strides = strides;
    this.numel = numel;
  }

  /**
   * A view of {@code storage}, refused (naming {@code subject}) unless shape and strides are non-negative, of equal
   * length, their element count fits a long, and the furthest element reached lies inside the storage.
   */
  static TorchTensor view(String subject, TorchStorage storage, long storageOffset, long[] shape, long[] strides) {
    if (shape.length != strides.length) {
      throw CausalDensityException.invalidFile(subject, "tensor shape %s and strides %s differ in length",
          Arrays.toString(shape), Arrays.toString(strides));
    }
    if (shape.length > MAX_DIMS) {
      throw CausalDensityException.invalidFile(subject, "tensor has %d dimensions, more than %d", shape.length,
          MAX_DIMS);
    }
    if (storageOffset < 0) {
      throw CausalDensityException.invalidFile(subject, "tensor storage offset %d is negative", storageOffset);
    }
    long numel = 1;
    long lastIndex = storageOffset;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] < 0 || strides[d] < 0) {
        throw CausalDensityException.invalidFile(subject, "tensor shape %s / strides %s hold a negative value",
            Arrays.toString(shape), Arrays.toString(strides));
      }
      try {
        numel = Math.multiplyExact(numel, shape[d]);
        if (shape[d] > 0) {
          lastIndex = Math.addExact(lastIndex, Math.multiplyExact(shape[d] - 1, strides[d]));
        }
      } catch (ArithmeticException e) {
        throw CausalDensityException.invalidFile(subject,
            "tensor shape %s with strides %s overflows 64-bit element counts", Arrays.toString(shape),
            Arrays.toString(strides));
      }
    }
    if (numel > 0 && lastIndex >= storage.numel()) {
      throw CausalDensityException.invalidFile(subject,
          "tensor (offset %d, shape %s, strides %s) reaches element %d of storage %s, which holds %d elements",
          storageOffset, Arrays.toString(shape), Arrays.toString(strides), lastIndex, storage.key(), storage.numel());
    }
    if (numel == 0 && storageOffset > storage.numel()) {
      throw CausalDensityException.invalidFile(subject,
          "empty tensor starts at element %d of storage %s, which holds %d elements", storageOffset, storage.key(),
          storage.numel());
    }
    return new TorchTensor(subject, storage, storageOffset, shape.clone(), strides.clone(), numel);
  }

  /** The element type. */
  public TorchDtype dtype() {
    return storage.dtype();
  }

  /** Size of each dimension (a copy); empty for a 0-dimensional (scalar) tensor. */
  public long[] shape() {
    return shape.clone();
  }

  /** Step, in elements of the storage, of each dimension (a copy); may be 0 (broadcast) or non-C-order. */
  public long[] strides() {
    return strides.clone();
  }

  /** Index, in elements, of this tensor's first element in its storage. */
  public long storageOffset() {
    return storageOffset;
  }

  /** Number of elements: the product of the shape (1 for a scalar, 0 when any dimension is 0). */
  public long numel() {
    return numel;
  }

  /** The storage this tensor views (shared by tied or sliced tensors). */
  TorchStorage storage() {
    return storage;
  }

  /**
   * The values of an integer or bool tensor (bool as 0/1, uint8 as 0..255) in C order; refuses a floating-point
   * tensor and one with more elements than a Java array holds.
   */
  public long[] toLongArray() {
    if (dtype().isFloatingPoint()) {
      throw refused("toLongArray() reads integer tensors; this one is %s (use toFloatArray or toDoubleArray)");
    }
    long[] out = allocate(long[]::new, Long.BYTES);
    ByteBuffer data = storage.data();
    if (dtype() == TorchDtype.INT64 && isContiguous()) {
      data.position((int) (storageOffset * 8)).asLongBuffer().get(out);
      return out;
    }
    int item = dtype().itemSize();
    TorchDtype dtype = dtype();
    forEachElement((i, index) -> {
      int at = (int) (index * item);
      switch (dtype) {
        case INT8:
          out[i] = data.get(at);
          break;
        case UINT8:
          out[i] = data.get(at) & 0xFF;
          break;
        case BOOL:
          out[i] = data.get(at) != 0 ? 1 : 0;
          break;
        case INT16:
          out[i] = data.getShort(at);
          break;
        case INT32:
          out[i] = data.getInt(at);
          break;
        default:
          out[i] = data.getLong(at);
          break;
      }
    });
    return out;
  }

  /**
   * The values of a float16, bfloat16 or float32 tensor in C order, float16 and bfloat16 widened exactly (NaN
   * payloads kept); refuses float64 (it would round: use {@link #toDoubleArray()}), integer tensors, and tensors
   * with more elements than a Java array holds.
   */
  public float[] toFloatArray() {
    if (!dtype().isFloatingPoint()) {
      throw refused("toFloatArray() reads floating-point tensors; this one is %s (use toLongArray)");
    }
    if (dtype() == TorchDtype.FLOAT64) {
      throw refused("toFloatArray() would round this %s tensor: use toDoubleArray()");
    }
    float[] out = allocate(float[]::new, Float.BYTES);
    ByteBuffer data = storage.data();
    if (dtype() == TorchDtype.FLOAT32 && isContiguous()) {
      data.position((int) (storageOffset * 4)).asFloatBuffer().get(out);
      return out;
    }
    int item = dtype().itemSize();
    TorchDtype dtype = dtype();
    forEachElement((i, index) -> out[i] = readFloat(data, dtype, (int) (index * item)));
    return out;
  }

  /**
   * The values of a floating-point tensor in C order, widened exactly to double; refuses integer tensors (use
   * {@link #toLongArray()}) and tensors with more elements than a Java array holds.
   */
  public double[] toDoubleArray() {
    if (!dtype().isFloatingPoint()) {
      throw refused("toDoubleArray() reads floating-point tensors; this one is %s (use toLongArray)");
    }
    double[] out = allocate(double[]::new, Double.BYTES);
    ByteBuffer data = storage.data();
    int item = dtype().itemSize();
    TorchDtype dtype = dtype();
    forEachElement((i, index) -> {
      int at = (int) (index * item);
      out[i] = dtype == TorchDtype.FLOAT64 ? data.getDouble(at) : readFloat(data, dtype, at);
    });
    return out;
  }

  @Override
  public String toString() {
    return "TorchTensor[" + dtype().torchName() + ", shape " + Arrays.toString(shape) + ", strides "
        + Arrays.toString(strides) + ", offset " + storageOffset + ", storage " + storage.key() + "]";
  }

  private static float readFloat(ByteBuffer data, TorchDtype dtype, int at) {
    switch (dtype) {
      case FLOAT32:
        return data.getFloat(at);
      case BFLOAT16:
        return HalfFloats.fromBfloat16(data.getShort(at));
      default:
        return HalfFloats.fromFloat16(data.getShort(at));
    }
  }

  private boolean isContiguous() {
    long expected = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] != 1 && strides[d] != expected) {
        return false;
      }
      expected *= shape[d];
    }
    return true;
  }

  /**
   * The output array, or a refusal when it cannot exist: more elements than a Java array holds, or more bytes than
   * the heap can give (a broadcast view may describe far more elements than its file stores). Only this one
   * allocation's failure is caught: it leaves nothing half-done.
   */
  private <T> T allocate(IntFunction<T> array, int elementBytes) {
    if (numel > TorchZip.MAX_ARRAY) {
      throw refused("tensor of %s has " + numel + " elements, more than a Java array holds ("
          + TorchZip.MAX_ARRAY + ")");
    }
    try {
      return array.apply((int) numel);
    } catch (OutOfMemoryError e) {
      throw refused("tensor of %s has " + numel + " elements: its " + numel * elementBytes
          + "-byte array does not fit in the Java heap (" + Runtime.getRuntime().maxMemory() + " bytes at most)");
    }
  }

  private CausalDensityException refused(String problem) {
    return CausalDensityException.invalidFile(subject, problem, dtype().torchName());
  }

  /** Receives the C-order position and the storage element index of each element. */
  @FunctionalInterface
  private interface ElementVisitor {
    void visit(int position, long storageIndex);
  }

  /** Visits the elements in C order with an odometer over the outer dimensions and a loop over the last one. */
  private void forEachElement(ElementVisitor visitor) {
    if (numel == 0) {
      return;
    }
    int dims = shape.length;
    if (dims == 0) {
      visitor.visit(0, storageOffset);
      return;
    }
    long[] counter = new long[dims];
    long rowStart = storageOffset;
    long innerSize = shape[dims - 1];
    long innerStride = strides[dims - 1];
    int position = 0;
    while (true) {
      long index = rowStart;
      for (long j = 0; j < innerSize; j++) {
        visitor.visit(position++, index);
        index += innerStride;
      }
      int d = dims - 2;
      while (d >= 0) {
        counter[d]++;
        rowStart += strides[d];
        if (counter[d] < shape[d]) {
          break;
        }
        rowStart -= counter[d] * strides[d];
        counter[d] = 0;
        d--;
      }
      if (d < 0) {
        return;
      }
    }
  }
}
