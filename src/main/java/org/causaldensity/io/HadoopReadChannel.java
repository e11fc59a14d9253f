package org.causaldensity.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * A read-only {@link SeekableByteChannel} over a Hadoop file, by positional reads, bounded by the length the file
 * had when opened: what zip readers need to read an archive on {@code hdfs://} or {@code s3a://} without copying it
 * to local disk or holding it whole (Commons Compress for torch.save zips, Arrow for row-block files). A file
 * that shrinks while read fails with an {@link EOFException}.
 */
public final class HadoopReadChannel implements SeekableByteChannel {
  private static final int CHUNK_BYTES = 1 << 20;
  private final FSDataInputStream in;
  private final long size;
  private long position;
  private boolean open = true;
  private byte[] chunk;

  /** Takes ownership of {@code in}: closing the channel closes it. */
  public HadoopReadChannel(FSDataInputStream in, long size) {
    this.in = in;
    this.size = size;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    if (position >= size) {
      return -1;
    }
    int n = (int) Math.min(dst.remaining(), size - position);
    if (dst.hasArray()) {
      in.readFully(position, dst.array(), dst.arrayOffset() + dst.position(), n);
      dst.position(dst.position() + n);
      position += n;
      return n;
    }
    // A direct buffer (Arrow's): through one reused bounce array, never one of the request's size.
    if (chunk == null) {
      chunk = new byte[(int) Math.min(CHUNK_BYTES, Math.max(1, size))];
    }
    for (int done = 0; done < n; ) {
      int length = Math.min(chunk.length, n - done);
      in.readFully(position, chunk, 0, length);
      dst.put(chunk, 0, length);
      position += length;
      done += length;
    }
    return n;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() throws IOException {
    ensureOpen();
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    ensureOpen();
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position " + newPosition);
    }
    position = newPosition;
    return this;
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
    return size;
  }

  @Override
  public SeekableByteChannel truncate(long newSize) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() throws IOException {
    if (open) {
      open = false;
      in.close();
    }
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}
