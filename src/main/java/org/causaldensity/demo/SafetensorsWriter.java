package org.causaldensity.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import org.causaldensity.io.HadoopFiles;
import org.causaldensity.io.HalfFloats;
import org.causaldensity.io.safetensors.SafetensorsDtype;

/**
 * Streams tensors into a {@code .safetensors} file laid out as Hugging Face's {@code safetensors} library lays
 * it out: an 8-byte little-endian header length, a compact JSON header ({@code __metadata__} first, then the
 * tensors in data order, each {@code {"dtype","shape","data_offsets"}}) padded with spaces to a multiple of 8
 * bytes, then the tensors' bytes back to back. Like the library, it orders tensors by dtype, descending in the
 * reference's {@code Dtype} order that {@link SafetensorsDtype} mirrors (F32 before BF16), then by name.
 *
 * <p>The tensors are declared up front (so the header can be written first); their data then streams in:
 * {@link #beginTensor} names the next tensor in {@link #order()}, and the {@code append*} calls add its
 * elements. A file closed before every byte was written is deleted and the close throws, so no truncated file
 * is left behind.
 *
 * <p>BF16 values are rounded from float32 by {@link HalfFloats#toBfloat16}, as PyTorch rounds: to nearest, ties to
 * even, on the raw bits; a NaN stays a NaN.
 */
public final class SafetensorsWriter implements AutoCloseable {
  /** A tensor to be written: its name, element type (F32 or BF16) and shape (row-major). */
  public record Tensor(String name, SafetensorsDtype dtype, long... shape) {
    /**
     * Validates name, type and shape: an empty or reserved name, a type other than F32/BF16, a negative dimension
     * or an element count overflowing a long is a usage error.
     */
    public Tensor {
      if (name == null || name.isEmpty() || name.equals(METADATA_KEY)) {
        throw CausalDensityException.usage("tensor name", "must be non-empty and not %s, got '%s'", METADATA_KEY,
            name);
      }
      if (dtype != SafetensorsDtype.F32 && dtype != SafetensorsDtype.BF16) {
        throw CausalDensityException.usage("dtype", "tensor %s is %s; this writer writes F32 and BF16", name, dtype);
      }
      shape = shape.clone();
      long elements = 1;
      for (long dim : shape) {
        if (dim < 0) {
          throw CausalDensityException.usage("shape", "tensor %s has a negative dimension %d", name, dim);
        }
        if (dim != 0 && elements > Long.MAX_VALUE / 8 / dim) {
          throw CausalDensityException.usage("shape", "tensor %s has too many elements", name);
        }
        elements *= dim;
      }
    }

    /** Number of elements (1 for a scalar, 0 if any dimension is 0). */
    public long elements() {
      long elements = 1;
      for (long dim : shape) {
        elements *= dim;
      }
      return elements;
    }

    /** Size of the tensor's data in bytes. */
    public long byteSize() {
      return elements() * dtype.itemSize();
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }
  }

  static final String METADATA_KEY = "__metadata__";
  /** The library pads the header so that the data starts on an 8-byte boundary. */
  private static final int HEADER_ALIGN = 8;
  private static final int CHUNK_BYTES = 1 << 20;

  private final String path;
  private final Configuration conf;
  private final List<Tensor> order;
  private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private OutputStream out;
  /** Index in {@link #order} of the tensor being written, -1 before the first. */
  private int current = -1;
  private long currentWritten;

  private SafetensorsWriter(String path, Configuration conf, List<Tensor> order, OutputStream out) {
    this.path = path;
    this.conf = conf;
    this.order = order;
    this.out = out;
  }

  /**
   * Creates (overwriting) {@code path} and writes the header for {@code tensors} (any order; they are laid out
   * as the library would) with {@code metadata} (null: no {@code __metadata__} entry). Duplicate names are a
   * usage error; an empty list writes a valid file holding no tensor.
   */
  public static SafetensorsWriter create(String path, Configuration conf, List<Tensor> tensors,
      Map<String, String> metadata) {
    List<Tensor> order = new ArrayList<>(tensors);
    Set<String> names = new HashSet<>();
    for (Tensor tensor : order) {
      if (!names.add(tensor.name())) {
        throw CausalDensityException.usage("tensors", "tensor name %s appears twice in %s", tensor.name(), path);
      }
    }
    order.sort(Comparator.comparingInt((Tensor t) -> -t.dtype().ordinal()).thenComparing(Tensor::name));
    byte[] header = header(order, metadata);
    OutputStream out = HadoopFiles.createWithHeader(path, conf, header);
    return new SafetensorsWriter(path, conf, List.copyOf(order), out);
  }

  /** The 8-byte length followed by the padded JSON header, for tensors already in data order. */
  static byte[] header(List<Tensor> order, Map<String, String> metadata) {
    StringBuilder json = new StringBuilder("{");
    if (metadata != null) {
      json.append('"').append(METADATA_KEY).append("\":{");
      String separator = "";
      for (Map.Entry<String, String> entry : new TreeMap<>(metadata).entrySet()) {
        json.append(separator);
        appendString(json, entry.getKey());
        json.append(':');
        appendString(json, entry.getValue());
        separator = ",";
      }
      json.append('}');
    }
    long offset = 0;
    for (Tensor tensor : order) {
      if (json.length() > 1) {
        json.append(',');
      }
      appendString(json, tensor.name());
      json.append(":{\"dtype\":\"").append(tensor.dtype().name()).append("\",\"shape\":[");
      long[] shape = tensor.shape();
      for (int i = 0; i < shape.length; i++) {
        json.append(i == 0 ? "" : ",").append(shape[i]);
      }
      long end = offset + tensor.byteSize();
      json.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
      offset = end;
    }
    json.append('}');
    byte[] text = json.toString().getBytes(StandardCharsets.UTF_8);
    int padding = (HEADER_ALIGN - text.length % HEADER_ALIGN) % HEADER_ALIGN;
    ByteBuffer header = ByteBuffer.allocate(8 + text.length + padding).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(text.length + padding).put(text);
    while (header.hasRemaining()) {
      header.put((byte) ' ');
    }
    return header.array();
  }

  /** JSON string as serde_json writes it: quote, backslash and control characters escaped, the rest verbatim. */
  private static void appendString(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        default -> {
          if (c < 0x20) {
            json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }

  /** Tensor names in the order their data must be written. */
  public List<String> order() {
    List<String> names = new ArrayList<>(order.size());
    for (Tensor tensor : order) {
      names.add(tensor.name());
    }
    return names;
  }

  /**
   * Starts the data of {@code name}, which must be the next tensor of {@link #order()} with the previous one
   * complete; anything else is a usage error.
   */
  public void beginTensor(String name) {
    ensureOpen();
    if (current >= 0 && currentWritten != order.get(current).elements()) {
      throw CausalDensityException.usage("tensor", "%s of %s has %d of its %d elements written; cannot begin %s",
          order.get(current).name(), path, currentWritten, order.get(current).elements(), name);
    }
    if (current + 1 >= order.size() || !order.get(current + 1).name().equals(name)) {
      String expected = current + 1 < order.size() ? order.get(current + 1).name() : "no further tensor";
      throw CausalDensityException.usage("tensor", "next tensor of %s is %s, not %s", path, expected, name);
    }
    current++;
    currentWritten = 0;
  }

  /** Appends {@code values[from, from+count)} to the current BF16 tensor, rounded as torch rounds. */
  public void appendBf16(float[] values, int from, int count) {
    checkAppend(SafetensorsDtype.BF16, values.length, from, count);
    try {
      for (int done = 0; done < count;) {
        int n = Math.min(count - done, CHUNK_BYTES / 2);
        chunk.clear();
        for (int i = 0; i < n; i++) {
          chunk.putShort(HalfFloats.toBfloat16(values[from + done + i]));
        }
        out.write(chunk.array(), 0, n * 2);
        done += n;
      }
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
    currentWritten += count;
  }

  /** Appends raw BF16 bit patterns {@code bits[from, from+count)} to the current BF16 tensor. */
  public void appendBf16Bits(short[] bits, int from, int count) {
    checkAppend(SafetensorsDtype.BF16, bits.length, from, count);
    try {
      for (int done = 0; done < count;) {
        int n = Math.min(count - done, CHUNK_BYTES / 2);
        chunk.clear();
        chunk.asShortBuffer().put(bits, from + done, n);
        out.write(chunk.array(), 0, n * 2);
        done += n;
      }
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
    currentWritten += count;
  }

  /** Appends {@code values[from, from+count)} to the current F32 tensor. */
  public void appendF32(float[] values, int from, int count) {
    checkAppend(SafetensorsDtype.F32, values.length, from, count);
    try {
      for (int done = 0; done < count;) {
        int n = Math.min(count - done, CHUNK_BYTES / 4);
        chunk.clear();
        chunk.asFloatBuffer().put(values, from + done, n);
        out.write(chunk.array(), 0, n * 4);
        done += n;
      }
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
    currentWritten += count;
  }

  private void checkAppend(SafetensorsDtype dtype, int length, int from, int count) {
    ensureOpen();
    if (current < 0) {
      throw CausalDensityException.usage("tensor", "no tensor begun in %s: call beginTensor first", path);
    }
    Tensor tensor = order.get(current);
    if (tensor.dtype() != dtype) {
      throw CausalDensityException.usage("dtype", "tensor %s of %s is %s, cannot append %s", tensor.name(), path,
          tensor.dtype(), dtype);
    }
    if (from < 0 || count < 0 || from > length - count) {
      throw CausalDensityException.usage("count", "range [%d, %d+%d) outside an array of %d", from, from, count,
          length);
    }
    if (currentWritten + count > tensor.elements()) {
      throw CausalDensityException.usage("count", "%d more elements overflow tensor %s of %s (%d of %d written)",
          count, tensor.name(), path, currentWritten, tensor.elements());
    }
  }

  /**
   * Closes the file. If any tensor is incomplete, the file is deleted and a {@link Failure#INTERNAL} exception
   * names the first incomplete tensor. Closing twice does nothing.
   */
  @Override
  public void close() {
    if (out == null) {
      return;
    }
    OutputStream stream = out;
    out = null;
    HadoopFiles.closeOrDelete(stream, path, conf);
    boolean complete = current == order.size() - 1
        && (current < 0 || currentWritten == order.get(current).elements());
    if (!complete) {
      int incomplete = current < 0 || currentWritten == order.get(current).elements() ? current + 1 : current;
      Tensor tensor = order.get(incomplete);
      long written = incomplete == current ? currentWritten : 0;
      HadoopFiles.deleteAfterFailure(path, conf);
      throw new CausalDensityException(Failure.INTERNAL, path, String.format(Locale.ROOT,
          "tensor %s has %d of its %d elements written; the incomplete file was deleted", tensor.name(), written,
          tensor.elements()));
    }
  }

  private void ensureOpen() {
    if (out == null) {
      throw new CausalDensityException(Failure.INTERNAL, path, "writer is already closed");
    }
  }
}
