package org.causaldensity.io.torch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.causaldensity.io.CausalDensityException;

/**
 * The allow-list of what a {@code torch.save} pickle may name, and what each allowed name does. Nothing outside this
 * list is resolved, let alone called: the pickle VM only ever builds containers, scalars, dtypes and
 * {@link TorchTensor}s. A global outside the list is refused by its name ({@code refuses pickle global
 * posix.system}).
 */
final class TorchGlobals {

  /** The callables a pickle may use; each is interpreted here, never looked up as a Java or Python class. */
  enum Callable {
    REBUILD_TENSOR_V2("torch._utils", "_rebuild_tensor_v2"),
    REBUILD_TENSOR("torch._utils", "_rebuild_tensor"),
    REBUILD_PARAMETER("torch._utils", "_rebuild_parameter"),
    REBUILD_PARAMETER_WITH_STATE("torch._utils", "_rebuild_parameter_with_state"),
    ORDERED_DICT("collections", "OrderedDict"),
    SET("builtins", "set"),
    FROZENSET("builtins", "frozenset"),
    BYTEARRAY("builtins", "bytearray"),
    CODECS_ENCODE("_codecs", "encode"),
    TORCH_SIZE("torch", "Size"),
    TORCH_DEVICE("torch", "device");

    final String module;
    final String name;

    Callable(String module, String name) {
      this.module = module;
      this.name = name;
    }

    String qualifiedName() {
      return module + "." + name;
    }
  }

  /** A storage class global such as {@code torch.FloatStorage}: only meaningful inside a persistent id. */
  static final class StorageType {
    final TorchDtype dtype;

    StorageType(TorchDtype dtype) {
      this.dtype = dtype;
    }

    @Override
    public String toString() {
      return "torch." + dtype.storageClass();
    }
  }

  /** Resolves a persistent id's storage key to the checked bytes of {@code <stem>/data/<key>}. */
  @FunctionalInterface
  interface StorageLoader {
    TorchStorage load(TorchDtype dtype, String key, String location, long numel);
  }

  private final String subject;
  private final StorageLoader storages;

  /** {@code subject} names the file in every refusal; {@code storages} serves the persistent ids. */
  TorchGlobals(String subject, StorageLoader storages) {
    this.subject = subject;
    this.storages = storages;
  }

  /** What {@code module.name} denotes, or a refusal naming it when it is not on the allow-list. */
  Object resolve(String module, String name) {
    // Python 2 pickles name the builtins module __builtin__.
    String canonicalModule = module.equals("__builtin__") ? "builtins" : module;
    for (Callable callable : Callable.values()) {
      if (callable.module.equals(canonicalModule) && callable.name.equals(name)) {
        return callable;
      }
    }
    if (module.equals("torch")) {
      TorchDtype storageDtype = TorchDtype.forStorageClass(name);
      if (storageDtype != null) {
        return new StorageType(storageDtype);
      }
      TorchDtype dtype = TorchDtype.forTorchName(name);
      if (dtype != null) {
        return dtype;
      }
    }
    throw refuse("refuses pickle global %s.%s: only torch tensors, storages, dtypes and plain containers are read"
        + " (nothing a pickle names is ever run)", module, name);
  }

  /** The value of {@code callable(*args)} for an allowed callable (REDUCE). */
  Object call(Object callable, Object[] args) {
    if (!(callable instanceof Callable)) {
      throw refuse("pickle calls a %s, which is not an allowed callable", typeName(callable));
    }
    Callable c = (Callable) callable;
    switch (c) {
      case REBUILD_TENSOR_V2:
        if (args.length != 6 && args.length != 7) {
          throw arity(c, "6 or 7", args.length);
        }
        checkType(c, args, 4, Boolean.class);
        checkType(c, args, 5, Map.class);
        if (args.length == 7 && args[6] != null && !(args[6] instanceof Map && ((Map<?, ?>) args[6]).isEmpty())) {
          throw refuse("%s: tensor metadata %s is not supported", c.qualifiedName(), describe(args[6]));
        }
        return rebuildTensor(c, args);
      case REBUILD_TENSOR:
        if (args.length != 4) {
          throw arity(c, "4", args.length);
        }
        return rebuildTensor(c, args);
      case REBUILD_PARAMETER:
      case REBUILD_PARAMETER_WITH_STATE:
        int expected = c == Callable.REBUILD_PARAMETER ? 3 : 4;
        if (args.length != expected) {
          throw arity(c, Integer.toString(expected), args.length);
        }
        checkType(c, args, 0, TorchTensor.class);
        checkType(c, args, 1, Boolean.class);
        return args[0];
      case ORDERED_DICT:
        return orderedDict(args);
      case SET:
      case FROZENSET:
        return set(c, args);
      case CODECS_ENCODE:
        return encodeLatin1(args);
      case BYTEARRAY:
        if (args.length == 0) {
          return new byte[0];
        }
        if (args.length == 1 && args[0] instanceof byte[]) {
          return ((byte[]) args[0]).clone();
        }
        return encodeLatin1(args);
      case TORCH_SIZE:
        if (args.length != 1 || !(args[0] instanceof Object[])) {
          throw refuse("torch.Size expects one tuple of ints, got %s", describe(args));
        }
        longs(c, "size", args[0]);
        return ((Object[]) args[0]).clone();
      case TORCH_DEVICE:
        return device(args);
      default:
        throw new IllegalStateException("unhandled allowed callable " + c);
    }
  }

  /** {@code cls.__new__(cls, *args)} (NEWOBJ); only the allowed container classes. */
  Object newObject(Object cls, Object[] args) {
    if (cls == Callable.ORDERED_DICT) {
      return new LinkedHashMap<Object, Object>();
    }
    if (cls == Callable.SET || cls == Callable.FROZENSET) {
      return new LinkedHashSet<Object>();
    }
    throw refuse("pickle creates a new %s object, which is not supported", typeName(cls));
  }

  /**
   * BUILD (set an object's state). Only a dict's attributes are accepted (a state_dict's {@code _metadata}), and
   * they are dropped: they are attributes, not items.
   */
  void build(Object target, Object state) {
    if (target instanceof Map && isAttributeState(state)) {
      return;
    }
    throw refuse("pickle sets the state of a %s to %s, which is not supported", typeName(target), describe(state));
  }

  /** The storage a persistent id {@code ('storage', torch.XStorage, key, location, numel)} refers to. */
  TorchStorage persistentLoad(Object pid) {
    if (!(pid instanceof Object[]) || ((Object[]) pid).length != 5 || !"storage".equals(((Object[]) pid)[0])) {
      throw refuse("persistent id %s is not ('storage', type, key, location, numel)", describe(pid));
    }
    Object[] id = (Object[]) pid;
    if (!(id[1] instanceof StorageType) || !(id[2] instanceof String) || !(id[3] instanceof String)
        || !(id[4] instanceof Long)) {
      throw refuse("persistent id %s is not ('storage', torch.XStorage, str, str, int)", describe(pid));
    }
    long numel = (Long) id[4];
    if (numel < 0) {
      throw refuse("persistent id for storage %s declares %d elements", id[2], numel);
    }
    return storages.load(((StorageType) id[1]).dtype, (String) id[2], (String) id[3], numel);
  }

  private TorchTensor rebuildTensor(Callable c, Object[] args) {
    checkType(c, args, 0, TorchStorage.class);
    checkType(c, args, 1, Long.class);
    long[] shape = longs(c, "size", args[2]);
    long[] strides = longs(c, "stride", args[3]);
    return TorchTensor.view(subject, (TorchStorage) args[0], (Long) args[1], shape, strides);
  }

  private Map<Object, Object> orderedDict(Object[] args) {
    Map<Object, Object> map = new LinkedHashMap<>();
    if (args.length == 0) {
      return map;
    }
    if (args.length == 1 && args[0] instanceof Collection) {
      for (Object pair : (Collection<?>) args[0]) {
        Object[] kv = pair instanceof Object[] ? (Object[]) pair
            : pair instanceof List ? ((List<?>) pair).toArray() : null;
        if (kv == null || kv.length != 2) {
          throw refuse("collections.OrderedDict item %s is not a (key, value) pair", describe(pair));
        }
        map.put(Unpickler.checkHashable(kv[0], subject), kv[1]);
      }
      return map;
    }
    throw refuse("collections.OrderedDict expects () or a list of pairs, got %s", describe(args));
  }

  private Set<Object> set(Callable c, Object[] args) {
    Set<Object> set = new LinkedHashSet<>();
    if (args.length == 0) {
      return set;
    }
    if (args.length == 1 && (args[0] instanceof Collection || args[0] instanceof Object[])) {
      Collection<?> items = args[0] instanceof Object[] ? Arrays.asList((Object[]) args[0]) : (Collection<?>) args[0];
      for (Object item : items) {
        set.add(Unpickler.checkHashable(item, subject));
      }
      return set;
    }
    throw refuse("%s expects () or one list, got %s", c.qualifiedName(), describe(args));
  }

  private byte[] encodeLatin1(Object[] args) {
    if (args.length != 2 || !(args[0] instanceof String) || !(args[1] instanceof String)
        || !(args[1].equals("latin1") || args[1].equals("latin-1"))) {
      throw refuse("bytes are only read as encode(str, 'latin1') (how pickle protocol 2 stores them), got %s",
          describe(args));
    }
    String text = (String) args[0];
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0xFF) {
        throw refuse("_codecs.encode: character U+%04X is not latin-1", (int) text.charAt(i));
      }
    }
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private String device(Object[] args) {
    if (args.length == 1 && args[0] instanceof String) {
      return (String) args[0];
    }
    if (args.length == 2 && args[0] instanceof String && args[1] instanceof Long) {
      return args[0] + ":" + args[1];
    }
    throw refuse("torch.device expects (type) or (type, index), got %s", describe(args));
  }

  private long[] longs(Callable c, String what, Object value) {
    Object[] items = value instanceof Object[] ? (Object[]) value
        : value instanceof List ? ((List<?>) value).toArray() : null;
    if (items == null) {
      throw refuse("%s: %s is %s, expected a tuple of ints", c.qualifiedName(), what, describe(value));
    }
    if (items.length > TorchTensor.MAX_DIMS) {
      throw refuse("%s: %s has %d entries, more than %d", c.qualifiedName(), what, items.length,
          TorchTensor.MAX_DIMS);
    }
    long[] out = new long[items.length];
    for (int i = 0; i < items.length; i++) {
      if (!(items[i] instanceof Long)) {
        throw refuse("%s: %s entry %d is %s, expected an int", c.qualifiedName(), what, i, describe(items[i]));
      }
      out[i] = (Long) items[i];
    }
    return out;
  }

  private void checkType(Callable c, Object[] args, int index, Class<?> type) {
    if (!type.isInstance(args[index])) {
      throw refuse("%s: argument %d is %s, expected %s", c.qualifiedName(), index, describe(args[index]),
          type.getSimpleName());
    }
  }

  private CausalDensityException arity(Callable c, String expected, int actual) {
    return refuse("%s takes %s arguments, the pickle passes %d", c.qualifiedName(), expected, actual);
  }

  private static boolean isAttributeState(Object state) {
    if (state == null || state instanceof Map) {
      return true;
    }
    if (state instanceof Object[] && ((Object[]) state).length == 2) {
      Object[] pair = (Object[]) state;
      return (pair[0] == null || pair[0] instanceof Map) && (pair[1] == null || pair[1] instanceof Map);
    }
    return false;
  }

  private CausalDensityException refuse(String problem, Object... args) {
    return CausalDensityException.invalidFile(subject, problem, args);
  }

  /** A short, bounded description of a pickled value for messages (never its full content). */
  static String describe(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof String) {
      String s = (String) value;
      return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
    }
    if (value instanceof Long || value instanceof Boolean || value instanceof Double) {
      return value.toString();
    }
    if (value instanceof Object[]) {
      Object[] items = (Object[]) value;
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < Math.min(items.length, 6); i++) {
        parts.add(items[i] instanceof Object[] ? "tuple(" + ((Object[]) items[i]).length + ")" : shallow(items[i]));
      }
      return "(" + String.join(", ", parts) + (items.length > 6 ? ", ..." : "") + ")";
    }
    return shallow(value);
  }

  private static String shallow(Object value) {
    if (value == null || value instanceof String || value instanceof Long || value instanceof Boolean
        || value instanceof Double) {
      return describe(value);
    }
    if (value instanceof Callable) {
      return ((Callable) value).qualifiedName();
    }
    if (value instanceof StorageType || value instanceof TorchDtype) {
      return value instanceof TorchDtype ? "torch." + ((TorchDtype) value).torchName() : value.toString();
    }
    return typeName(value);
  }

  /** The Python-side name of a value's type, for messages. */
  static String typeName(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof Object[]) {
      return "tuple";
    }
    if (value instanceof List) {
      return "list";
    }
    if (value instanceof Map) {
      return "dict";
    }
    if (value instanceof Set) {
      return "set";
    }
    if (value instanceof String) {
      return "str";
    }
    if (value instanceof Long || value instanceof java.math.BigInteger) {
      return "int";
    }
    if (value instanceof Double) {
      return "float";
    }
    if (value instanceof Boolean) {
      return "bool";
    }
    if (value instanceof byte[]) {
      return "bytes";
    }
    if (value instanceof TorchTensor) {
      return "tensor";
    }
    if (value instanceof TorchStorage) {
      return "storage";
    }
    if (value instanceof Callable) {
      return ((Callable) value).qualifiedName();
    }
    if (value instanceof StorageType) {
      return value.toString();
    }
    if (value instanceof TorchDtype) {
      return "torch.dtype";
    }
    return value.getClass().getSimpleName();
  }
}
