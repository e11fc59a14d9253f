package org.causaldensity.demo;

import org.apache.hadoop.conf.Configuration;

/**
 * Writes a one-entry {@code torch.save} dict. Production uses {@link SyntheticDataset#TORCH_SAVE}
 * ({@link org.causaldensity.io.torch.TorchSaveWriter}); tests record the values instead, to check them directly.
 */
interface TorchDictSink {
  /** Writes {@code {key: int64 tensor [values.length]}} to {@code path}. */
  void writeInt64Vector(String path, Configuration conf, String key, long[] values);

  /** Writes {@code {key: float32 tensor [rows, cols]}} (row-major {@code values}) to {@code path}. */
  void writeFloat32Matrix(String path, Configuration conf, String key, float[] values, int rows, int cols);
}
