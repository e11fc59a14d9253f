package org.causaldensity.io.npy;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HadoopFiles;

/**
 * The header of a {@code .npy} file (format versions 1.0, 2.0 and 3.0), parsed and checked against the file's
 * length: a header that {@link #read} returns describes exactly the bytes the file holds.
 *
 * <p>Layout: the magic {@code \x93NUMPY}, major and minor version bytes, the header length (2 bytes little-endian
 * in 1.0, 4 bytes in 2.0 and 3.0), then the header, a Python dict literal with exactly the keys {@code 'descr'},
 * {@code 'fortran_order'} and {@code 'shape'} (Latin-1 text; UTF-8 in 3.0), then the data.
 */
public final class NpyHeader implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The six bytes every .npy file starts with. */
  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  /** Longest header accepted. numpy itself reads at most 10,000 bytes by default; hand-made files may be longer. */
  public static final int MAX_HEADER_BYTES = 1 << 20;
  /** Most dimensions accepted (numpy 2's own limit). */
  public static final int MAX_DIMENSIONS = 64;

  private static final int PREFIX_V1 = 10;
  private static final int PREFIX_V2 = 12;
  /** A float descriptor that leaves the byte order to the reading machine: '=f4', '|f2', 'f8'. */
  private static final Pattern UNSTATED_ORDER_FLOAT = Pattern.compile("[=|]?f[248]");

  private final int majorVersion;
  private final NpyDtype dtype;
  private final boolean fortranOrder;
  private final long[] shape;
  private final long dataOffset;

  NpyHeader(int majorVersion, NpyDtype dtype, boolean fortranOrder, long[] shape, long dataOffset) {
    this.majorVersion = majorVersion;
    this.dtype = dtype;
    this.fortranOrder = fortranOrder;
    this.shape = shape.clone();
    this.dataOffset = dataOffset;
  }

  /**
   * Reads and validates the header of the .npy file at {@code path}, including that the file is exactly
   * {@code dataOffset() + dataLength()} bytes long. Any malformed, unsupported or inconsistent file is refused
   * with a {@link CausalDensityException} whose subject is {@code path}.
   */
  public static NpyHeader read(String path, Configuration conf) {
    long fileLength = HadoopFiles.length(path, conf);
    try (FSDataInputStream in = HadoopFiles.open(path, conf)) {
      return read(in, path, fileLength);
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
  }

  /** Reads the header from an open file of {@code fileLength} bytes (the caller keeps the stream). */
  static NpyHeader read(FSDataInputStream in, String path, long fileLength) {
    if (fileLength < PREFIX_V1) {
      throw CausalDensityException.invalidFile(path,
          "is %d bytes, too short for a .npy file (its fixed prefix alone is %d bytes)", fileLength, PREFIX_V1);
    }
    byte[] prefix = new byte[(int) Math.min(PREFIX_V2, fileLength)];
    HadoopFiles.readFully(in, path, 0, prefix, 0, prefix.length);
    if (!Arrays.equals(prefix, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw CausalDensityException.invalidFile(path, "is not a .npy file: it starts with bytes %s, expected %s",
          hex(prefix, MAGIC.length), hex(MAGIC, MAGIC.length));
    }
    int major = prefix[6] & 0xff;
    int minor = prefix[7] & 0xff;
    if (major < 1 || major > 3 || minor != 0) {
      throw CausalDensityException.invalidFile(path,
          "has .npy format version %d.%d; this reader accepts versions 1.0, 2.0 and 3.0", major, minor);
    }
    int prefixLength = major == 1 ? PREFIX_V1 : PREFIX_V2;
    if (fileLength < prefixLength) {
      throw CausalDensityException.invalidFile(path,
          "is %d bytes, too short for a version %d.0 .npy file (its fixed prefix alone is %d bytes)", fileLength,
          major, prefixLength);
    }
    ByteBuffer lengthField = ByteBuffer.wrap(prefix, 8, prefixLength - 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    long headerLength = major == 1 ? lengthField.getShort() & 0xffffL : lengthField.getInt() & 0xffffffffL;
    if (headerLength > MAX_HEADER_BYTES) {
      throw CausalDensityException.invalidFile(path, "declares a %d-byte header, more than the %d bytes accepted",
          headerLength, MAX_HEADER_BYTES);
    }
    long dataOffset = prefixLength + headerLength;
    if (dataOffset > fileLength) {
      throw CausalDensityException.invalidFile(path,
          "declares a %d-byte header ending at byte %d, but the file is only %d bytes (truncated?)", headerLength,
          dataOffset, fileLength);
    }
    byte[] headerBytes = new byte[(int) headerLength];
    HadoopFiles.readFully(in, path, prefixLength, headerBytes, 0, headerBytes.length);
    String text = decodeText(path, major, headerBytes);
    return interpret(path, major, text, dataOffset, fileLength);
  }

  /** Versions 1.0 and 2.0 headers are Latin-1 (every byte is a character); 3.0 headers are strict UTF-8. */
  private static String decodeText(String path, int major, byte[] bytes) {
    if (major < 3) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw CausalDensityException.invalidFile(path, "has a version 3.0 header that is not valid UTF-8");
    }
  }

  private static NpyHeader interpret(String path, int major, String text, long dataOffset, long fileLength) {
    NpyHeaderDict.Fields fields = NpyHeaderDict.parse(path, text);
    String[] keys = {"descr", "fortran_order", "shape"};
    Object[] values = {fields.descr(), fields.fortranOrder(), fields.shape()};
    for (int i = 0; i < keys.length; i++) {
      if (values[i] == null) {
        throw CausalDensityException.invalidFile(path,
            "header lacks the key '%s' (a .npy header holds 'descr', 'fortran_order' and 'shape')", keys[i]);
      }
    }
    NpyDtype dtype = dtype(path, fields.descr());
    checkLength(path, dtype, fields.shape(), dataOffset, fileLength);
    return new NpyHeader(major, dtype, fields.fortranOrder(), fields.shape(), dataOffset);
  }

  private static NpyDtype dtype(String path, String descr) {
    NpyDtype dtype = NpyDtype.forDescriptor(descr);
    if (dtype != null) {
      return dtype;
    }
    if (UNSTATED_ORDER_FLOAT.matcher(descr).matches()) {
      throw CausalDensityException.invalidFile(path,
          "has dtype %s, which leaves the byte order to the reading machine; accepted dtypes: %s "
              + "(write it with an explicit '<' or '>')", NpyHeaderDict.quoted(descr), NpyDtype.acceptedDescriptors());
    }
    throw CausalDensityException.invalidFile(path, "has dtype %s, which is not supported; accepted dtypes: %s",
        NpyHeaderDict.quoted(descr), NpyDtype.acceptedDescriptors());
  }

  private static void checkLength(String path, NpyDtype dtype, long[] shape, long dataOffset, long fileLength) {
    long expected;
    try {
      long elements = 1;
      for (long d : shape) {
        elements = Math.multiplyExact(elements, d);
      }
      expected = Math.addExact(dataOffset, Math.multiplyExact(elements, dtype.itemSize()));
    } catch (ArithmeticException e) {
      throw CausalDensityException.invalidFile(path,
          "header has shape %s of '%s', more than %d bytes of data: no file can hold it", shapeText(shape),
          dtype.descriptor(), Long.MAX_VALUE);
    }
    if (expected != fileLength) {
      throw CausalDensityException.invalidFile(path,
          "is %d bytes, expected %d: a %d-byte header then %s elements of %d bytes ('%s')%s", fileLength, expected,
          dataOffset, productText(shape), dtype.itemSize(), dtype.descriptor(),
          fileLength < expected ? " (truncated?)" : " (extra bytes after the data)");
    }
  }

  /** The format's major version: 1, 2 or 3 (the minor version is always 0). */
  public int majorVersion() {
    return majorVersion;
  }

  /** The element type. */
  public NpyDtype dtype() {
    return dtype;
  }

  /** True when the data is stored column-major (first index fastest). */
  public boolean fortranOrder() {
    return fortranOrder;
  }

  /** A copy of the shape; empty for a 0-d (scalar) array. */
  public long[] shape() {
    return shape.clone();
  }

  /** Number of dimensions (0 for a scalar). */
  public int ndim() {
    return shape.length;
  }

  /** Number of elements: the product of the shape, 1 for a scalar, 0 when any dimension is 0. */
  public long elementCount() {
    long count = 1;
    for (long d : shape) {
      count *= d; // cannot overflow: checked against the file length when read
    }
    return count;
  }

  /** Byte offset of the first element (prefix plus header). */
  public long dataOffset() {
    return dataOffset;
  }

  /** Bytes of element data; the file's length is {@code dataOffset() + dataLength()}. */
  public long dataLength() {
    return elementCount() * dtype.itemSize();
  }

  /** Number of rows; throws {@link IllegalStateException} unless the array is 2-D. */
  public long rows() {
    requireTwoDimensional();
    return shape[0];
  }

  /** Number of columns; throws {@link IllegalStateException} unless the array is 2-D. */
  public long cols() {
    requireTwoDimensional();
    return shape[1];
  }

  /** The shape as Python writes it: {@code (33, 33)}, {@code (10,)}, {@code ()}. */
  public String shapeText() {
    return shapeText(shape);
  }

  private void requireTwoDimensional() {
    if (shape.length != 2) {
      throw new IllegalStateException("rows/cols need a 2-D array; this one has shape " + shapeText(shape));
    }
  }

  /** "33 x 33", "10", "1" (a scalar): the element count as a product, for length messages. */
  private static String productText(long[] shape) {
    if (shape.length == 0) {
      return "1";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      out.append(i == 0 ? "" : " x ").append(shape[i]);
    }
    return out.toString();
  }

  static String shapeText(long[] shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    StringBuilder out = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      out.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return out.append(')').toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof NpyHeader)) {
      return false;
    }
    NpyHeader other = (NpyHeader) o;
    return majorVersion == other.majorVersion && dtype == other.dtype && fortranOrder == other.fortranOrder
        && Arrays.equals(shape, other.shape) && dataOffset == other.dataOffset;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(majorVersion, dtype, fortranOrder, Arrays.hashCode(shape), dataOffset);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "NpyHeader{version %d.0, descr '%s', fortran_order %s, shape %s, data at %d}",
        majorVersion, dtype.descriptor(), fortranOrder ? "True" : "False", shapeText(shape), dataOffset);
  }

  /** Text from a header for a message: shortened to 80 characters, control and non-ASCII characters escaped. */
  static String shortened(String text) {
    return text.length() > 80 ? printableRaw(text.substring(0, 77)) + "..." : printableRaw(text);
  }

  /** Quotes text from a file for a message: single quotes, control and non-ASCII characters escaped, shortened. */
  static String printable(String text) {
    String shown = text.length() > 40 ? text.substring(0, 40) : text;
    return "'" + printableRaw(shown) + (text.length() > 40 ? "...'" : "'");
  }

  private static String printableRaw(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c < 0x100) {
        out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  private static String hex(byte[] bytes, int count) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(count, bytes.length); i++) {
      out.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02x", bytes[i] & 0xff));
    }
    return out.toString();
  }
}
