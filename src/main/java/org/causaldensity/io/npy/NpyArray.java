package org.causaldensity.io.npy;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HadoopFiles;

/**
 * A small .npy array of any shape read whole, its values as float64 in C (row-major) order whatever the file's
 * order. For fixtures and small side inputs; the distance matrix is read by row ranges with {@link NpyMatrix}.
 * Accepts the same dtypes as {@link NpyHeader} (float16/32/64 with an explicit byte order), all held exactly.
 */
public final class NpyArray {
  /** Default cap on the values read whole: 2^24 (128 MiB as float64). */
  public static final long DEFAULT_MAX_VALUES = 1L << 24;

  private final NpyHeader header;
  private final double[] values;

  private NpyArray(NpyHeader header, double[] values) {
    this.header = header;
    this.values = values;
  }

  /** Reads the whole array; more than {@link #DEFAULT_MAX_VALUES} values is refused. */
  public static NpyArray readAll(String path, Configuration conf) {
    return readAll(path, conf, DEFAULT_MAX_VALUES);
  }

  /**
   * Reads the whole array, refusing ({@link CausalDensityException}) one of more than {@code maxValues} values, an
   * unsupported dtype or a malformed file. {@code maxValues} must be in [0, 2^31 - 9].
   */
  public static NpyArray readAll(String path, Configuration conf, long maxValues) {
    return readAll(path, conf, maxValues, NpyMatrix.DEFAULT_BUFFER_BYTES);
  }

  static NpyArray readAll(String path, Configuration conf, long maxValues, int bufferBytes) {
    if (maxValues < 0 || maxValues > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxValues must be in [0, " + (Integer.MAX_VALUE - 8) + "], was "
          + maxValues);
    }
    if (bufferBytes < 1) {
      throw new IllegalArgumentException("bufferBytes must be positive, was " + bufferBytes);
    }
    long fileLength = HadoopFiles.length(path, conf);
    try (FSDataInputStream in = HadoopFiles.open(path, conf)) {
      NpyHeader header = NpyHeader.read(in, path, fileLength);
      long count = header.elementCount();
      if (count > maxValues) {
        throw CausalDensityException.invalidFile(path,
            "holds %d values (shape %s), more than the %d read whole here; read it by rows with NpyMatrix", count,
            header.shapeText(), maxValues);
      }
      double[] fileOrder = new double[(int) count];
      ChunkReader chunks = new ChunkReader(in, path, header.dtype(), bufferBytes, count);
      int itemSize = header.dtype().itemSize();
      for (int done = 0; done < count; ) {
        int items = (int) Math.min(count - done, chunks.capacityItems());
        chunks.load(header.dataOffset() + (long) done * itemSize, items);
        chunks.toDoubles(0, items, fileOrder, done, 1);
        done += items;
      }
      boolean reorder = header.fortranOrder() && header.ndim() > 1 && count > 0;
      return new NpyArray(header, reorder ? toRowMajor(fileOrder, header.shape()) : fileOrder);
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
  }

  /** Column-major (first index fastest) to row-major (last index fastest), walking the file's order once. */
  private static double[] toRowMajor(double[] columnMajor, long[] shape) {
    int ndim = shape.length;
    long[] rowMajorStride = new long[ndim];
    long stride = 1;
    for (int a = ndim - 1; a >= 0; a--) {
      rowMajorStride[a] = stride;
      stride *= shape[a];
    }
    double[] out = new double[columnMajor.length];
    long[] index = new long[ndim];
    long target = 0;
    for (double value : columnMajor) {
      out[(int) target] = value;
      for (int a = 0; a < ndim; a++) { // odometer, axis 0 turning fastest
        index[a]++;
        target += rowMajorStride[a];
        if (index[a] < shape[a]) {
          break;
        }
        target -= index[a] * rowMajorStride[a];
        index[a] = 0;
      }
    }
    return out;
  }

  /** The validated header. */
  public NpyHeader header() {
    return header;
  }

  /** A copy of the shape; empty for a scalar. */
  public long[] shape() {
    return header.shape();
  }

  /** Number of values (1 for a scalar, 0 for an empty array). */
  public int size() {
    return values.length;
  }

  /** The value at row-major flat index {@code index}; throws {@link IndexOutOfBoundsException} outside [0, size). */
  public double get(int index) {
    return values[index];
  }

  /** A copy of all values in row-major (C) order. */
  public double[] values() {
    return values.clone();
  }
}
