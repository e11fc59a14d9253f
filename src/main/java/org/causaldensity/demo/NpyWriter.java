package org.causaldensity.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import org.causaldensity.io.HadoopFiles;

/**
 * Streams a 2-D float32 matrix into a {@code .npy} file, row block by row block, so that a matrix far larger than
 * memory (32,000² floats = 4.1 GB) can be written. The file is byte for byte what numpy 1.24's {@code np.save}
 * writes for a C-ordered {@code <f4} array: format version 1.0, the header dict in numpy's key order with its
 * spare "growth" spaces, padded with spaces and a newline so that the data starts on a 64-byte boundary.
 *
 * <p>Use: {@link #create}, then {@link #writeRows} until every row is written, then {@link #close}. A writer
 * closed before all rows were written deletes its incomplete file and throws, so no truncated matrix is left
 * behind that a reader could mistake for a finished one (inside try-with-resources after another failure, that
 * exception is attached to the first one as suppressed).
 */
public final class NpyWriter implements AutoCloseable {
  /** numpy's ARRAY_ALIGN: the header is padded so that the data starts on this boundary. */
  static final int ARRAY_ALIGN = 64;
  /** numpy's GROWTH_AXIS_MAX_DIGITS: spare spaces let the first axis grow in place. */
  private static final int GROWTH_AXIS_MAX_DIGITS = 21;
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  /** Floats converted per write call: large enough to amortise the call, small enough to stay in cache. */
  private static final int CHUNK_FLOATS = 1 << 18;

  private final String path;
  private final Configuration conf;
  private final long rows;
  private final int cols;
  private final ByteBuffer chunk;
  private OutputStream out;
  private long rowsWritten;

  private NpyWriter(String path, Configuration conf, long rows, int cols, OutputStream out) {
    this.path = path;
    this.conf = conf;
    this.rows = rows;
    this.cols = cols;
    this.out = out;
    this.chunk = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Creates (overwriting) {@code path} and writes the header of a {@code rows × cols} float32 matrix.
   * Zero rows or columns are allowed (a header-only file, as numpy writes); negative sizes are a usage error.
   */
  public static NpyWriter create(String path, Configuration conf, long rows, int cols) {
    if (rows < 0) {
      throw CausalDensityException.usage("rows", "must be >= 0, got %d", rows);
    }
    if (cols < 0) {
      throw CausalDensityException.usage("cols", "must be >= 0, got %d", cols);
    }
    if (cols > 0 && rows > Long.MAX_VALUE / Float.BYTES / cols) {
      throw CausalDensityException.usage("rows", "%d rows × %d columns of float32 exceed the largest file", rows, cols);
    }
    byte[] header = header(rows, cols);
    return new NpyWriter(path, conf, rows, cols, HadoopFiles.createWithHeader(path, conf, header));
  }

  /**
   * The complete header (magic, version 1.0, length, dict, padding) numpy writes for a C-ordered {@code <f4}
   * array of shape {@code (rows, cols)}; its length is a multiple of 64.
   */
  static byte[] header(long rows, int cols) {
    String shape = "(" + rows + ", " + cols + ")";
    StringBuilder dict = new StringBuilder()
        .append("{'descr': '<f4', 'fortran_order': False, 'shape': ").append(shape).append(", }");
    // numpy pads with spaces for the digits the first axis could still gain (format.py, _write_array_header).
    dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(rows).length())));
    int prefix = MAGIC.length + 2 + 2;
    int withNewline = dict.length() + 1;
    int padding = (ARRAY_ALIGN - (prefix + withNewline) % ARRAY_ALIGN) % ARRAY_ALIGN;
    dict.append(" ".repeat(padding)).append('\n');
    byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
    ByteBuffer header = ByteBuffer.allocate(prefix + text.length).order(ByteOrder.LITTLE_ENDIAN);
    header.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
    return header.array();
  }

  /** Number of rows written so far. */
  public long rowsWritten() {
    return rowsWritten;
  }

  /**
   * Appends rows {@code [0, rowCount)} of {@code block} (row-major, {@code rowCount × cols} floats from index 0).
   * Writing more rows than the matrix has, or a block shorter than {@code rowCount × cols}, is a usage error and
   * writes nothing; {@code rowCount = 0} writes nothing.
   */
  public void writeRows(float[] block, int rowCount) {
    ensureOpen();
    if (rowCount < 0) {
      throw CausalDensityException.usage("rowCount", "must be >= 0, got %d", rowCount);
    }
    long floats = (long) rowCount * cols;
    if (block.length < floats) {
      throw CausalDensityException.usage("block", "holds %d floats, fewer than %d rows × %d columns = %d",
          block.length, rowCount, cols, floats);
    }
    if (rowsWritten + rowCount > rows) {
      throw CausalDensityException.usage("rowCount", "%d rows after the %d written exceed the matrix's %d rows of %s",
          rowCount, rowsWritten, rows, path);
    }
    int capacity = chunk.capacity() / Float.BYTES;
    try {
      for (int from = 0; from < floats; from += capacity) {
        int count = (int) Math.min(capacity, floats - from);
        chunk.clear();
        chunk.asFloatBuffer().put(block, from, count);
        out.write(chunk.array(), 0, count * Float.BYTES);
      }
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
    rowsWritten += rowCount;
  }

  /**
   * Closes the file. If fewer rows than declared were written, the incomplete file is deleted and a
   * {@link Failure#INTERNAL} exception says how many were missing. Closing twice does nothing.
   */
  @Override
  public void close() {
    if (out == null) {
      return;
    }
    OutputStream stream = out;
    out = null;
    HadoopFiles.closeOrDelete(stream, path, conf);
    if (rowsWritten != rows) {
      HadoopFiles.deleteAfterFailure(path, conf);
      throw new CausalDensityException(Failure.INTERNAL, path, String.format(Locale.ROOT,
          "only %d of %d rows were written; the incomplete file was deleted", rowsWritten, rows));
    }
  }

  private void ensureOpen() {
    if (out == null) {
      throw new CausalDensityException(Failure.INTERNAL, path, "writer is already closed");
    }
  }
}
