package org.causaldensity.io.safetensors;

/**
 * The element types a safetensors header may name, spelled as in the header ({@code "BF16"}, {@code "F8_E4M3"}, ...),
 * with their widths as the reference implementation (huggingface/safetensors {@code Dtype::bitsize}) defines them.
 * F4 and the F6 types are packed: several elements share a byte.
 */
public enum SafetensorsDtype {
  BOOL(8),
  F4(4),
  F6_E2M3(6),
  F6_E3M2(6),
  U8(8),
  I8(8),
  F8_E5M2(8),
  F8_E4M3(8),
  F8_E8M0(8),
  I16(16),
  U16(16),
  F16(16),
  BF16(16),
  I32(32),
  U32(32),
  F32(32),
  C64(64),
  F64(64),
  I64(64),
  U64(64);

  private final int bitSize;

  SafetensorsDtype(int bitSize) {
    this.bitSize = bitSize;
  }

  /** Bits per element; 4 or 6 for the packed types F4, F6_E2M3, F6_E3M2. */
  public int bitSize() {
    return bitSize;
  }

  /**
   * Bytes per element; the packed types (F4, F6_E2M3, F6_E3M2) have no whole size and throw
   * UnsupportedOperationException.
   */
  public int itemSize() {
    if (bitSize % 8 != 0) {
      throw new UnsupportedOperationException(name() + " packs " + bitSize + "-bit elements; use bitSize()");
    }
    return bitSize / 8;
  }

  /** Whether {@link Checkpoint} can convert this type to float32 (exactly, or for F64 rounded to nearest). */
  public boolean isFloatReadable() {
    return this == F64 || this == F32 || this == F16 || this == BF16;
  }

  /** The type a header spells {@code name}; null when it is none of them (case matters, as in the reference). */
  public static SafetensorsDtype fromHeaderName(String name) {
    for (SafetensorsDtype dtype : values()) {
      if (dtype.name().equals(name)) {
        return dtype;
      }
    }
    return null;
  }

  /** Every header spelling, for messages. */
  static String allNames() {
    StringBuilder names = new StringBuilder();
    for (SafetensorsDtype dtype : values()) {
      names.append(names.length() == 0 ? "" : ", ").append(dtype.name());
    }
    return names.toString();
  }
}
