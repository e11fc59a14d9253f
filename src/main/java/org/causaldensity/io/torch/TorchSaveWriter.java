package org.causaldensity.io.torch;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipUtil;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HadoopFiles;

/**
 * Writes a dict of tensors (and scalars) as a {@code torch.save} file that torch 1.13 and later load, also with
 * {@code weights_only=True}: a zip of {@code <stem>/data.pkl} (a protocol 2 pickle using only
 * {@code torch._utils._rebuild_tensor_v2}, {@code torch.*Storage} and {@code collections.OrderedDict}),
 * {@code <stem>/byteorder} ("little"), one {@code <stem>/data/<i>} per tensor, and {@code <stem>/version} ("3").
 */
public final class TorchSaveWriter {
  private static final int CHUNK_BYTES = 1 << 20;
  /** Where each entry's data starts, as torch aligns it (so that storages can be memory-mapped). */
  static final int ALIGNMENT = 64;
  /** Every entry's time: 1980-01-01 00:00, the first DOS date, so that the same tensors write the same bytes. */
  private static final long ENTRY_TIME = ZipUtil.dosToJavaTime(0x00210000L);
  private static final String FORMAT_VERSION = "3\n";

  private TorchSaveWriter() {}

  /** A C-contiguous tensor to write. The data array is not copied: do not change it until it is written. */
  public static final class Tensor {
    private final TorchDtype dtype;
    private final long[] shape;
    private final Object data;
    private final int length;

    private Tensor(TorchDtype dtype, Object data, int length, long[] shape) {
      Objects.requireNonNull(shape, "shape");
      long numel = 1;
      for (long size : shape) {
        if (size < 0) {
          throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative size");
        }
        numel = size == 0 ? 0 : numel > Long.MAX_VALUE / size ? -1 : numel * size;
        if (numel < 0) {
          throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " overflows 64 bits");
        }
      }
      if (numel != length) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " holds " + numel + " elements but data has " + length);
      }
      this.dtype = dtype;
      this.shape = shape.clone();
      this.data = data;
      this.length = length;
    }

    /** An int64 tensor of {@code shape} (C order); shape {@code ()} is a scalar and needs exactly one value. */
    public static Tensor int64(long[] data, long... shape) {
      Objects.requireNonNull(data, "data");
      return new Tensor(TorchDtype.INT64, data, data.length, shape);
    }

    /** An int32 tensor of {@code shape} (C order); shape {@code ()} is a scalar and needs exactly one value. */
    public static Tensor int32(int[] data, long... shape) {
      Objects.requireNonNull(data, "data");
      return new Tensor(TorchDtype.INT32, data, data.length, shape);
    }

    /** A float32 tensor of {@code shape} (C order); shape {@code ()} is a scalar and needs exactly one value. */
    public static Tensor float32(float[] data, long... shape) {
      Objects.requireNonNull(data, "data");
      return new Tensor(TorchDtype.FLOAT32, data, data.length, shape);
    }

    /** A float64 tensor of {@code shape} (C order); shape {@code ()} is a scalar and needs exactly one value. */
    public static Tensor float64(double[] data, long... shape) {
      Objects.requireNonNull(data, "data");
      return new Tensor(TorchDtype.FLOAT64, data, data.length, shape);
    }

    /** The element type. */
    public TorchDtype dtype() {
      return dtype;
    }

    /** The shape (a copy). */
    public long[] shape() {
      return shape.clone();
    }

    long byteSize() {
      return (long) length * dtype.itemSize();
    }

    /** Writes the elements little-endian in chunks. */
    void writeTo(ChunkSink sink) throws IOException {
      int item = dtype.itemSize();
      int perChunk = CHUNK_BYTES / item;
      ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, Math.max(item, (long) length * item)))
          .order(ByteOrder.LITTLE_ENDIAN);
      for (int start = 0; start < length; start += perChunk) {
        int count = Math.min(perChunk, length - start);
        chunk.clear();
        switch (dtype) {
          case INT64:
            chunk.asLongBuffer().put((long[]) data, start, count);
            break;
          case INT32:
            chunk.asIntBuffer().put((int[]) data, start, count);
            break;
          case FLOAT32:
            chunk.asFloatBuffer().put((float[]) data, start, count);
            break;
          default:
            chunk.asDoubleBuffer().put((double[]) data, start, count);
            break;
        }
        sink.accept(chunk.array(), 0, count * item);
      }
    }
  }

  /**
   * Writes {@code entries} (in iteration order) to {@code path}, overwriting it. Values may be {@link Tensor},
   * Long, Integer, String, Boolean or null (what torch 1.13's {@code weights_only=True} loads: a float is refused,
   * store it as a 0-dim float64 tensor); anything else is refused before the file is created.
   */
  public static void writeDict(String path, Configuration conf, Map<String, ?> entries) {
    Objects.requireNonNull(entries, "entries");
    List<Tensor> tensors = new ArrayList<>();
    byte[] pickle = pickle(entries, tensors);
    String stem = stem(path);
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(
        new BufferedOutputStream(HadoopFiles.create(path, conf), CHUNK_BYTES))) {
      addStored(zip, stem + "/data.pkl", pickle.length, sink -> sink.accept(pickle, 0, pickle.length));
      byte[] order = "little".getBytes(StandardCharsets.US_ASCII);
      addStored(zip, stem + "/byteorder", order.length, sink -> sink.accept(order, 0, order.length));
      for (int i = 0; i < tensors.size(); i++) {
        Tensor tensor = tensors.get(i);
        addStored(zip, stem + "/data/" + i, tensor.byteSize(), tensor::writeTo);
      }
      byte[] version = FORMAT_VERSION.getBytes(StandardCharsets.US_ASCII);
      addStored(zip, stem + "/version", version.length, sink -> sink.accept(version, 0, version.length));
      zip.finish();
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
  }

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

  /**
   * Adds a stored entry of {@code size} bytes as torch lays it out: data on a {@link #ALIGNMENT}-byte boundary,
   * size and CRC in the local header (computed by a first pass over {@code content}), so no data descriptor is
   * needed and the output need not be seekable; zip64 records appear only where sizes need them.
   */
  static void addStored(ZipArchiveOutputStream zip, String name, long size, Content content) throws IOException {
    CRC32 crc = new CRC32();
    long[] counted = {0};
    content.writeTo((chunk, offset, length) -> {
      crc.update(chunk, offset, length);
      counted[0] += length;
    });
    if (counted[0] != size) {
      throw new IllegalStateException("entry " + name + " produced " + counted[0] + " bytes, expected " + size);
    }
    ZipArchiveEntry entry = new ZipArchiveEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(size);
    entry.setCompressedSize(size);
    entry.setCrc(crc.getValue());
    entry.setAlignment(ALIGNMENT);
    entry.setTime(ENTRY_TIME);
    zip.putArchiveEntry(entry);
    content.writeTo(zip::write);
    zip.closeArchiveEntry();
  }

  /** The archive's top folder: the file name without extension, as torch names it, or "archive" if unusual. */
  static String stem(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    return stem.matches("[A-Za-z0-9_.-]+") ? stem : "archive";
  }

  /** The protocol 2 pickle torch writes for a dict; tensors are appended to {@code tensors} in storage-key order. */
  private static byte[] pickle(Map<String, ?> entries, List<Tensor> tensors) {
    PickleOut out = new PickleOut();
    out.op(0x80).op(2); // PROTO 2
    out.op(0x7d); // EMPTY_DICT
    if (!entries.isEmpty()) {
      out.op(0x28); // MARK
      for (Map.Entry<String, ?> entry : entries.entrySet()) {
        if (entry.getKey() == null) {
          throw new IllegalArgumentException("entries has a null key");
        }
        out.string(entry.getKey());
        value(out, entry.getKey(), entry.getValue(), tensors);
      }
      out.op(0x75); // SETITEMS
    }
    out.op(0x2e); // STOP
    return out.toByteArray();
  }

  private static void value(PickleOut out, String key, Object value, List<Tensor> tensors) {
    if (value instanceof Tensor) {
      tensor(out, (Tensor) value, Integer.toString(tensors.size()));
      tensors.add((Tensor) value);
    } else if (value == null) {
      out.op(0x4e); // NONE
    } else if (value instanceof Boolean) {
      out.op((Boolean) value ? 0x88 : 0x89);
    } else if (value instanceof Long || value instanceof Integer) {
      out.integer(((Number) value).longValue());
    } else if (value instanceof String) {
      out.string((String) value);
    } else if (value instanceof Double || value instanceof Float) {
      // torch 1.13's weights_only unpickler has no BINFLOAT opcode: a float would make the file unloadable there.
      throw new IllegalArgumentException("entries['" + key + "'] is a float, which torch 1.13's"
          + " torch.load(weights_only=True) cannot read; store it as Tensor.float64(new double[] {x})");
    } else {
      throw new IllegalArgumentException("entries['" + key + "'] is a " + value.getClass().getName()
          + "; expected TorchSaveWriter.Tensor, Long, Integer, String, Boolean or null");
    }
  }

  /** {@code _rebuild_tensor_v2(storage, 0, shape, contiguous strides, False, OrderedDict())}. */
  private static void tensor(PickleOut out, Tensor tensor, String storageKey) {
    out.global("torch._utils", "_rebuild_tensor_v2");
    out.op(0x28); // MARK (arguments)
    out.op(0x28); // MARK (persistent id)
    out.string("storage");
    out.global("torch", tensor.dtype.storageClass());
    out.string(storageKey);
    out.string("cpu");
    out.integer(tensor.length);
    out.op(0x74); // TUPLE
    out.op(0x51); // BINPERSID
    out.integer(0);
    long[] strides = new long[tensor.shape.length];
    long stride = 1;
    for (int d = tensor.shape.length - 1; d >= 0; d--) {
      strides[d] = stride;
      stride *= Math.max(1, tensor.shape[d]);
    }
    out.tuple(tensor.shape);
    out.tuple(strides);
    out.op(0x89); // NEWFALSE: requires_grad
    out.global("collections", "OrderedDict");
    out.op(0x29).op(0x52); // EMPTY_TUPLE, REDUCE: backward hooks
    out.op(0x74); // TUPLE
    out.op(0x52); // REDUCE
  }

  /** Pickle opcodes and their arguments, little-endian except BINFLOAT. */
  private static final class PickleOut extends ByteArrayOutputStream {
    PickleOut op(int opcode) {
      write(opcode);
      return this;
    }

    void string(String text) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      op(0x58); // BINUNICODE
      littleEndian(bytes.length, 4);
      write(bytes, 0, bytes.length);
    }

    void global(String module, String name) {
      op(0x63); // GLOBAL
      byte[] text = (module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII);
      write(text, 0, text.length);
    }

    void integer(long value) {
      if (value >= 0 && value < 0x100) {
        op(0x4b); // BININT1
        littleEndian(value, 1);
      } else if (value >= 0 && value < 0x10000) {
        op(0x4d); // BININT2
        littleEndian(value, 2);
      } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
        op(0x4a); // BININT
        littleEndian(value, 4);
      } else {
        op(0x8a).op(8); // LONG1, 8 bytes two's complement
        littleEndian(value, 8);
      }
    }

    void tuple(long[] values) {
      if (values.length > 3) {
        op(0x28); // MARK
      }
      for (long value : values) {
        integer(value);
      }
      op(values.length == 0 ? 0x29 : values.length == 1 ? 0x85 : values.length == 2 ? 0x86
          : values.length == 3 ? 0x87 : 0x74);
    }

    private void littleEndian(long value, int bytes) {
      for (int i = 0; i < bytes; i++) {
        write((int) (value >>> (8 * i)) & 0xFF);
      }
    }
  }
}
