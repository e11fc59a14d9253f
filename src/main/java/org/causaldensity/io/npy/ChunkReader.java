package org.causaldensity.io.npy;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import org.apache.hadoop.fs.FSDataInputStream;
import org.causaldensity.io.HadoopFiles;
import org.causaldensity.io.HalfFloats;

/**
 * One reusable byte buffer for positional reads of .npy elements, and their decoding to float32 or float64.
 * The buffer is allocated on first use, no larger than the reads need. Not thread-safe.
 */
final class ChunkReader {
  private final FSDataInputStream in;
  private final String path;
  private final NpyDtype dtype;
  private final int capacityItems;
  private byte[] bytes;
  private FloatBuffer f4;
  private DoubleBuffer f8;
  private ShortBuffer f2;

  /**
   * @param maxBufferBytes upper bound on the buffer (at least one element is always allowed)
   * @param maxUsefulItems the most elements any read will ask for, so small files get small buffers
   */
  ChunkReader(FSDataInputStream in, String path, NpyDtype dtype, int maxBufferBytes, long maxUsefulItems) {
    this.in = in;
    this.path = path;
    this.dtype = dtype;
    this.capacityItems = (int) Math.max(1, Math.min(maxBufferBytes / dtype.itemSize(), maxUsefulItems));
  }

  /** Elements the buffer holds. */
  int capacityItems() {
    return capacityItems;
  }

  /** Reads {@code items} elements (at most {@link #capacityItems()}) starting at byte {@code position}. */
  void load(long position, int items) {
    if (bytes == null) {
      bytes = new byte[capacityItems * dtype.itemSize()];
      ByteBuffer view = ByteBuffer.wrap(bytes).order(dtype.byteOrder());
      switch (dtype.itemSize()) {
        case 2:
          f2 = view.asShortBuffer();
          break;
        case 4:
          f4 = view.asFloatBuffer();
          break;
        default:
          f8 = view.asDoubleBuffer();
          break;
      }
    }
    HadoopFiles.readFully(in, path, position, bytes, 0, items * dtype.itemSize());
  }

  /**
   * Decodes {@code count} loaded elements from element {@code from} into {@code dst[start]},
   * {@code dst[start + stride]}, ...; float64 is rounded to nearest float32 (ties to even), float16 widened exactly.
   */
  void toFloats(int from, int count, float[] dst, int start, int stride) {
    int end = from + count;
    int d = start;
    if (f4 != null) {
      if (stride == 1) {
        f4.get(from, dst, start, count);
        return;
      }
      for (int i = from; i < end; i++, d += stride) {
        dst[d] = f4.get(i);
      }
    } else if (f8 != null) {
      for (int i = from; i < end; i++, d += stride) {
        dst[d] = (float) f8.get(i);
      }
    } else {
      for (int i = from; i < end; i++, d += stride) {
        dst[d] = HalfFloats.fromFloat16(f2.get(i));
      }
    }
  }

  /** As {@link #toFloats} but to float64, which holds every accepted type exactly. */
  void toDoubles(int from, int count, double[] dst, int start, int stride) {
    int end = from + count;
    int d = start;
    if (f8 != null) {
      for (int i = from; i < end; i++, d += stride) {
        dst[d] = f8.get(i);
      }
    } else if (f4 != null) {
      for (int i = from; i < end; i++, d += stride) {
        dst[d] = f4.get(i);
      }
    } else {
      for (int i = from; i < end; i++, d += stride) {
        dst[d] = HalfFloats.fromFloat16(f2.get(i));
      }
    }
  }
}
