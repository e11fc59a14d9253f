package org.causaldensity.io.torch;

/**
 * The element types a {@code torch.save} file may hold that this reader decodes. Each one names the storage class
 * torch pickles for it ({@code torch.FloatStorage}, ...) and the dtype global ({@code torch.float32}).
 */
public enum TorchDtype {
  FLOAT16(2, true, "HalfStorage", "float16", "half"),
  BFLOAT16(2, true, "BFloat16Storage", "bfloat16"),
  FLOAT32(4, true, "FloatStorage", "float32", "float"),
  FLOAT64(8, true, "DoubleStorage", "float64", "double"),
  INT8(1, false, "CharStorage", "int8"),
  INT16(2, false, "ShortStorage", "int16", "short"),
  INT32(4, false, "IntStorage", "int32", "int"),
  INT64(8, false, "LongStorage", "int64", "long"),
  UINT8(1, false, "ByteStorage", "uint8"),
  BOOL(1, false, "BoolStorage", "bool");

  private final int itemSize;
  private final boolean floatingPoint;
  private final String storageClass;
  private final String[] torchNames;

  TorchDtype(int itemSize, boolean floatingPoint, String storageClass, String... torchNames) {
    this.itemSize = itemSize;
    this.floatingPoint = floatingPoint;
    this.storageClass = storageClass;
    this.torchNames = torchNames;
  }

  /** Bytes per element (1, 2, 4 or 8). */
  public int itemSize() {
    return itemSize;
  }

  /** Whether the elements are floating point (float16, bfloat16, float32, float64); bool counts as integer. */
  public boolean isFloatingPoint() {
    return floatingPoint;
  }

  /** The name torch prints, e.g. {@code "float32"}. */
  public String torchName() {
    return torchNames[0];
  }

  /** The legacy storage class torch pickles for this dtype, e.g. {@code "FloatStorage"} (module {@code torch}). */
  public String storageClass() {
    return storageClass;
  }

  /** The dtype whose storage class is {@code name} (e.g. {@code "FloatStorage"}), or null if none is. */
  static TorchDtype forStorageClass(String name) {
    for (TorchDtype dtype : values()) {
      if (dtype.storageClass.equals(name)) {
        return dtype;
      }
    }
    return null;
  }

  /** The dtype that the global {@code torch.<name>} denotes (e.g. {@code float32}, {@code half}), or null. */
  static TorchDtype forTorchName(String name) {
    for (TorchDtype dtype : values()) {
      for (String torchName : dtype.torchNames) {
        if (torchName.equals(name)) {
          return dtype;
        }
      }
    }
    return null;
  }
}
