package org.causaldensity.io.torch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Hand-made pickles and torch.save-shaped zips for tests of what torch itself would never write. */
final class PickleBytes {
  private PickleBytes() {}

  /** Concatenates opcodes: an Integer is one byte, a String its UTF-8 bytes, a byte[] itself. */
  static byte[] pickle(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof Integer) {
        out.write((Integer) part);
      } else if (part instanceof Character) {
        out.write((Character) part);
      } else if (part instanceof String) {
        out.writeBytes(((String) part).getBytes(StandardCharsets.UTF_8));
      } else {
        out.writeBytes((byte[]) part);
      }
    }
    return out.toByteArray();
  }

  /** BINUNICODE of {@code text}. */
  static byte[] str(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    return pickle('X', utf8.length & 0xFF, (utf8.length >>> 8) & 0xFF, (utf8.length >>> 16) & 0xFF,
        utf8.length >>> 24, utf8);
  }

  /** A GLOBAL opcode naming {@code module.name}. */
  static byte[] global(String module, String name) {
    return pickle('c', module + "\n" + name + "\n");
  }

  /**
   * {@code _rebuild_tensor_v2(storage('storage', torch.<storageClass>, key, 'cpu', numel), offset, shape, strides,
   * False, OrderedDict())} for shapes and strides of up to three entries, each below 256.
   */
  static byte[] tensor(String storageClass, String key, int numel, int offset, int[] shape, int[] strides) {
    return pickle(global("torch._utils", "_rebuild_tensor_v2"), '(',
        '(', str("storage"), global("torch", storageClass), str(key), str("cpu"), 'K', numel, 't', 'Q',
        'K', offset, smallTuple(shape), smallTuple(strides), 0x89, global("collections", "OrderedDict"), ')', 'R',
        't', 'R');
  }

  private static byte[] smallTuple(int[] values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write('(');
    for (int v : values) {
      out.write('K');
      out.write(v);
    }
    out.write('t');
    return out.toByteArray();
  }

  /** A dict {key: value} pickle (protocol 2) around an already pickled value. */
  static byte[] dict(String key, byte[] value) {
    return pickle(0x80, 2, '}', str(key), value, 's', '.');
  }

  /** A zip holding {@code entries} (name → bytes) in order, stored, as torch lays them out. */
  static byte[] zip(Map<String, byte[]> entries) {
    return zip(new ArrayList<>(entries.entrySet()));
  }

  /** A zip holding {@code entries} (name, bytes) in order, stored, as torch lays them out; names may repeat. */
  static byte[] zip(List<Map.Entry<String, byte[]>> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries) {
        byte[] data = e.getValue();
        TorchSaveWriter.addStored(zip, e.getKey(), data.length, sink -> sink.accept(data, 0, data.length));
      }
      zip.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A torch.save-shaped zip: t/data.pkl, t/data/0 (storage bytes, may be null), t/version. */
  static byte[] torchZip(byte[] pickle, byte[] storage0) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("t/data.pkl", pickle);
    if (storage0 != null) {
      entries.put("t/data/0", storage0);
    }
    entries.put("t/version", "3\n".getBytes(StandardCharsets.US_ASCII));
    return zip(entries);
  }
}
