package org.causaldensity.demo;

import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Keeps what would be torch.save'd, by path, so tests can check the values; production writes them with
 * io.torch.TorchSaveWriter (tested there).
 */
final class RecordingTorchSink implements TorchDictSink {
  /** One recorded dict entry: its key, data (long[] or float[]) and shape. */
  record Entry(String key, Object data, long... shape) {}

  final Map<String, Entry> written = new HashMap<>();

  @Override
  public void writeInt64Vector(String path, Configuration conf, String key, long[] values) {
    written.put(path, new Entry(key, values.clone(), values.length));
  }

  @Override
  public void writeFloat32Matrix(String path, Configuration conf, String key, float[] values, int rows, int cols) {
    written.put(path, new Entry(key, values.clone(), rows, cols));
  }
}
