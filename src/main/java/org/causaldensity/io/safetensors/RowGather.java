package org.causaldensity.io.safetensors;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HadoopFiles;

/**
 * Gathers rows of a row-major [rows, width] tensor: ids sorted by offset, nearby rows coalesced into bounded
 * positional reads, each read row converted once per id that asked for it.
 */
final class RowGather {
  /** Upper bound on one read (unless a single row is longer), hence on the buffer a gather allocates. */
  static final long MAX_READ_BYTES = 4L << 20;
  /**
   * Rows at most this many bytes apart share one read: reading 64 KiB more is cheaper than another request on
   * HDFS or an object store (s3a's default read-ahead is the same size), and costs little on a local disk.
   */
  static final long MAX_GAP_BYTES = 64L << 10;

  private RowGather() {}

  /** One positional read: rows {@code [firstRow, firstRow + rowCount)}, serving {@code order[from .. to)}. */
  static final class Read {
    final long firstRow;
    final long rowCount;
    final int from;
    final int to;

    Read(long firstRow, long rowCount, int from, int to) {
      this.firstRow = firstRow;
      this.rowCount = rowCount;
      this.from = from;
      this.to = to;
    }
  }

  /** Positions of {@code ids} in ascending id order (stable, so duplicates keep their order). */
  static int[] ascendingOrder(long[] ids) {
    Integer[] boxed = new Integer[ids.length];
    for (int i = 0; i < ids.length; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, (a, b) -> Long.compare(ids[a], ids[b]));
    int[] order = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      order[i] = boxed[i];
    }
    return order;
  }

  /** The reads that cover {@code ids} taken in {@code order}, for rows of {@code rowBytes} bytes. */
  static List<Read> plan(long[] ids, int[] order, long rowBytes) {
    List<Read> reads = new ArrayList<>();
    int i = 0;
    while (i < order.length) {
      long first = ids[order[i]];
      long last = first;
      int j = i + 1;
      while (j < order.length) {
        long row = ids[order[j]];
        if (row != last) {
          long gapBytes = (row - last - 1) * rowBytes;
          long spanBytes = (row - first + 1) * rowBytes;
          if (gapBytes > MAX_GAP_BYTES || spanBytes > MAX_READ_BYTES) {
            break;
          }
          last = row;
        }
        j++;
      }
      reads.add(new Read(first, last - first + 1, i, j));
      i = j;
    }
    return reads;
  }

  /**
   * Reads rows {@code ids[i]} of {@code tensor} (already checked to lie in [0, rows)) into
   * {@code dst[i * width ..]}.
   */
  static void gather(TensorEntry tensor, int width, long[] ids, float[] dst, Configuration conf) {
    if (ids.length == 0) {
      return;
    }
    long rowBytes = (long) width * tensor.dtype().itemSize();
    int[] order = ascendingOrder(ids);
    List<Read> reads = plan(ids, order, rowBytes);
    long largest = 0;
    for (Read read : reads) {
      largest = Math.max(largest, read.rowCount * rowBytes);
    }
    byte[] buffer = new byte[Math.toIntExact(largest)];
    String file = tensor.file();
    try (FSDataInputStream in = HadoopFiles.open(file, conf)) {
      for (Read read : reads) {
        HadoopFiles.readFully(in, file, tensor.begin() + read.firstRow * rowBytes, buffer, 0,
            (int) (read.rowCount * rowBytes));
        for (int k = read.from; k < read.to; k++) {
          int position = order[k];
          int offset = (int) ((ids[position] - read.firstRow) * rowBytes);
          FloatDecoding.decode(tensor.dtype(), buffer, offset, dst, position * width, width);
        }
      }
    } catch (IOException e) {
      throw CausalDensityException.io(file, e);
    }
  }
}
