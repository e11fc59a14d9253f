package org.causaldensity.io.torch;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.causaldensity.io.CausalDensityException;

/**
 * A small pickle virtual machine (protocols 0-5, the opcodes {@code torch.save} and Python's pickler emit) that
 * builds only plain values: {@code None} → null, bool → Boolean, int → Long (BigInteger beyond 64 bits), float →
 * Double, str → String, bytes → byte[], tuple → Object[], list → ArrayList, dict and OrderedDict →
 * LinkedHashMap, set → LinkedHashSet, dtype globals → {@link TorchDtype}, tensors → {@link TorchTensor}. Globals
 * are resolved only through the {@link TorchGlobals} allow-list, so no class is ever instantiated by name and
 * nothing a pickle says is run. Every read is bounded by the pickle's length, and the value count, memo, mark
 * depth and integer width are capped, so a hostile pickle ends in a {@link CausalDensityException}, never in an
 * unchecked exception.
 */
final class Unpickler {
  /** Largest pickle read (a state dict's data.pkl is kilobytes; a large checkpoint's a few megabytes). */
  static final int MAX_PICKLE_BYTES = 64 << 20;
  /** Cap on values pushed (bounds memory to a few hundred MB whatever the pickle does). */
  static final int MAX_VALUES = 4_000_000;
  static final int MAX_MEMO = 4_000_000;
  static final int MAX_MARK_DEPTH = 10_000;
  /** Widest Python int read, in bytes (LONG1 / LONG4). */
  static final int MAX_INT_BYTES = 256;
  /** Longest line of a text opcode (protocol 0 ints, floats, GLOBAL names). */
  static final int MAX_LINE = 1024;
  private static final int HIGHEST_PROTOCOL = 5;
  /**
   * Bytes the VM may materialise (byte strings, text, what allowed calls return), per byte of pickle: reading each
   * opcode's data once costs at most 2 (UTF-16 text), a {@code bytearray} or {@code encode} of it once more. A pickle
   * that copies one large value many times (57 KB calling {@code bytearray} in a loop) is refused, not run out of
   * memory.
   */
  static final int MATERIALISED_PER_PICKLE_BYTE = 4;
  /** Allowance on top, for tiny pickles. */
  static final long MATERIALISED_SLACK = 1 << 20;

  private final ByteBuffer in;
  private final String subject;
  private final String entry;
  private final TorchGlobals globals;
  private final List<Object> stack = new ArrayList<>();
  private final Deque<Integer> marks = new ArrayDeque<>();
  private final Map<Long, Object> memo = new HashMap<>();
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  private int opcodeStart;
  private long pushes;
  private final long materialisedBudget;
  private long materialised;

  private Unpickler(ByteBuffer pickle, String subject, String entry, TorchGlobals globals) {
    this.in = pickle.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    this.subject = subject;
    this.entry = entry;
    this.globals = globals;
    this.materialisedBudget = (long) MATERIALISED_PER_PICKLE_BYTE * pickle.remaining() + MATERIALISED_SLACK;
  }

  /**
   * Runs the pickle in {@code pickle} (entry {@code entry} of file {@code subject}) and returns its value; refuses
   * unknown or unsupported opcodes, globals outside the allow-list, malformed structure, bytes after STOP, and a
   * result holding anything but plain values and tensors.
   */
  static Object load(ByteBuffer pickle, String subject, String entry, TorchGlobals globals) {
    if (pickle.remaining() > MAX_PICKLE_BYTES) {
      throw CausalDensityException.invalidFile(subject, "%s is %d bytes, more than the %d this reader accepts", entry,
          pickle.remaining(), MAX_PICKLE_BYTES);
    }
    Unpickler vm = new Unpickler(pickle, subject, entry, globals);
    Object result = vm.run();
    vm.checkPlain(result);
    return result;
  }

  private Object run() {
    while (in.hasRemaining()) {
      opcodeStart = in.position();
      int opcode = in.get() & 0xFF;
      switch (opcode) {
        case 0x80: { // PROTO
          int protocol = u8();
          if (protocol > HIGHEST_PROTOCOL) {
            throw fail("pickle protocol %d is newer than %d", protocol, HIGHEST_PROTOCOL);
          }
          break;
        }
        case 0x95: { // FRAME: framing only groups opcodes; its length must fit what is left
          long length = s64();
          if (length < 0 || length > in.remaining()) {
            throw fail("FRAME of %d bytes but %d remain", length, in.remaining());
          }
          break;
        }
        case 0x2e: // STOP
          return stop();
        case 0x28: // MARK
          if (marks.size() >= MAX_MARK_DEPTH) {
            throw fail("more than %d nested MARKs", MAX_MARK_DEPTH);
          }
          marks.push(stack.size());
          break;
        case 0x30: // POP
          if (stack.size() > currentMark()) {
            pop();
          } else {
            popMark();
          }
          break;
        case 0x31: // POP_MARK
          truncate(popMark());
          break;
        case 0x32: // DUP
          push(peek());
          break;
        case 0x4e: // NONE
          push(null);
          break;
        case 0x88: // NEWTRUE
          push(Boolean.TRUE);
          break;
        case 0x89: // NEWFALSE
          push(Boolean.FALSE);
          break;
        case 0x4a: // BININT
          push((long) in.getInt(need(4)));
          skip(4);
          break;
        case 0x4b: // BININT1
          push((long) u8());
          break;
        case 0x4d: // BININT2
          push((long) u16());
          break;
        case 0x8a: // LONG1
          push(littleEndianInt(u8()));
          break;
        case 0x8b: { // LONG4
          int length = in.getInt(need(4));
          skip(4);
          if (length < 0) {
            throw fail("LONG4 with negative length %d", length);
          }
          push(littleEndianInt(length));
          break;
        }
        case 0x49: // INT (text): I01 / I00 are protocol 0's True / False
          push(textInt(line()));
          break;
        case 0x4c: // LONG (text)
          push(textLong(line()));
          break;
        case 0x46: // FLOAT (text)
          push(textFloat(line()));
          break;
        case 0x47: { // BINFLOAT: big-endian, unlike everything else in a pickle
          long bits = Long.reverseBytes(in.getLong(need(8)));
          skip(8);
          push(Double.longBitsToDouble(bits));
          break;
        }
        case 0x58: // BINUNICODE
          push(utf8(u32Length()));
          break;
        case 0x8c: // SHORT_BINUNICODE
          push(utf8(u8()));
          break;
        case 0x8d: // BINUNICODE8
          push(utf8(u64Length()));
          break;
        case 0x54: { // BINSTRING (Python 2 str, decoded as UTF-8 as torch.load does)
          int length = in.getInt(need(4));
          skip(4);
          if (length < 0) {
            throw fail("BINSTRING with negative length %d", length);
          }
          push(utf8(length));
          break;
        }
        case 0x55: // SHORT_BINSTRING
          push(utf8(u8()));
          break;
        case 0x42: // BINBYTES
          push(bytes(u32Length()));
          break;
        case 0x43: // SHORT_BINBYTES
          push(bytes(u8()));
          break;
        case 0x8e: // BINBYTES8
        case 0x96: // BYTEARRAY8
          push(bytes(u64Length()));
          break;
        case 0x29: // EMPTY_TUPLE
          push(new Object[0]);
          break;
        case 0x85: // TUPLE1
          push(new Object[] {pop()});
          break;
        case 0x86: { // TUPLE2
          Object second = pop();
          push(new Object[] {pop(), second});
          break;
        }
        case 0x87: { // TUPLE3
          Object third = pop();
          Object second = pop();
          push(new Object[] {pop(), second, third});
          break;
        }
        case 0x74: // TUPLE
          push(popToMark().toArray());
          break;
        case 0x5d: // EMPTY_LIST
          push(new ArrayList<Object>());
          break;
        case 0x6c: // LIST
          push(new ArrayList<Object>(popToMark()));
          break;
        case 0x61: { // APPEND
          Object value = pop();
          list(peek()).add(value);
          break;
        }
        case 0x65: { // APPENDS
          List<Object> items = popToMark();
          list(peek()).addAll(items);
          break;
        }
        case 0x7d: // EMPTY_DICT
          push(new LinkedHashMap<Object, Object>());
          break;
        case 0x64: { // DICT
          Map<Object, Object> map = new LinkedHashMap<>();
          putPairs(map, popToMark());
          push(map);
          break;
        }
        case 0x73: { // SETITEM
          Object value = pop();
          Object key = pop();
          map(peek()).put(checkHashable(key, subject), value);
          break;
        }
        case 0x75: { // SETITEMS
          List<Object> pairs = popToMark();
          putPairs(map(peek()), pairs);
          break;
        }
        case 0x8f: // EMPTY_SET
          push(new LinkedHashSet<Object>());
          break;
        case 0x90: { // ADDITEMS
          List<Object> items = popToMark();
          addAll(set(peek()), items);
          break;
        }
        case 0x91: { // FROZENSET
          Set<Object> set = new LinkedHashSet<>();
          addAll(set, popToMark());
          push(set);
          break;
        }
        case 0x68: // BINGET
          push(memoGet(u8()));
          break;
        case 0x6a: // LONG_BINGET
          push(memoGet(u32()));
          break;
        case 0x67: // GET (text)
          push(memoGet(textMemoIndex(line())));
          break;
        case 0x71: // BINPUT
          memoPut(u8(), peek());
          break;
        case 0x72: // LONG_BINPUT
          memoPut(u32(), peek());
          break;
        case 0x70: // PUT (text)
          memoPut(textMemoIndex(line()), peek());
          break;
        case 0x94: // MEMOIZE
          memoPut(memo.size(), peek());
          break;
        case 0x63: { // GLOBAL
          String module = line();
          String name = line();
          push(globals.resolve(module, name));
          break;
        }
        case 0x93: { // STACK_GLOBAL
          Object name = pop();
          Object module = pop();
          if (!(module instanceof String) || !(name instanceof String)) {
            throw fail("STACK_GLOBAL needs two strings, got %s and %s", TorchGlobals.typeName(module),
                TorchGlobals.typeName(name));
          }
          push(globals.resolve((String) module, (String) name));
          break;
        }
        case 0x52: { // REDUCE
          Object[] args = tuple(pop(), "REDUCE arguments");
          Object callable = pop();
          Object value = globals.call(callable, args);
          if (value instanceof byte[] bytes) {
            charge(bytes.length);
          }
          push(value);
          break;
        }
        case 0x81: { // NEWOBJ
          Object[] args = tuple(pop(), "NEWOBJ arguments");
          push(globals.newObject(pop(), args));
          break;
        }
        case 0x92: { // NEWOBJ_EX
          Object kwargs = pop();
          Object[] args = tuple(pop(), "NEWOBJ_EX arguments");
          if (!(kwargs instanceof Map) || !((Map<?, ?>) kwargs).isEmpty()) {
            throw fail("NEWOBJ_EX with keyword arguments is not supported");
          }
          push(globals.newObject(pop(), args));
          break;
        }
        case 0x62: { // BUILD
          Object state = pop();
          globals.build(peek(), state);
          break;
        }
        case 0x51: // BINPERSID
          push(globals.persistentLoad(pop()));
          break;
        default:
          throw fail("unsupported pickle opcode 0x%02x%s", opcode, printable(opcode));
      }
    }
    throw fail("pickle ends without STOP (truncated?)");
  }

  private Object stop() {
    Object result = pop();
    if (!stack.isEmpty() || !marks.isEmpty()) {
      throw fail("STOP leaves %d values and %d MARKs behind", stack.size(), marks.size());
    }
    if (in.hasRemaining()) {
      throw fail("%d bytes after STOP", in.remaining());
    }
    return result;
  }

  /** Refuses a result holding a storage, storage class or callable that no tensor or call consumed. */
  private void checkPlain(Object root) {
    Deque<Object> pending = new ArrayDeque<>();
    Set<Object> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    pending.push(new Object[] {root});
    while (!pending.isEmpty()) {
      Object value = pending.pop();
      if (value == null || !seen.add(value)) {
        continue;
      }
      if (value instanceof Object[]) {
        for (Object item : (Object[]) value) {
          pending.push(item == null ? Boolean.FALSE : item);
        }
      } else if (value instanceof Collection) {
        for (Object item : (Collection<?>) value) {
          pending.push(item == null ? Boolean.FALSE : item);
        }
      } else if (value instanceof Map) {
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
          pending.push(e.getKey() == null ? Boolean.FALSE : e.getKey());
          pending.push(e.getValue() == null ? Boolean.FALSE : e.getValue());
        }
      } else if (value instanceof TorchStorage || value instanceof TorchGlobals.StorageType
          || value instanceof TorchGlobals.Callable) {
        throw CausalDensityException.invalidFile(subject,
            "%s holds a %s that is not part of a tensor; only tensors, dtypes and plain values are read", entry,
            TorchGlobals.typeName(value));
      }
    }
  }

  private void push(Object value) {
    if (++pushes > MAX_VALUES) {
      throw fail("more than %d values", MAX_VALUES);
    }
    stack.add(value);
  }

  private Object pop() {
    if (stack.size() <= currentMark()) {
      throw fail("stack underflow");
    }
    return stack.remove(stack.size() - 1);
  }

  private Object peek() {
    if (stack.size() <= currentMark()) {
      throw fail("stack underflow");
    }
    return stack.get(stack.size() - 1);
  }

  private int currentMark() {
    return marks.isEmpty() ? 0 : marks.peek();
  }

  private int popMark() {
    if (marks.isEmpty()) {
      throw fail("no MARK to pop");
    }
    return marks.pop();
  }

  private List<Object> popToMark() {
    int mark = popMark();
    List<Object> items = new ArrayList<>(stack.subList(mark, stack.size()));
    truncate(mark);
    return items;
  }

  private void truncate(int size) {
    stack.subList(size, stack.size()).clear();
  }

  private void putPairs(Map<Object, Object> map, List<Object> pairs) {
    if (pairs.size() % 2 != 0) {
      throw fail("odd number (%d) of items for a dict", pairs.size());
    }
    for (int i = 0; i < pairs.size(); i += 2) {
      map.put(checkHashable(pairs.get(i), subject), pairs.get(i + 1));
    }
  }

  private void addAll(Set<Object> set, List<Object> items) {
    for (Object item : items) {
      set.add(checkHashable(item, subject));
    }
  }

  /** Refuses, as Python would, a list, dict or set used as a dict key or set item. */
  static Object checkHashable(Object key, String subject) {
    if (key instanceof List || key instanceof Map || key instanceof Set) {
      throw CausalDensityException.invalidFile(subject, "pickle uses an unhashable %s as a dict key or set item",
          TorchGlobals.typeName(key));
    }
    return key;
  }

  @SuppressWarnings("unchecked")
  private List<Object> list(Object target) {
    if (!(target instanceof List)) {
      throw fail("APPEND to a %s, expected a list", TorchGlobals.typeName(target));
    }
    return (List<Object>) target;
  }

  @SuppressWarnings("unchecked")
  private Map<Object, Object> map(Object target) {
    if (!(target instanceof Map)) {
      throw fail("SETITEM on a %s, expected a dict", TorchGlobals.typeName(target));
    }
    return (Map<Object, Object>) target;
  }

  @SuppressWarnings("unchecked")
  private Set<Object> set(Object target) {
    if (!(target instanceof Set)) {
      throw fail("ADDITEMS on a %s, expected a set", TorchGlobals.typeName(target));
    }
    return (Set<Object>) target;
  }

  private Object[] tuple(Object value, String what) {
    if (!(value instanceof Object[])) {
      throw fail("%s are a %s, expected a tuple", what, TorchGlobals.typeName(value));
    }
    return (Object[]) value;
  }

  private Object memoGet(long index) {
    Object value = memo.get(index);
    if (value == null && !memo.containsKey(index)) {
      throw fail("memo has no entry %d", index);
    }
    return value;
  }

  private void memoPut(long index, Object value) {
    if (memo.size() >= MAX_MEMO && !memo.containsKey(index)) {
      throw fail("more than %d memo entries", MAX_MEMO);
    }
    memo.put(index, value);
  }

  /** Checks that {@code n} bytes remain and returns the current position (for absolute reads). */
  private int need(long n) {
    if (n > in.remaining()) {
      throw fail("needs %d more bytes but only %d remain (truncated?)", n, in.remaining());
    }
    return in.position();
  }

  private void skip(int n) {
    in.position(in.position() + n);
  }

  private int u8() {
    need(1);
    return in.get() & 0xFF;
  }

  private int u16() {
    int value = in.getShort(need(2)) & 0xFFFF;
    skip(2);
    return value;
  }

  private long u32() {
    long value = in.getInt(need(4)) & 0xFFFFFFFFL;
    skip(4);
    return value;
  }

  private long s64() {
    long value = in.getLong(need(8));
    skip(8);
    return value;
  }

  private int u32Length() {
    return checkedLength(u32());
  }

  private int u64Length() {
    return checkedLength(s64());
  }

  private int checkedLength(long length) {
    if (length < 0 || length > in.remaining()) {
      throw fail("declares %d bytes of data but %d remain", length, in.remaining());
    }
    return (int) length;
  }

  /** Counts {@code count} more materialised bytes against the budget. */
  private void charge(long count) {
    materialised += count;
    if (materialised > materialisedBudget) {
      throw fail("materialises more than %d bytes from a %d-byte pickle (copies of copies?)", materialisedBudget,
          (materialisedBudget - MATERIALISED_SLACK) / MATERIALISED_PER_PICKLE_BYTE);
    }
  }

  private byte[] bytes(int length) {
    need(length);
    charge(length);
    byte[] out = new byte[length];
    in.get(out);
    return out;
  }

  private String utf8(int length) {
    need(length);
    charge(2L * length);
    ByteBuffer slice = in.slice().limit(length);
    skip(length);
    try {
      return utf8.reset().decode(slice).toString();
    } catch (CharacterCodingException e) {
      throw fail("string is not valid UTF-8");
    }
  }

  /** A protocol 0 line, without its newline. */
  private String line() {
    int start = in.position();
    int limit = Math.min(in.limit(), start + MAX_LINE + 1);
    for (int at = start; at < limit; at++) {
      if (in.get(at) == '\n') {
        String text = utf8(at - start);
        skip(1);
        return text;
      }
    }
    throw fail("text line longer than %d bytes or unterminated", MAX_LINE);
  }

  private Object littleEndianInt(int length) {
    if (length > MAX_INT_BYTES) {
      throw fail("%d-byte integer, more than %d bytes", length, MAX_INT_BYTES);
    }
    byte[] bytes = bytes(length);
    if (length == 0) {
      return 0L;
    }
    byte[] bigEndian = new byte[length];
    for (int i = 0; i < length; i++) {
      bigEndian[i] = bytes[length - 1 - i];
    }
    return narrow(new BigInteger(bigEndian));
  }

  private static Object narrow(BigInteger value) {
    return value.bitLength() < 64 ? (Object) value.longValue() : value;
  }

  private Object textInt(String text) {
    if (text.equals("01")) {
      return Boolean.TRUE;
    }
    if (text.equals("00")) {
      return Boolean.FALSE;
    }
    return textLong(text);
  }

  private Object textLong(String text) {
    String digits = text.endsWith("L") ? text.substring(0, text.length() - 1) : text;
    try {
      return narrow(new BigInteger(digits));
    } catch (NumberFormatException e) {
      throw fail("'%s' is not an integer", text);
    }
  }

  private long textMemoIndex(String text) {
    Object index = textLong(text);
    if (!(index instanceof Long) || (Long) index < 0) {
      throw fail("memo index '%s' out of range", text);
    }
    return (Long) index;
  }

  private double textFloat(String text) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "inf":
        return Double.POSITIVE_INFINITY;
      case "-inf":
        return Double.NEGATIVE_INFINITY;
      case "nan":
        return Double.NaN;
      default:
        break;
    }
    try {
      // Java also accepts hex floats and "Infinity"; Python's repr never produces them, harmless either way.
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw fail("'%s' is not a float", text);
    }
  }

  private static String printable(int opcode) {
    return opcode >= 0x20 && opcode < 0x7f ? " ('" + (char) opcode + "')" : "";
  }

  private CausalDensityException fail(String problem, Object... args) {
    return CausalDensityException.invalidFile(subject, "%s byte %d: %s", entry, opcodeStart,
        String.format(Locale.ROOT, problem, args));
  }
}
