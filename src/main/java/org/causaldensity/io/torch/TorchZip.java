package org.causaldensity.io.torch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.causaldensity.io.CausalDensityException;

/**
 * A torch.save zip archive read by Apache Commons Compress from its central directory (torch writes local headers
 * with data descriptors, which a streaming reader cannot follow for stored entries), through a seekable channel:
 * positional reads of a Hadoop file, or an array in tests. What Commons Compress leaves to its caller is checked
 * here, before anything is allocated: no two entries share a name, every local header has its signature, an entry
 * is stored or deflated and not encrypted, and its data lies inside the file. Contents are checked against their
 * declared size and CRC-32 when first read. A deflated entry may not declare more than deflate's maximum ratio
 * ({@link #MAX_INFLATE_RATIO}) times its compressed size, and is never inflated beyond what it declares, so a
 * file's size bounds what reading it allocates.
 */
final class TorchZip implements AutoCloseable {
  /** Largest array the JVM reliably allocates: the cap on one entry's content. */
  static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
  /**
   * Deflate's largest expansion: a 258-byte match costs at best one bit of a 1-bit code after the first byte, so
   * no stream inflates beyond about 1032 times its size (zlib's technical details); more declared is a bomb.
   */
  static final long MAX_INFLATE_RATIO = 1032;
  /** Added to the ratio's bound so that tiny entries (a few bytes of block headers) are not refused. */
  static final long INFLATE_SLACK_BYTES = 1024;
  static final int STORED = 0;
  static final int DEFLATED = 8;
  private static final int LOCAL_HEADER_SIGNATURE = 0x04034b50;

  /** One entry as the central directory describes it, with where its data starts. */
  static final class Entry {
    final String name;
    final int method;
    final long crc;
    final long compressedSize;
    final long size;
    final long dataOffset;
    private final ZipArchiveEntry archived;

    private Entry(ZipArchiveEntry archived) {
      this.name = archived.getName();
      this.method = archived.getMethod();
      this.crc = archived.getCrc();
      this.compressedSize = archived.getCompressedSize();
      this.size = archived.getSize();
      this.dataOffset = archived.getDataOffset();
      this.archived = archived;
    }
  }

  private final ZipFile zip;
  private final String subject;
  private final Map<String, Entry> entries;
  private final Map<String, ByteBuffer> contents = new HashMap<>();

  private TorchZip(ZipFile zip, String subject, Map<String, Entry> entries) {
    this.zip = zip;
    this.subject = subject;
    this.entries = entries;
  }

  /** Reads the archive held in {@code bytes} (tests and in-memory callers). */
  static TorchZip parse(byte[] bytes, String subject) {
    return open(new SeekableInMemoryByteChannel(bytes), subject);
  }

  /**
   * Reads the central directory through {@code channel}, which the archive then owns ({@link #close} closes it);
   * anything malformed is an invalid file named {@code subject}.
   */
  static TorchZip open(SeekableByteChannel channel, String subject) {
    ZipFile zip;
    long length;
    try {
      length = channel.size();
      zip = ZipFile.builder().setSeekableByteChannel(channel).get();
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      throw unreadable(subject, e);
    }
    try {
      Map<String, Entry> entries = new LinkedHashMap<>();
      for (ZipArchiveEntry archived : Collections.list(zip.getEntries())) {
        Entry entry = new Entry(archived);
        if (entries.put(entry.name, entry) != null) {
          throw invalid(subject, "zip holds two entries named %s", entry.name);
        }
        check(channel, length, entry, subject);
      }
      return new TorchZip(zip, subject, entries);
    } catch (IOException | RuntimeException e) {
      closeQuietly(zip);
      throw e instanceof CausalDensityException ? (CausalDensityException) e : unreadable(subject, e);
    }
  }

  private static void check(SeekableByteChannel channel, long length, Entry entry, String subject)
      throws IOException {
    if (entry.archived.getGeneralPurposeBit().usesEncryption()
        || entry.archived.getGeneralPurposeBit().usesStrongEncryption()) {
      throw invalid(subject, "zip entry %s is encrypted", entry.name);
    }
    long local = entry.archived.getLocalHeaderOffset();
    ByteBuffer signature = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    if (local < 0 || local > length - 4 || channel.position(local).read(signature) != 4
        || signature.getInt(0) != LOCAL_HEADER_SIGNATURE) {
      throw invalid(subject, "zip entry %s: no local header signature at byte %d", entry.name, local);
    }
    if (entry.size < 0 || entry.compressedSize < 0 || entry.dataOffset < 0
        || entry.compressedSize > length - entry.dataOffset) {
      throw invalid(subject, "zip entry %s: %d bytes from byte %d run past the end of the %d-byte file",
          entry.name, entry.compressedSize, entry.dataOffset, length);
    }
  }

  /** Entries in central directory order. */
  List<Entry> entries() {
    return Collections.unmodifiableList(new ArrayList<>(entries.values()));
  }

  /** The entry named {@code name}, or null when there is none. */
  Entry entry(String name) {
    return entries.get(name);
  }

  /**
   * The uncompressed content of {@code entry} (read-only), checked against its declared size and CRC-32 the first
   * time it is read.
   */
  ByteBuffer content(Entry entry) {
    ByteBuffer cached = contents.get(entry.name);
    if (cached != null) {
      return cached.duplicate();
    }
    if (entry.method == STORED) {
      if (entry.compressedSize != entry.size) {
        throw invalid(subject, "stored zip entry %s declares %d bytes stored but %d bytes uncompressed", entry.name,
            entry.compressedSize, entry.size);
      }
    } else if (entry.method == DEFLATED) {
      long bound = Math.addExact(Math.multiplyExact(MAX_INFLATE_RATIO, entry.compressedSize), INFLATE_SLACK_BYTES);
      if (entry.size > bound) {
        throw invalid(subject, "zip entry %s declares %d bytes inflated from %d, more than deflate's %d:1 can"
            + " produce (a zip bomb?)", entry.name, entry.size, entry.compressedSize, MAX_INFLATE_RATIO);
      }
    } else {
      throw invalid(subject, "zip entry %s uses compression method %d; only stored (0) and deflated (8) are read",
          entry.name, entry.method);
    }
    if (entry.size > MAX_ARRAY) {
      throw invalid(subject, "zip entry %s holds %d bytes, more than the %d this reader holds", entry.name,
          entry.size, MAX_ARRAY);
    }
    byte[] array = read(entry);
    CRC32 crc = new CRC32();
    crc.update(array, 0, array.length);
    if (crc.getValue() != entry.crc) {
      throw invalid(subject, "zip entry %s is corrupt: CRC-32 %08x, expected %08x", entry.name, crc.getValue(),
          entry.crc);
    }
    ByteBuffer content = ByteBuffer.wrap(array).asReadOnlyBuffer();
    contents.put(entry.name, content);
    return content.duplicate();
  }

  /** Reads at most the declared size plus one byte (which reveals a longer stream), growing as data arrives. */
  private byte[] read(Entry entry) {
    long capacity = entry.size + 1;
    byte[] out = grow(new byte[0], (int) Math.min(capacity, Math.max(1024L, entry.compressedSize * 4L)), entry);
    int produced = 0;
    try (InputStream in = zip.getInputStream(entry.archived)) {
      while (produced <= entry.size) {
        if (produced == out.length) {
          out = grow(out, (int) Math.min(capacity, 2L * produced), entry);
        }
        int n = in.read(out, produced, out.length - produced);
        if (n < 0) {
          break;
        }
        produced += n;
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof CausalDensityException) {
        throw (CausalDensityException) e;
      }
      throw invalid(subject, "zip entry %s: corrupt %s data (%s)", entry.name,
          entry.method == DEFLATED ? "deflate" : "stored", e.getMessage());
    }
    if (produced != entry.size) {
      throw invalid(subject, "zip entry %s %s %s bytes, its header says %d", entry.name,
          entry.method == DEFLATED ? "inflates to" : "holds", produced > entry.size ? "more than " + entry.size
              : Integer.toString(produced), entry.size);
    }
    return out.length == produced ? out : Arrays.copyOf(out, produced);
  }

  /** A larger copy of {@code buffer}; a heap too small for a (genuinely huge) entry is refused, not an error. */
  private byte[] grow(byte[] buffer, int length, Entry entry) {
    try {
      return Arrays.copyOf(buffer, length);
    } catch (OutOfMemoryError e) {
      throw invalid(subject, "zip entry %s holds %d bytes, more than the Java heap holds", entry.name, entry.size);
    }
  }

  @Override
  public void close() {
    closeQuietly(zip);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Read-only: nothing written can be lost; the reading's own outcome is what the caller reports.
    }
  }

  private static CausalDensityException unreadable(String subject, Exception e) {
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      if (cause.getMessage() != null) {
        why = why + ": " + cause.getMessage(); // Commons Compress wraps the specific reason
      }
    }
    return invalid(subject, "is not a readable zip archive: %s (truncated or corrupt?)",
        why.length() > 200 ? why.substring(0, 197) + "..." : why);
  }

  private static CausalDensityException invalid(String subject, String problem, Object... args) {
    return CausalDensityException.invalidFile(subject, problem, args);
  }
}
