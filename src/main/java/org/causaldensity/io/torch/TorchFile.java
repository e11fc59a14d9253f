package org.causaldensity.io.torch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HadoopFiles;
import org.causaldensity.io.HadoopReadChannel;

/**
 * A file written by {@code torch.save} (the zip format of torch 1.6 and later), read without running anything its
 * pickle names: {@code <stem>/data.pkl} is interpreted by an allow-listed pickle VM ({@link Unpickler}) and each
 * tensor's bytes come from {@code <stem>/data/<key>}. Everything is validated when the file is read: zip structure
 * and CRCs, that every storage entry holds exactly the elements its persistent id declares, and that every tensor
 * view stays inside its storage. Entries are read from the file as needed (each is held in memory, so one of
 * 2 GiB or more is refused); what inflating may allocate is bounded by the file's size ({@link TorchZip}).
 */
public final class TorchFile {
  private static final int LOCAL_HEADER_SIGNATURE = 0x04034b50;
  /** An empty zip starts with its end record. */
  private static final int END_SIGNATURE = 0x06054b50;
  private static final int TAR_MAGIC_OFFSET = 257;
  private static final int MAX_KEYS_LISTED = 30;

  private final String path;
  private final Object root;

  private TorchFile(String path, Object root) {
    this.path = path;
    this.root = root;
  }

  /**
   * Reads and validates the {@code torch.save} file at {@code path} (any Hadoop file system, by positional reads);
   * refuses the legacy non-zip format, corrupt or truncated archives, pickle globals outside the allow-list, and
   * inconsistent sizes.
   */
  public static TorchFile read(String path, Configuration conf) {
    long length = HadoopFiles.length(path, conf);
    try (SeekableByteChannel channel = new HadoopReadChannel(HadoopFiles.open(path, conf), length)) {
      return parse(channel, path);
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
  }

  /** Parses the bytes of a whole file; {@code subject} names it in every failure. */
  static TorchFile parse(byte[] bytes, String subject) {
    return parse(new SeekableInMemoryByteChannel(bytes), subject);
  }

  private static TorchFile parse(SeekableByteChannel channel, String subject) {
    checkFormat(channel, subject);
    try (TorchZip zip = TorchZip.open(channel, subject)) {
      return parse(zip, subject);
    }
  }

  private static TorchFile parse(TorchZip zip, String subject) {
    String prefix = topFolder(zip, subject);
    TorchZip.Entry pickle = zip.entry(prefix + "data.pkl");
    if (pickle == null) {
      throw CausalDensityException.invalidFile(subject, "zip has no %sdata.pkl entry: not a torch.save file",
          prefix);
    }
    checkVersion(zip, prefix, subject);
    ByteOrder order = byteOrder(zip, prefix, subject);
    Map<String, TorchStorage> storages = new HashMap<>();
    TorchGlobals globals = new TorchGlobals(subject,
        (dtype, key, location, numel) -> storage(zip, prefix, order, storages, subject, dtype, key, numel));
    if (pickle.size > Unpickler.MAX_PICKLE_BYTES) {
      throw CausalDensityException.invalidFile(subject, "%s is %d bytes, more than the %d this reader accepts",
          pickle.name, pickle.size, Unpickler.MAX_PICKLE_BYTES);
    }
    Object root = Unpickler.load(zip.content(pickle), subject, pickle.name, globals);
    return new TorchFile(subject, root);
  }

  /**
   * The saved object: a {@code Map<Object, Object>} (LinkedHashMap, for dict and OrderedDict, keys in file order),
   * {@code List} (list), {@code Object[]} (tuple), {@code Set}, {@code Long} (or BigInteger beyond 64 bits),
   * {@code Double}, {@code String}, {@code Boolean}, {@code byte[]}, {@link TorchDtype}, {@link TorchTensor}, or null.
   */
  public Object root() {
    return root;
  }

  /** The path this file was read from. */
  public String path() {
    return path;
  }

  /**
   * The tensor stored under {@code key} of the root dict; refuses a root that is not a dict, a missing key (listing
   * the keys present) and a value that is not a tensor.
   */
  public TorchTensor tensor(String key) {
    Map<?, ?> dict = rootDict();
    if (!dict.containsKey(key)) {
      throw CausalDensityException.inconsistent(path, "has no key '%s'; keys present: %s", key, listKeys(dict));
    }
    Object value = dict.get(key);
    if (!(value instanceof TorchTensor)) {
      throw CausalDensityException.inconsistent(path, "key '%s' holds a %s, not a tensor", key,
          TorchGlobals.typeName(value));
    }
    return (TorchTensor) value;
  }

  /** The keys of the root dict in file order; refuses a root that is not a dict or has a key that is no string. */
  public Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    for (Object key : rootDict().keySet()) {
      if (!(key instanceof String)) {
        throw CausalDensityException.inconsistent(path, "root dict has a key of type %s (%s), not a string",
            TorchGlobals.typeName(key), TorchGlobals.describe(key));
      }
      keys.add((String) key);
    }
    return Collections.unmodifiableSet(keys);
  }

  private Map<?, ?> rootDict() {
    if (!(root instanceof Map)) {
      throw CausalDensityException.inconsistent(path, "holds a %s, expected a dict of tensors",
          TorchGlobals.typeName(root));
    }
    return (Map<?, ?>) root;
  }

  private static String listKeys(Map<?, ?> dict) {
    List<String> names = new ArrayList<>();
    for (Object key : dict.keySet()) {
      if (names.size() == MAX_KEYS_LISTED) {
        names.add("... (" + (dict.size() - MAX_KEYS_LISTED) + " more)");
        break;
      }
      names.add(key instanceof String ? "'" + key + "'" : TorchGlobals.describe(key));
    }
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  private static void checkFormat(SeekableByteChannel channel, String subject) {
    byte[] bytes;
    try {
      ByteBuffer head = ByteBuffer.allocate((int) Math.min(channel.size(), TAR_MAGIC_OFFSET + 5));
      int read = 0;
      while (head.hasRemaining() && read >= 0) {
        read = channel.position(head.position()).read(head);
      }
      bytes = Arrays.copyOf(head.array(), head.position());
    } catch (IOException e) {
      throw CausalDensityException.io(subject, e);
    }
    int signature = bytes.length < 4 ? 0 : ByteBuffer.wrap(bytes, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (signature == LOCAL_HEADER_SIGNATURE || signature == END_SIGNATURE) {
      return;
    }
    // Before torch 1.6 a file was a sequence of pickles (PROTO opcode first); before 0.4 it could be a tar.
    if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0x80 && bytes[1] >= 2 && bytes[1] <= 5) {
      throw CausalDensityException.invalidFile(subject, "legacy (non-zip) torch.save format: re-save it with a"
          + " current torch (torch.save(obj, path))");
    }
    if (bytes.length >= TAR_MAGIC_OFFSET + 5 && new String(bytes, TAR_MAGIC_OFFSET, 5, StandardCharsets.US_ASCII)
        .equals("ustar")) {
      throw CausalDensityException.invalidFile(subject, "legacy (tar) torch.save format: re-save it with a"
          + " current torch (torch.save(obj, path))");
    }
    StringBuilder head = new StringBuilder();
    for (int i = 0; i < Math.min(8, bytes.length); i++) {
      head.append(String.format(Locale.ROOT, " %02x", bytes[i] & 0xFF));
    }
    throw CausalDensityException.invalidFile(subject,
        "is not a torch.save zip archive (%d bytes, starting with%s; expected 50 4b 03 04)", channelSize(channel),
        head.length() == 0 ? " nothing" : head.toString());
  }

  /** The single top folder every entry lives in ({@code "<stem>/"}, or {@code "archive/"} from a buffer). */
  private static String topFolder(TorchZip zip, String subject) {
    String prefix = null;
    for (TorchZip.Entry entry : zip.entries()) {
      int slash = entry.name.indexOf('/');
      if (slash <= 0) {
        throw CausalDensityException.invalidFile(subject, "zip entry '%s' is not inside a top folder: not a"
            + " torch.save file", entry.name);
      }
      String folder = entry.name.substring(0, slash + 1);
      if (prefix == null) {
        prefix = folder;
      } else if (!prefix.equals(folder)) {
        throw CausalDensityException.invalidFile(subject, "zip has entries under two top folders, %s and %s",
            prefix, folder);
      }
    }
    if (prefix == null) {
      throw CausalDensityException.invalidFile(subject, "zip archive is empty: not a torch.save file");
    }
    return prefix;
  }

  private static long channelSize(SeekableByteChannel channel) {
    try {
      return channel.size();
    } catch (IOException e) {
      return -1;
    }
  }

  private static void checkVersion(TorchZip zip, String prefix, String subject) {
    TorchZip.Entry entry = zip.entry(prefix + "version");
    if (entry == null) {
      entry = zip.entry(prefix + ".data/version");
    }
    if (entry == null) {
      throw CausalDensityException.invalidFile(subject, "zip has no %sversion entry: not a torch.save file", prefix);
    }
    String text = smallText(zip, entry, subject).trim();
    if (!text.matches("[0-9]{1,9}") || Integer.parseInt(text) < 1) {
      throw CausalDensityException.invalidFile(subject, "%s holds '%s', expected a positive format version",
          entry.name, text);
    }
  }

  private static ByteOrder byteOrder(TorchZip zip, String prefix, String subject) {
    TorchZip.Entry entry = zip.entry(prefix + "byteorder");
    if (entry == null) {
      return ByteOrder.LITTLE_ENDIAN; // torch before 2.1 wrote no byteorder entry, and only little-endian files
    }
    String text = smallText(zip, entry, subject).trim();
    if (text.equals("little")) {
      return ByteOrder.LITTLE_ENDIAN;
    }
    if (text.equals("big")) {
      return ByteOrder.BIG_ENDIAN;
    }
    throw CausalDensityException.invalidFile(subject, "%s holds '%s', expected 'little' or 'big'", entry.name,
        text.length() > 20 ? text.substring(0, 20) + "..." : text);
  }

  private static String smallText(TorchZip zip, TorchZip.Entry entry, String subject) {
    final int maxBytes = 64;
    if (entry.size > maxBytes) {
      throw CausalDensityException.invalidFile(subject, "%s is %d bytes, expected at most %d", entry.name,
          entry.size, maxBytes);
    }
    ByteBuffer content = zip.content(entry);
    byte[] bytes = new byte[content.remaining()];
    content.get(bytes);
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  /** The storage of persistent id key {@code key}, each loaded once and shared by every tensor that views it. */
  private static TorchStorage storage(TorchZip zip, String prefix, ByteOrder order,
      Map<String, TorchStorage> storages, String subject, TorchDtype dtype, String key, long numel) {
    TorchStorage known = storages.get(key);
    if (known != null) {
      if (known.dtype() != dtype || known.numel() != numel) {
        throw CausalDensityException.invalidFile(subject,
            "storage %s is declared both as %d x %s and as %d x %s", key, known.numel(), known.dtype().torchName(),
            numel, dtype.torchName());
      }
      return known;
    }
    TorchZip.Entry entry = zip.entry(prefix + "data/" + key);
    if (entry == null) {
      throw CausalDensityException.invalidFile(subject, "storage %s has no zip entry %sdata/%s", key, prefix, key);
    }
    long expectedBytes = numel > Long.MAX_VALUE / dtype.itemSize() ? -1 : numel * dtype.itemSize();
    if (expectedBytes != entry.size) {
      throw CausalDensityException.invalidFile(subject,
          "storage %s declares %d %s elements (%s bytes) but zip entry %s holds %d bytes", key, numel,
          dtype.torchName(), expectedBytes < 0 ? "over 2^63" : Long.toString(expectedBytes), entry.name,
          entry.size);
    }
    TorchStorage storage = new TorchStorage(key, dtype, numel, zip.content(entry), order);
    storages.put(key, storage);
    return storage;
  }
}
