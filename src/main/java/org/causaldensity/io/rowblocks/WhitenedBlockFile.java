package org.causaldensity.io.rowblocks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HadoopFiles;

/**
 * A block of whitened rows staged by the matrix-free path (transient: under the run's staging folder, removed at the
 * end): a 32-byte header ({@code CDWHIT01}, first row int64, row count int32, row length int32, 8 bytes reserved)
 * then count × dim float64 little-endian, row-major. Float64 because the exact distances are recomputed from these
 * values; the fast pass rounds them to float32 in memory. Read back only by the same run, but still checked: magic,
 * shape and file length must agree before anything is allocated.
 */
public final class WhitenedBlockFile {
  static final byte[] MAGIC = "CDWHIT01".getBytes(StandardCharsets.US_ASCII);
  static final int HEADER_BYTES = 32;
  private static final int CHUNK_ROWS = 64;

  private WhitenedBlockFile() {}

  /** One block as read: rows [first, first + count) of length dim. */
  public record Block(long first, int count, int dim, double[] values) {}

  /** Writes rows {@code values[0 .. count·dim)} as the block starting at row {@code first}. */
  public static void write(String path, Configuration conf, long first, int count, int dim, double[] values) {
    OutputStream out = HadoopFiles.create(path, conf);
    try {
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      header.put(MAGIC).putLong(first).putInt(count).putInt(dim);
      out.write(header.array());
      ByteBuffer chunk = ByteBuffer.allocate(CHUNK_ROWS * dim * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (int r0 = 0; r0 < count; r0 += CHUNK_ROWS) {
        int rows = Math.min(CHUNK_ROWS, count - r0);
        chunk.clear();
        chunk.asDoubleBuffer().put(values, r0 * dim, rows * dim);
        out.write(chunk.array(), 0, rows * dim * Double.BYTES);
      }
      out.close();
    } catch (IOException e) {
      HadoopFiles.deleteAfterFailure(path, conf);
      throw CausalDensityException.io(path, e);
    }
  }

  /** Reads a whole block whose rows must have length {@code dim}. */
  public static Block read(String path, Configuration conf, int dim) {
    try (FSDataInputStream in = HadoopFiles.open(path, conf)) {
      Block header = header(path, in, conf, dim);
      double[] values = new double[header.count() * dim];
      readRows(path, in, 0, header.count(), dim, values, 0);
      return new Block(header.first(), header.count(), dim, values);
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
  }

  /** Reads rows {@code localRows[i]} (0-based within the block) into {@code dst[(offset + i)·dim ..)}. */
  public static void readSome(String path, Configuration conf, int dim, int[] localRows, double[] dst, int offset) {
    try (FSDataInputStream in = HadoopFiles.open(path, conf)) {
      Block header = header(path, in, conf, dim);
      for (int i = 0; i < localRows.length; i++) {
        if (localRows[i] < 0 || localRows[i] >= header.count()) {
          throw CausalDensityException.invalidFile(path, "row %d requested, the block holds %d", localRows[i],
              header.count());
        }
        readRows(path, in, localRows[i], 1, dim, dst, (offset + i) * dim);
      }
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
  }

  private static Block header(String path, FSDataInputStream in, Configuration conf, int dim) {
    byte[] bytes = new byte[HEADER_BYTES];
    long length = HadoopFiles.length(path, conf);
    if (length < HEADER_BYTES) {
      throw CausalDensityException.invalidFile(path, "is %d bytes, shorter than its header", length);
    }
    HadoopFiles.readFully(in, path, 0, bytes, 0, HEADER_BYTES);
    ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (byte b : MAGIC) {
      if (header.get() != b) {
        throw CausalDensityException.invalidFile(path, "is not a whitened-row block (bad magic)");
      }
    }
    long first = header.getLong();
    int count = header.getInt();
    int rowLength = header.getInt();
    if (first < 0 || count < 0 || rowLength != dim) {
      throw CausalDensityException.invalidFile(path, "header says first %d, %d rows of %d; expected rows of %d", first,
          count, rowLength, dim);
    }
    long expected = HEADER_BYTES + (long) count * dim * Double.BYTES;
    if (length != expected) {
      throw CausalDensityException.invalidFile(path, "is %d bytes, its header needs %d", length, expected);
    }
    return new Block(first, count, dim, null);
  }

  private static void readRows(String path, FSDataInputStream in, int row, int rows, int dim, double[] dst,
      int dstOffset) {
    byte[] buffer = new byte[Math.min(rows, CHUNK_ROWS) * dim * Double.BYTES];
    for (int r0 = 0; r0 < rows; r0 += CHUNK_ROWS) {
      int n = Math.min(CHUNK_ROWS, rows - r0);
      long position = HEADER_BYTES + (long) (row + r0) * dim * Double.BYTES;
      HadoopFiles.readFully(in, path, position, buffer, 0, n * dim * Double.BYTES);
      ByteBuffer.wrap(buffer, 0, n * dim * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer()
          .get(dst, dstOffset + r0 * dim, n * dim);
    }
  }
}
