package org.causaldensity.io.npy;

import java.io.Closeable;
import java.io.IOException;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HadoopFiles;

/**
 * The N x N distance matrix in a .npy file, read by row ranges with positional reads through a bounded, reused
 * buffer, so the file (4.1 GB for N = 32,000 in float32) is never loaded whole.
 *
 * <p>Values come back as float32, the working precision: {@code <f4}/{@code >f4} exactly, {@code <f2}/{@code >f2}
 * widened exactly, {@code <f8}/{@code >f8} rounded to the nearest float32 (ties to even, beyond float32's range to
 * infinity), as numpy's {@code astype(np.float32)} does. Values are not checked (NaN, negatives): another stage does
 * that. Both C (row-major) and Fortran (column-major) files are read.
 *
 * <p>One instance holds one open stream; {@link #readRows} is synchronized, so an instance may be shared, but each
 * Spark task normally opens its own.
 */
public final class NpyMatrix implements Closeable {
  /** Read buffer bound: 8 MiB, i.e. 65 rows of a 32,000-column float32 matrix per positional read. */
  public static final int DEFAULT_BUFFER_BYTES = 8 << 20;
  /**
   * Fortran order: neighbouring columns' segments are read in one go, gaps included, when the gap is no longer
   * than this or than the segment itself (then at most half the bytes read are thrown away). One positional read
   * through Hadoop's checksummed local file system costs 70-250 us here, about as long as reading 64 KiB.
   */
  static final long MERGED_GAP_BYTES = 64 << 10;

  private final String path;
  private final NpyHeader header;
  private final int n;
  private final FSDataInputStream in;
  private final ChunkReader chunks;
  private final long mergedGapBytes;
  private boolean closed;

  private NpyMatrix(String path, NpyHeader header, FSDataInputStream in, int bufferBytes, long mergedGapBytes) {
    this.path = path;
    this.mergedGapBytes = mergedGapBytes;
    this.header = header;
    this.n = (int) header.rows();
    this.in = in;
    this.chunks = new ChunkReader(in, path, header.dtype(), bufferBytes, header.elementCount());
  }

  /**
   * Opens the square 2-D float matrix at {@code path}; any other shape (or an empty 0 x 0 matrix), an unsupported
   * dtype or a file whose length does not match its header is refused with a {@link CausalDensityException}.
   */
  public static NpyMatrix open(String path, Configuration conf) {
    return open(path, conf, DEFAULT_BUFFER_BYTES, MERGED_GAP_BYTES);
  }

  /** As {@link #open(String, Configuration)} with chosen read-buffer and gap bounds (tests use tiny ones). */
  static NpyMatrix open(String path, Configuration conf, int bufferBytes, long mergedGapBytes) {
    if (bufferBytes < 1) {
      throw new IllegalArgumentException("bufferBytes must be positive, was " + bufferBytes);
    }
    if (mergedGapBytes < 0) {
      throw new IllegalArgumentException("mergedGapBytes must be >= 0, was " + mergedGapBytes);
    }
    long fileLength = HadoopFiles.length(path, conf);
    FSDataInputStream in = HadoopFiles.open(path, conf);
    try {
      NpyHeader header = NpyHeader.read(in, path, fileLength);
      requireSquare(path, header);
      return new NpyMatrix(path, header, in, bufferBytes, mergedGapBytes);
    } catch (RuntimeException e) {
      try {
        in.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private static void requireSquare(String path, NpyHeader header) {
    if (header.ndim() != 2) {
      throw CausalDensityException.invalidFile(path,
          "holds an array of shape %s, expected a 2-D N x N distance matrix", header.shapeText());
    }
    if (header.rows() != header.cols()) {
      throw CausalDensityException.invalidFile(path,
          "holds a %d x %d matrix, expected a square N x N distance matrix", header.rows(), header.cols());
    }
    if (header.rows() == 0) {
      throw CausalDensityException.invalidFile(path, "holds an empty 0 x 0 matrix, expected at least one row");
    }
    // Unreachable through the length check for real files (N > 2^31 means > 2^62 bytes), but a guard costs nothing.
    if (header.rows() > Integer.MAX_VALUE) {
      throw CausalDensityException.invalidFile(path, "holds %d rows, more than the %d this reader handles",
          header.rows(), Integer.MAX_VALUE);
    }
  }

  /** The validated header. */
  public NpyHeader header() {
    return header;
  }

  /** The path the matrix was opened from. */
  public String path() {
    return path;
  }

  /** N, the number of rows and of columns (at least 1). */
  public int size() {
    return n;
  }

  /**
   * Reads rows {@code [firstRow, firstRow + rowCount)} row-major into {@code dst[0 .. rowCount * N)}, converted to
   * float32; {@code rowCount == 0} reads nothing. Arguments out of range throw {@link IllegalArgumentException};
   * a file that changed since {@link #open} (shorter now) or an I/O error throws {@link CausalDensityException}.
   */
  public synchronized void readRows(long firstRow, int rowCount, float[] dst) {
    Objects.requireNonNull(dst, "dst");
    if (closed) {
      throw new IllegalStateException(path + ": readRows after close");
    }
    if (firstRow < 0 || firstRow > n) {
      throw new IllegalArgumentException("firstRow must be in [0, " + n + "], was " + firstRow);
    }
    if (rowCount < 0 || firstRow + rowCount > n) {
      throw new IllegalArgumentException(
          "rowCount must be in [0, " + (n - firstRow) + "] for firstRow " + firstRow + ", was " + rowCount);
    }
    if ((long) rowCount * n > dst.length) {
      throw new IllegalArgumentException("dst must hold rowCount x N = " + ((long) rowCount * n)
          + " floats, has " + dst.length);
    }
    if (rowCount == 0) {
      return;
    }
    if (header.fortranOrder()) {
      readColumnMajor(firstRow, rowCount, dst);
    } else {
      readRowMajor(firstRow, rowCount, dst);
    }
  }

  /** C order: the rows are one contiguous byte range, read in buffer-sized pieces. */
  private void readRowMajor(long firstRow, int rowCount, float[] dst) {
    int itemSize = header.dtype().itemSize();
    long total = (long) rowCount * n;
    long position = header.dataOffset() + firstRow * n * itemSize;
    for (long done = 0; done < total; ) {
      int items = (int) Math.min(total - done, chunks.capacityItems());
      chunks.load(position + done * itemSize, items);
      chunks.toFloats(0, items, dst, (int) done, 1);
      done += items;
    }
  }

  /**
   * Fortran order: element (i, j) is at {@code j * N + i}, so each column j holds the wanted rows as one segment of
   * {@code rowCount} elements, followed by a gap of {@code N - rowCount} unwanted ones. Segments of neighbouring
   * columns are read together when the gap is small; a segment larger than the buffer is read in pieces.
   */
  private void readColumnMajor(long firstRow, int rowCount, float[] dst) {
    int itemSize = header.dtype().itemSize();
    int capacity = chunks.capacityItems();
    long gapBytes = (long) (n - rowCount) * itemSize;
    if (rowCount <= capacity) {
      boolean mergeColumns = gapBytes <= Math.max(mergedGapBytes, (long) rowCount * itemSize);
      int columnsPerRead = mergeColumns ? (int) Math.min(n, (capacity - rowCount) / (long) n + 1) : 1;
      for (int j = 0; j < n; j += columnsPerRead) {
        int columns = Math.min(columnsPerRead, n - j);
        int spanItems = (columns - 1) * n + rowCount; // <= capacity by the choice of columnsPerRead
        chunks.load(header.dataOffset() + ((long) j * n + firstRow) * itemSize, spanItems);
        for (int c = 0; c < columns; c++) {
          chunks.toFloats(c * n, rowCount, dst, j + c, n);
        }
      }
      return;
    }
    for (int j = 0; j < n; j++) {
      for (int done = 0; done < rowCount; ) {
        int items = Math.min(rowCount - done, capacity);
        chunks.load(header.dataOffset() + ((long) j * n + firstRow + done) * itemSize, items);
        chunks.toFloats(0, items, dst, done * n + j, n);
        done += items;
      }
    }
  }

  /** Closes the stream; later {@link #readRows} calls throw {@link IllegalStateException}. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      in.close();
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
  }
}
