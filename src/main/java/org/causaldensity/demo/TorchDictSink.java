package org.causaldensity.demo;

import org.apache.hadoop.conf.Configuration;

/**
 * Writes a one-entry {@code torch.save} dict. Production binds it to {@code io.torch.TorchSaveWriter.writeDict};
 * it is an interface so that the dataset's geometry can be tested without the pickle writer.
 */
interface TorchDictSink {
  /** Writes {@code {key: int64 tensor [values.length]}} to {@code path}. */
  void writeInt64Vector(String path, Configuration conf, String key, long[] values);

  /** Writes {@code {key: float32 tensor [rows, cols]}} (row-major {@code values}) to {@code path}. */
  void writeFloat32Matrix(String path, Configuration conf, String key, float[] values, int rows, int cols);
}
