package org.causaldensity.io.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HadoopFiles;

/**
 * The header of one {@code .safetensors} file, validated as the reference implementation (huggingface/safetensors,
 * {@code SafeTensors::read_metadata} and {@code Metadata::validate}) does: an 8-byte little-endian length N of at most
 * 100,000,000 that fits in the file; N bytes of UTF-8 JSON holding one object; an optional {@code __metadata__}
 * object of strings; every other key a tensor with a known {@code dtype}, a {@code shape} of non-negative integers and
 * {@code data_offsets} [begin, end] whose span is exactly the shape's element count times the type's size; and the
 * tensors, ordered by offset, tile the data section from its first byte to the end of the file with no gap and no
 * overlap. Only the header is read, never the tensor data.
 */
public final class SafetensorsHeader {
  /** The reference's limit on the header length N. */
  public static final long MAX_HEADER_BYTES = 100_000_000L;
  /** The little-endian u64 that starts every file. */
  static final int LENGTH_FIELD_BYTES = 8;
  private static final String METADATA_KEY = "__metadata__";

  private final String path;
  private final long fileLength;
  private final long headerLength;
  private final Map<String, TensorEntry> tensors;
  private final Map<String, String> metadata;

  private SafetensorsHeader(String path, long fileLength, long headerLength, Map<String, TensorEntry> tensors,
      Map<String, String> metadata) {
    this.path = path;
    this.fileLength = fileLength;
    this.headerLength = headerLength;
    this.tensors = Collections.unmodifiableMap(tensors);
    this.metadata = Collections.unmodifiableMap(metadata);
  }

  /**
   * Reads and validates the header of {@code path}; anything the reference would refuse (and a repeated JSON key) is
   * a {@link CausalDensityException} naming the file and what is wrong.
   */
  public static SafetensorsHeader read(String path, Configuration conf) {
    long fileLength = HadoopFiles.length(path, conf);
    if (fileLength < LENGTH_FIELD_BYTES) {
      throw CausalDensityException.invalidFile(path, "is %d bytes, shorter than the %d-byte header length field",
          fileLength, LENGTH_FIELD_BYTES);
    }
    try (FSDataInputStream in = HadoopFiles.open(path, conf)) {
      byte[] field = new byte[LENGTH_FIELD_BYTES];
      HadoopFiles.readFully(in, path, 0, field, 0, LENGTH_FIELD_BYTES);
      long n = littleEndianLong(field);
      // Unsigned comparison: a length field with the top bit set is a huge u64, not a negative number.
      if (Long.compareUnsigned(n, MAX_HEADER_BYTES) > 0) {
        throw CausalDensityException.invalidFile(path, "header length %s exceeds the limit of %d bytes",
            Long.toUnsignedString(n), MAX_HEADER_BYTES);
      }
      if (n > fileLength - LENGTH_FIELD_BYTES) {
        throw CausalDensityException.invalidFile(path,
            "header length %d runs past the end of the file: only %d bytes follow the length field", n,
            fileLength - LENGTH_FIELD_BYTES);
      }
      byte[] header = new byte[(int) n];
      HadoopFiles.readFully(in, path, LENGTH_FIELD_BYTES, header, 0, header.length);
      return parse(path, fileLength, header);
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
  }

  /** Validates header bytes {@code header} of a file {@code fileLength} bytes long (the length field excluded). */
  static SafetensorsHeader parse(String path, long fileLength, byte[] header) {
    long dataStart = LENGTH_FIELD_BYTES + (long) header.length;
    long dataLength = fileLength - dataStart;
    JsonNode root = StrictJson.parse(header, 0, header.length, path, "header");
    if (!root.isObject()) {
      throw CausalDensityException.invalidFile(path, "header is %s, expected a JSON object",
          StrictJson.describe(root));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Span> spans = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (field.getKey().equals(METADATA_KEY)) {
        readMetadata(path, field.getValue(), metadata);
      } else {
        spans.add(readTensor(path, field.getKey(), field.getValue(), dataLength));
      }
    }
    // The reference sorts by (begin, end) and then demands that each tensor starts where the previous one ended.
    spans.sort(Comparator.comparingLong((Span s) -> s.begin).thenComparingLong(s -> s.end));
    Map<String, TensorEntry> tensors = new LinkedHashMap<>();
    Span previous = null;
    for (Span span : spans) {
      long expectedBegin = previous == null ? 0 : previous.end;
      if (span.begin < expectedBegin) {
        throw CausalDensityException.invalidFile(path,
            "tensor %s (data bytes [%d, %d)) overlaps tensor %s (data bytes [%d, %d))", quote(span.name),
            span.begin, span.end, quote(previous.name), previous.begin, previous.end);
      }
      if (span.begin > expectedBegin) {
        throw CausalDensityException.invalidFile(path,
            "gap of %d unclaimed bytes in the data section before tensor %s: it begins at %d, %s", span.begin
                - expectedBegin, quote(span.name), span.begin,
            previous == null ? "the data section begins at 0" : "tensor " + quote(previous.name) + " ends at "
                + previous.end);
      }
      tensors.put(span.name, new TensorEntry(span.name, span.dtype, span.shape, dataStart + span.begin,
          dataStart + span.end, path));
      previous = span;
    }
    long covered = previous == null ? 0 : previous.end;
    if (covered != dataLength) {
      throw CausalDensityException.invalidFile(path,
          "the tensors cover %d bytes of the data section, but the file has %d bytes after the %d-byte header "
              + "(%d bytes unaccounted for at the end)", covered, dataLength, header.length, dataLength - covered);
    }
    return new SafetensorsHeader(path, fileLength, header.length, tensors, metadata);
  }

  private static void readMetadata(String path, JsonNode node, Map<String, String> metadata) {
    if (node.isNull()) {
      return; // the reference reads __metadata__ as an Option: null means none
    }
    if (!node.isObject()) {
      throw CausalDensityException.invalidFile(path, "%s is %s, expected an object of strings", METADATA_KEY,
          StrictJson.describe(node));
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!field.getValue().isTextual()) {
        throw CausalDensityException.invalidFile(path, "%s value of key %s is %s, expected a string", METADATA_KEY,
            quote(field.getKey()), StrictJson.describe(field.getValue()));
      }
      metadata.put(field.getKey(), field.getValue().textValue());
    }
  }

  private static Span readTensor(String path, String name, JsonNode node, long dataLength) {
    String tensor = "tensor " + quote(name);
    if (!node.isObject()) {
      throw CausalDensityException.invalidFile(path, "%s is %s, expected an object with dtype, shape and "
          + "data_offsets", tensor, StrictJson.describe(node));
    }
    JsonNode dtypeNode = node.get("dtype");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw CausalDensityException.invalidFile(path, "%s: dtype is %s, expected a string", tensor,
          StrictJson.describe(dtypeNode));
    }
    SafetensorsDtype dtype = SafetensorsDtype.fromHeaderName(dtypeNode.textValue());
    if (dtype == null) {
      throw CausalDensityException.invalidFile(path, "%s: unknown dtype %s (known: %s)", tensor,
          quote(dtypeNode.textValue()), SafetensorsDtype.allNames());
    }
    long[] shape = longArray(path, node.get("shape"), tensor + ": shape", -1);
    long[] offsets = longArray(path, node.get("data_offsets"), tensor + ": data_offsets", 2);
    long begin = offsets[0];
    long end = offsets[1];
    long bits;
    try {
      long elements = 1;
      for (long dim : shape) {
        elements = Math.multiplyExact(elements, dim);
      }
      bits = Math.multiplyExact(elements, (long) dtype.bitSize());
    } catch (ArithmeticException e) {
      throw CausalDensityException.invalidFile(path, "%s: shape %s of %s holds more bits than fit in 64 bits",
          tensor, Arrays.toString(shape), dtype);
    }
    if (bits % 8 != 0) {
      throw CausalDensityException.invalidFile(path, "%s: shape %s of %d-bit %s does not fill whole bytes (%d bits)",
          tensor, Arrays.toString(shape), dtype.bitSize(), dtype, bits);
    }
    if (end < begin) {
      throw CausalDensityException.invalidFile(path, "%s: data_offsets [%d, %d] end before they begin", tensor, begin,
          end);
    }
    if (end - begin != bits / 8) {
      throw CausalDensityException.invalidFile(path,
          "%s: data_offsets [%d, %d] span %d bytes, but shape %s of %s needs %d bytes", tensor, begin, end,
          end - begin, Arrays.toString(shape), dtype, bits / 8);
    }
    if (end > dataLength) {
      throw CausalDensityException.invalidFile(path,
          "%s: data_offsets [%d, %d] run past the data section, which has %d bytes", tensor, begin, end, dataLength);
    }
    return new Span(name, dtype, shape, begin, end);
  }

  private static long[] longArray(String path, JsonNode node, String where, int requiredLength) {
    if (node == null || !node.isArray()) {
      throw CausalDensityException.invalidFile(path, "%s is %s, expected an array of integers", where,
          StrictJson.describe(node));
    }
    if (requiredLength >= 0 && node.size() != requiredLength) {
      throw CausalDensityException.invalidFile(path, "%s has %d numbers, expected %d", where, node.size(),
          requiredLength);
    }
    long[] values = new long[node.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = StrictJson.nonNegativeLong(node.get(i), path, where + "[" + i + "]");
    }
    return values;
  }

  /** A name for messages, clipped so that a hostile header cannot flood them. */
  static String quote(String name) {
    return "'" + (name.length() > 100 ? name.substring(0, 100) + "...(" + name.length() + " chars)" : name) + "'";
  }

  static long littleEndianLong(byte[] bytes) {
    long value = 0;
    for (int i = LENGTH_FIELD_BYTES - 1; i >= 0; i--) {
      value = (value << 8) | (bytes[i] & 0xFF);
    }
    return value;
  }

  /** The file the header was read from. */
  public String path() {
    return path;
  }

  /** Length of the whole file in bytes. */
  public long fileLength() {
    return fileLength;
  }

  /** The header length N (the JSON, padding included). */
  public long headerLength() {
    return headerLength;
  }

  /** Absolute offset of the data section: 8 + N. */
  public long dataStart() {
    return LENGTH_FIELD_BYTES + headerLength;
  }

  /** Every tensor by name, in ascending offset order; empty for a file with no tensors. Unmodifiable. */
  public Map<String, TensorEntry> tensors() {
    return tensors;
  }

  /** The {@code __metadata__} strings; empty when the header has none. Unmodifiable. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The tensor called {@code name}, or null when the file has none of that name. */
  public TensorEntry tensor(String name) {
    return tensors.get(name);
  }

  private static final class Span {
    final String name;
    final SafetensorsDtype dtype;
    final long[] shape;
    final long begin;
    final long end;

    Span(String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {
      this.name = name;
      this.dtype = dtype;
      this.shape = shape;
      this.begin = begin;
      this.end = end;
    }
  }
}
