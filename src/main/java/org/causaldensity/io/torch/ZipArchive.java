package org.causaldensity.io.torch;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.causaldensity.io.CausalDensityException;

/**
 * A zip archive held in memory, read from its central directory (the only authority: torch writes local headers
 * with zero sizes and data descriptors, which {@code java.util.zip.ZipInputStream} cannot read for stored
 * entries). Every offset and size is checked against the array before use; entry contents are checked against
 * their CRC-32 when first read. Stored and deflated entries are read; zip64 records are followed.
 */
final class ZipArchive {
  /** Largest array the JVM reliably allocates; also the cap on a whole file and on one inflated entry. */
  static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  static final int LOCAL_HEADER_SIGNATURE = 0x04034b50;
  static final int CENTRAL_HEADER_SIGNATURE = 0x02014b50;
  static final int END_SIGNATURE = 0x06054b50;
  static final int ZIP64_END_SIGNATURE = 0x06064b50;
  static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
  static final int LOCAL_HEADER_SIZE = 30;
  static final int CENTRAL_HEADER_SIZE = 46;
  static final int END_SIZE = 22;
  static final int ZIP64_END_SIZE = 56;
  static final int ZIP64_LOCATOR_SIZE = 20;
  static final int STORED = 0;
  static final int DEFLATED = 8;
  private static final int MAX_COMMENT = 0xFFFF;
  private static final long SATURATED_32 = 0xFFFFFFFFL;
  private static final int SATURATED_16 = 0xFFFF;
  private static final int ZIP64_EXTRA_ID = 0x0001;
  private static final int FLAG_ENCRYPTED = 0x1;
  private static final int FLAG_STRONG_ENCRYPTION = 0x40;

  /** One entry as the central directory describes it, with where its data starts. */
  static final class Entry {
    final String name;
    final int method;
    final long crc;
    final long compressedSize;
    final long size;
    final long dataOffset;
    /** Where this entry's central directory record starts (tests patch CRCs there). */
    final int centralHeaderOffset;

    Entry(String name, int method, long crc, long compressedSize, long size, long dataOffset,
        int centralHeaderOffset) {
      this.name = name;
      this.method = method;
      this.crc = crc;
      this.compressedSize = compressedSize;
      this.size = size;
      this.dataOffset = dataOffset;
      this.centralHeaderOffset = centralHeaderOffset;
    }
  }

  private final byte[] bytes;
  private final String subject;
  private final Map<String, Entry> entries;
  private final Map<String, ByteBuffer> contents = new HashMap<>();

  private ZipArchive(byte[] bytes, String subject, Map<String, Entry> entries) {
    this.bytes = bytes;
    this.subject = subject;
    this.entries = entries;
  }

  /** Parses the central directory of {@code bytes}; anything malformed is an invalid file named {@code subject}. */
  static ZipArchive parse(byte[] bytes, String subject) {
    int end = findEnd(bytes, subject);
    int diskNumber = u16(bytes, end + 4);
    int centralDisk = u16(bytes, end + 6);
    long entriesOnDisk = u16(bytes, end + 8);
    long entryCount = u16(bytes, end + 10);
    long centralSize = u32(bytes, end + 12);
    long centralOffset = u32(bytes, end + 16);
    long centralLimit = end;
    if (entryCount == SATURATED_16 || entriesOnDisk == SATURATED_16 || centralSize == SATURATED_32
        || centralOffset == SATURATED_32) {
      int locator = end - ZIP64_LOCATOR_SIZE;
      if (locator < 0 || s32(bytes, locator) != ZIP64_LOCATOR_SIGNATURE) {
        throw invalid(subject, "zip end record has zip64 markers but no zip64 locator before byte %d", end);
      }
      long zip64End = u64(bytes, locator + 8);
      if (zip64End < 0 || zip64End > locator - ZIP64_END_SIZE) {
        throw invalid(subject, "zip64 end record offset %d outside 0..%d", zip64End, locator - ZIP64_END_SIZE);
      }
      int at = (int) zip64End;
      if (s32(bytes, at) != ZIP64_END_SIGNATURE) {
        throw invalid(subject, "no zip64 end record signature at byte %d", at);
      }
      diskNumber = (int) Math.min(Integer.MAX_VALUE, u32(bytes, at + 16));
      centralDisk = (int) Math.min(Integer.MAX_VALUE, u32(bytes, at + 20));
      entriesOnDisk = u64(bytes, at + 24);
      entryCount = u64(bytes, at + 32);
      centralSize = u64(bytes, at + 40);
      centralOffset = u64(bytes, at + 48);
      centralLimit = at;
    }
    if (diskNumber != 0 || centralDisk != 0 || entriesOnDisk != entryCount) {
      throw invalid(subject, "multi-part zip archives are not read (disk %d, central directory disk %d)",
          diskNumber, centralDisk);
    }
    if (centralOffset < 0 || centralSize < 0 || centralOffset > centralLimit
        || centralSize > centralLimit - centralOffset) {
      throw invalid(subject, "zip central directory (offset %d, %d bytes) does not fit before byte %d",
          centralOffset, centralSize, centralLimit);
    }
    if (entryCount < 0 || entryCount > centralSize / CENTRAL_HEADER_SIZE) {
      throw invalid(subject, "zip declares %d entries, more than its %d-byte central directory can hold",
          entryCount, centralSize);
    }
    return new ZipArchive(bytes, subject,
        readCentralDirectory(bytes, subject, (int) centralOffset, (int) (centralOffset + centralSize), entryCount));
  }

  /** Entries in central directory order. */
  Collection<Entry> entries() {
    return Collections.unmodifiableCollection(entries.values());
  }

  /** The entry named {@code name}, or null when there is none. */
  Entry entry(String name) {
    return entries.get(name);
  }

  /**
   * The uncompressed content of {@code entry} (a read-only view into the file for stored entries), checked against
   * its size and CRC-32 the first time it is read.
   */
  ByteBuffer content(Entry entry) {
    ByteBuffer cached = contents.get(entry.name);
    if (cached != null) {
      return cached.duplicate();
    }
    byte[] array;
    int offset;
    int length;
    if (entry.method == STORED) {
      if (entry.compressedSize != entry.size) {
        throw invalid(subject, "stored zip entry %s declares %d bytes stored but %d bytes uncompressed", entry.name,
            entry.compressedSize, entry.size);
      }
      array = bytes;
      offset = (int) entry.dataOffset;
      length = (int) entry.size;
    } else if (entry.method == DEFLATED) {
      array = inflate(entry);
      offset = 0;
      length = array.length;
    } else {
      throw invalid(subject, "zip entry %s uses compression method %d; only stored (0) and deflated (8) are read",
          entry.name, entry.method);
    }
    CRC32 crc = new CRC32();
    crc.update(array, offset, length);
    if (crc.getValue() != entry.crc) {
      throw invalid(subject, "zip entry %s is corrupt: CRC-32 %08x, expected %08x", entry.name, crc.getValue(),
          entry.crc);
    }
    ByteBuffer content = ByteBuffer.wrap(array, offset, length).slice().asReadOnlyBuffer();
    contents.put(entry.name, content);
    return content.duplicate();
  }

  private byte[] inflate(Entry entry) {
    if (entry.size > MAX_ARRAY) {
      throw invalid(subject, "zip entry %s inflates to %d bytes, more than the %d this reader holds", entry.name,
          entry.size, MAX_ARRAY);
    }
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(bytes, (int) entry.dataOffset, (int) entry.compressedSize);
      // Grow as data actually inflates rather than trusting the declared size for the allocation; one spare byte
      // reveals a stream longer than declared.
      long capacity = entry.size + 1;
      byte[] out = grow(new byte[0], (int) Math.min(capacity, Math.max(1024L, entry.compressedSize * 4L)), entry);
      int produced = 0;
      while (!inflater.finished() && produced <= entry.size) {
        if (produced == out.length) {
          out = grow(out, (int) Math.min(capacity, 2L * produced), entry);
        }
        int n = inflater.inflate(out, produced, out.length - produced);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw invalid(subject, "zip entry %s: deflate stream ends early after %d of %d bytes", entry.name,
              produced, entry.size);
        }
        produced += n;
      }
      if (produced != entry.size) {
        throw invalid(subject, "zip entry %s inflates to %d bytes, its header says %d", entry.name, produced,
            entry.size);
      }
      return out.length == produced ? out : Arrays.copyOf(out, produced);
    } catch (DataFormatException e) {
      throw invalid(subject, "zip entry %s: corrupt deflate data (%s)", entry.name, e.getMessage());
    } finally {
      inflater.end();
    }
  }

  /** A larger copy of {@code buffer}; a heap too small for a (genuinely huge) entry is refused, not an error. */
  private byte[] grow(byte[] buffer, int length, Entry entry) {
    try {
      return Arrays.copyOf(buffer, length);
    } catch (OutOfMemoryError e) {
      throw invalid(subject, "zip entry %s inflates to %d bytes, more than the Java heap holds", entry.name,
          entry.size);
    }
  }

  private static int findEnd(byte[] bytes, String subject) {
    int last = bytes.length - END_SIZE;
    int first = Math.max(0, last - MAX_COMMENT);
    for (int at = last; at >= first; at--) {
      if (s32(bytes, at) == END_SIGNATURE && u16(bytes, at + 20) == bytes.length - at - END_SIZE) {
        return at;
      }
    }
    throw invalid(subject, "no zip end-of-central-directory record in its last %d bytes (truncated?)",
        Math.min(bytes.length, END_SIZE + MAX_COMMENT));
  }

  private static Map<String, Entry> readCentralDirectory(byte[] bytes, String subject, int start, int limit,
      long entryCount) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    int at = start;
    for (long i = 0; i < entryCount; i++) {
      if (limit - at < CENTRAL_HEADER_SIZE || s32(bytes, at) != CENTRAL_HEADER_SIGNATURE) {
        throw invalid(subject, "zip central directory entry %d of %d missing at byte %d", i, entryCount, at);
      }
      int flags = u16(bytes, at + 8);
      int method = u16(bytes, at + 10);
      long crc = u32(bytes, at + 16);
      long compressedSize = u32(bytes, at + 20);
      long size = u32(bytes, at + 24);
      int nameLength = u16(bytes, at + 28);
      int extraLength = u16(bytes, at + 30);
      int commentLength = u16(bytes, at + 32);
      long localOffset = u32(bytes, at + 42);
      long next = (long) at + CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
      if (next > limit) {
        throw invalid(subject, "zip central directory entry %d runs past the directory end (byte %d > %d)", i,
            next, limit);
      }
      int nameStart = at + CENTRAL_HEADER_SIZE;
      int extraStart = nameStart + nameLength;
      String name = decodeName(bytes, nameStart, nameLength, subject);
      if ((flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) != 0) {
        throw invalid(subject, "zip entry %s is encrypted", name);
      }
      if (size == SATURATED_32 || compressedSize == SATURATED_32 || localOffset == SATURATED_32) {
        long[] wide = zip64Extra(bytes, extraStart, extraLength, name, subject,
            size == SATURATED_32, compressedSize == SATURATED_32, localOffset == SATURATED_32);
        size = size == SATURATED_32 ? wide[0] : size;
        compressedSize = compressedSize == SATURATED_32 ? wide[1] : compressedSize;
        localOffset = localOffset == SATURATED_32 ? wide[2] : localOffset;
      }
      long dataOffset = localData(bytes, subject, name, nameStart, nameLength, localOffset);
      if (compressedSize < 0 || compressedSize > start - dataOffset) {
        throw invalid(subject, "zip entry %s: %d bytes from byte %d run past the central directory at byte %d",
            name, compressedSize, dataOffset, start);
      }
      if (size < 0) {
        throw invalid(subject, "zip entry %s declares a negative size", name);
      }
      if (entries.put(name, new Entry(name, method, crc, compressedSize, size, dataOffset, at)) != null) {
        throw invalid(subject, "zip holds two entries named %s", name);
      }
      at = (int) next;
    }
    if (at != limit) {
      throw invalid(subject, "zip central directory holds %d bytes after its %d entries", limit - at, entryCount);
    }
    return entries;
  }

  /** Offset of an entry's data, after checking its local header agrees with the central directory. */
  private static long localData(byte[] bytes, String subject, String name, int nameStart, int nameLength,
      long localOffset) {
    if (localOffset < 0 || localOffset > bytes.length - LOCAL_HEADER_SIZE) {
      throw invalid(subject, "zip entry %s: local header offset %d outside the %d-byte file", name, localOffset,
          bytes.length);
    }
    int local = (int) localOffset;
    if (s32(bytes, local) != LOCAL_HEADER_SIGNATURE) {
      throw invalid(subject, "zip entry %s: no local header signature at byte %d", name, local);
    }
    int localNameLength = u16(bytes, local + 26);
    int localExtraLength = u16(bytes, local + 28);
    long dataOffset = (long) local + LOCAL_HEADER_SIZE + localNameLength + localExtraLength;
    if (dataOffset > bytes.length) {
      throw invalid(subject, "zip entry %s: local header runs past the end of the file", name);
    }
    if (localNameLength != nameLength || !Arrays.equals(bytes, local + LOCAL_HEADER_SIZE,
        local + LOCAL_HEADER_SIZE + nameLength, bytes, nameStart, nameStart + nameLength)) {
      throw invalid(subject, "zip entry %s: local header at byte %d names another entry", name, local);
    }
    return dataOffset;
  }

  private static long[] zip64Extra(byte[] bytes, int start, int length, String name, String subject,
      boolean wantSize, boolean wantCompressed, boolean wantOffset) {
    int at = start;
    int end = start + length;
    while (end - at >= 4) {
      int id = u16(bytes, at);
      int dataLength = u16(bytes, at + 2);
      int data = at + 4;
      if (dataLength > end - data) {
        break;
      }
      if (id == ZIP64_EXTRA_ID) {
        long[] values = new long[3];
        int needed = 8 * ((wantSize ? 1 : 0) + (wantCompressed ? 1 : 0) + (wantOffset ? 1 : 0));
        if (dataLength < needed) {
          throw invalid(subject, "zip entry %s: zip64 extra field holds %d bytes, needs %d", name, dataLength,
              needed);
        }
        int field = data;
        if (wantSize) {
          values[0] = u64(bytes, field);
          field += 8;
        }
        if (wantCompressed) {
          values[1] = u64(bytes, field);
          field += 8;
        }
        if (wantOffset) {
          values[2] = u64(bytes, field);
        }
        return values;
      }
      at = data + dataLength;
    }
    throw invalid(subject, "zip entry %s has zip64 markers but no zip64 extra field", name);
  }

  private static String decodeName(byte[] bytes, int start, int length, String subject) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, start, length)).toString();
    } catch (CharacterCodingException e) {
      throw invalid(subject, "zip entry name at byte %d is not valid UTF-8", start);
    }
  }

  private static CausalDensityException invalid(String subject, String problem, Object... args) {
    return CausalDensityException.invalidFile(subject, problem, args);
  }

  /** Little-endian reads; positions past the array read as zero bytes so that signatures simply fail to match. */
  static int u16(byte[] b, int at) {
    return byteAt(b, at) | byteAt(b, at + 1) << 8;
  }

  static int s32(byte[] b, int at) {
    return byteAt(b, at) | byteAt(b, at + 1) << 8 | byteAt(b, at + 2) << 16 | byteAt(b, at + 3) << 24;
  }

  static long u32(byte[] b, int at) {
    return s32(b, at) & SATURATED_32;
  }

  /** A 64-bit little-endian value; values above {@code Long.MAX_VALUE} come back negative and are refused. */
  static long u64(byte[] b, int at) {
    return u32(b, at) | u32(b, at + 4) << 32;
  }

  private static int byteAt(byte[] b, int at) {
    return at >= 0 && at < b.length ? b[at] & 0xFF : 0;
  }
}
