package org.causaldensity.io.safetensors;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HadoopFiles;

/**
 * Element reads from one tensor of a validated safetensors file, by positional reads of bounded size through the
 * Hadoop FileSystem API, converted to float32 (see {@link Checkpoint#gatherRows} for the conversion rules).
 */
public final class SafetensorsFile {
  /** Largest single read, so that a long range never needs a buffer the size of the tensor. */
  static final int READ_CHUNK_BYTES = 4 << 20;

  private SafetensorsFile() {}

  /**
   * Reads elements {@code [firstElement, firstElement + count)} of {@code tensor} (flat, C order) into
   * {@code dst[dstOffset ..]} as float32; a tensor that is not F64/F32/F16/BF16 is a CausalDensityException, a range
   * outside the tensor or {@code dst} an IllegalArgumentException; {@code count == 0} reads nothing.
   */
  public static void readFloats(TensorEntry tensor, long firstElement, int count, float[] dst, int dstOffset,
      Configuration conf) {
    requireFloat(tensor);
    long elements = tensor.elementCount();
    if (firstElement < 0 || count < 0 || firstElement > elements - count) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "firstElement %d and count %d: outside the %d elements of %s", firstElement, count, elements,
          tensor.name()));
    }
    if (dstOffset < 0 || dstOffset > dst.length - count) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "dstOffset %d and count %d: outside dst of length %d", dstOffset, count, dst.length));
    }
    if (count == 0) {
      return;
    }
    int itemSize = tensor.dtype().itemSize();
    int chunkElements = READ_CHUNK_BYTES / itemSize;
    byte[] buffer = new byte[Math.min(count, chunkElements) * itemSize];
    try (FSDataInputStream in = HadoopFiles.open(tensor.file(), conf)) {
      for (int done = 0; done < count; ) {
        int n = Math.min(count - done, chunkElements);
        long position = tensor.begin() + (firstElement + done) * itemSize;
        HadoopFiles.readFully(in, tensor.file(), position, buffer, 0, n * itemSize);
        FloatDecoding.decode(tensor.dtype(), buffer, 0, dst, dstOffset + done, n);
        done += n;
      }
    } catch (IOException e) {
      throw CausalDensityException.io(tensor.file(), e);
    }
  }

  /** Refuses a tensor whose elements cannot be converted to float32. */
  static void requireFloat(TensorEntry tensor) {
    if (!tensor.dtype().isFloatReadable()) {
      throw CausalDensityException.invalidFile(tensor.file(),
          "tensor %s has dtype %s; only F64, F32, F16 and BF16 can be read as float32",
          SafetensorsHeader.quote(tensor.name()), tensor.dtype());
    }
  }
}
