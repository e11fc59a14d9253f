package org.causaldensity.io.torch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes a zip archive of stored (uncompressed) entries the way torch's own writer lays them out: each entry's data
 * starts on a 64-byte boundary (padded with a {@code "FB"} extra field of {@code 'Z'} bytes), sizes and CRCs are in
 * the local headers, no data descriptors. Archives of 4 GiB and more would need zip64 and are refused.
 */
final class ZipWriter {
  /** Produces an entry's bytes; called twice (once for the CRC, once to write), so it must be repeatable. */
  @FunctionalInterface
  interface Content {
    void writeTo(ChunkSink sink) throws IOException;
  }

  /** Receives consecutive chunks of an entry. */
  @FunctionalInterface
  interface ChunkSink {
    void accept(byte[] chunk, int offset, int length) throws IOException;
  }

  static final int ALIGNMENT = 64;
  private static final int PADDING_EXTRA_ID = 0x4246; // "FB", as torch writes it
  private static final long MAX_OFFSET = 0xFFFFFFFFL;

  private static final class Written {
    final byte[] name;
    final long crc;
    final long size;
    final long offset;

    Written(byte[] name, long crc, long size, long offset) {
      this.name = name;
      this.crc = crc;
      this.size = size;
      this.offset = offset;
    }
  }

  private final OutputStream out;
  private final List<Written> written = new ArrayList<>();
  private long position;

  ZipWriter(OutputStream out) {
    this.out = out;
  }

  /** Adds a stored entry of {@code size} bytes. */
  void add(String name, long size, Content content) throws IOException {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    long[] counted = {0};
    content.writeTo((chunk, offset, length) -> {
      crc.update(chunk, offset, length);
      counted[0] += length;
    });
    if (counted[0] != size) {
      throw new IllegalStateException("entry " + name + " produced " + counted[0] + " bytes, expected " + size);
    }
    long headerEnd = position + ZipArchive.LOCAL_HEADER_SIZE + nameBytes.length;
    int padding = (int) ((ALIGNMENT - (headerEnd + 4) % ALIGNMENT) % ALIGNMENT);
    int extraLength = 4 + padding;
    if (position + ZipArchive.LOCAL_HEADER_SIZE + nameBytes.length + extraLength + size > MAX_OFFSET) {
      throw new IOException("archive would exceed 4 GiB, which needs zip64 (not written)");
    }
    ByteBuffer header = le(ZipArchive.LOCAL_HEADER_SIZE + nameBytes.length + extraLength);
    header.putInt(ZipArchive.LOCAL_HEADER_SIGNATURE).putShort((short) 20).putShort((short) 0)
        .putShort((short) ZipArchive.STORED).putShort((short) 0).putShort((short) 0).putInt((int) crc.getValue())
        .putInt((int) size).putInt((int) size).putShort((short) nameBytes.length).putShort((short) extraLength)
        .put(nameBytes).putShort((short) PADDING_EXTRA_ID).putShort((short) padding);
    for (int i = 0; i < padding; i++) {
      header.put((byte) 'Z');
    }
    written.add(new Written(nameBytes, crc.getValue(), size, position));
    emit(header.array(), 0, header.capacity());
    content.writeTo(this::emit);
  }

  /** Writes the central directory and end record; the stream is left open. */
  void finish() throws IOException {
    long centralStart = position;
    for (Written entry : written) {
      ByteBuffer header = le(ZipArchive.CENTRAL_HEADER_SIZE + entry.name.length);
      header.putInt(ZipArchive.CENTRAL_HEADER_SIGNATURE).putShort((short) 20).putShort((short) 20)
          .putShort((short) 0).putShort((short) ZipArchive.STORED).putShort((short) 0).putShort((short) 0)
          .putInt((int) entry.crc).putInt((int) entry.size).putInt((int) entry.size)
          .putShort((short) entry.name.length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
          .putShort((short) 0).putInt(0).putInt((int) entry.offset).put(entry.name);
      emit(header.array(), 0, header.capacity());
    }
    long centralSize = position - centralStart;
    if (position + ZipArchive.END_SIZE > MAX_OFFSET || written.size() >= 0xFFFF) {
      throw new IOException("archive would exceed zip limits (4 GiB or 65535 entries) without zip64");
    }
    ByteBuffer end = le(ZipArchive.END_SIZE);
    end.putInt(ZipArchive.END_SIGNATURE).putShort((short) 0).putShort((short) 0).putShort((short) written.size())
        .putShort((short) written.size()).putInt((int) centralSize).putInt((int) centralStart).putShort((short) 0);
    emit(end.array(), 0, end.capacity());
  }

  private void emit(byte[] bytes, int offset, int length) throws IOException {
    out.write(bytes, offset, length);
    position += length;
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
