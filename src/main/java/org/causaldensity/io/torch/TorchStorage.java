package org.causaldensity.io.torch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One storage of a {@code torch.save} archive: the bytes of entry {@code <stem>/data/<key>}, already checked to hold
 * exactly {@code numel} elements of {@code dtype}. Several tensors may share one storage (views, tied weights).
 */
final class TorchStorage {
  private final String key;
  private final TorchDtype dtype;
  private final long numel;
  private final ByteBuffer data;

  /** {@code data} must hold exactly {@code numel * dtype.itemSize()} bytes; its byte order is the file's. */
  TorchStorage(String key, TorchDtype dtype, long numel, ByteBuffer data, ByteOrder order) {
    if (numel < 0 || data.remaining() != numel * dtype.itemSize()) {
      throw new IllegalArgumentException(
          "storage " + key + ": numel " + numel + " does not match " + data.remaining() + " bytes");
    }
    this.key = key;
    this.dtype = dtype;
    this.numel = numel;
    this.data = data.slice().order(order);
  }

  String key() {
    return key;
  }

  TorchDtype dtype() {
    return dtype;
  }

  long numel() {
    return numel;
  }

  /** A private view of the bytes (independent position), in the file's byte order. */
  ByteBuffer data() {
    return data.duplicate().order(data.order());
  }
}
