package org.causaldensity.io.torch;

import static org.causaldensity.io.torch.PickleBytes.dict;
import static org.causaldensity.io.torch.PickleBytes.global;
import static org.causaldensity.io.torch.PickleBytes.pickle;
import static org.causaldensity.io.torch.PickleBytes.str;
import static org.causaldensity.io.torch.PickleBytes.tensor;
import static org.causaldensity.io.torch.PickleBytes.torchZip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** What the reader refuses, and that each refusal names the file and the problem. */
class TorchFileRefusalTest {
  private static final String SUBJECT = "x.pt";
  private static final int CENTRAL_HEADER_SIGNATURE = 0x02014b50;
  private static final int CENTRAL_HEADER_SIZE = 46;
  private static final int END_SIGNATURE = 0x06054b50;
  private static final int END_SIZE = 22;
  private static final int ZIP64_LOCATOR_SIZE = 20;
  private static final Configuration CONF = new Configuration();

  private static String refusal(Executable action, Failure failure) {
    CausalDensityException e = assertThrows(CausalDensityException.class, action);
    assertEquals(failure, e.failure(), e.getMessage());
    return e.getMessage();
  }

  private static void assertRefused(byte[] file, String fragment) {
    String message = refusal(() -> TorchFile.parse(file, SUBJECT), Failure.INVALID_FILE);
    assertTrue(message.startsWith(SUBJECT + ": "), message);
    assertTrue(message.contains(fragment), "expected '" + fragment + "' in: " + message);
  }

  private static void assertFixtureRefused(String fixture, String fragment) {
    String path = TorchFixtures.project(fixture).toString();
    String message = refusal(() -> TorchFile.read(path, CONF), Failure.INVALID_FILE);
    assertTrue(message.startsWith(path + ": "), message);
    assertTrue(message.contains(fragment), "expected '" + fragment + "' in: " + message);
  }

  /** Runs a bare pickle whose storages (if any) are all-zero float32 arrays of the declared size. */
  private static Object unpickle(byte[] pickle) {
    TorchGlobals globals = new TorchGlobals(SUBJECT, (dtype, key, location, numel) -> new TorchStorage(key, dtype,
        numel, ByteBuffer.allocate((int) numel * dtype.itemSize()), ByteOrder.LITTLE_ENDIAN));
    return Unpickler.load(ByteBuffer.wrap(pickle), SUBJECT, "data.pkl", globals);
  }

  private static void assertPickleRefused(byte[] pickle, String fragment) {
    String message = refusal(() -> unpickle(pickle), Failure.INVALID_FILE);
    assertTrue(message.contains(fragment), "expected '" + fragment + "' in: " + message);
  }

  private static byte[] floats(float... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  @Test
  void legacyFormatIsRefusedWithTheWayOut() {
    assertFixtureRefused("legacy.pt", "legacy (non-zip) torch.save format: re-save it with a current torch"
        + " (torch.save(obj, path))");
  }

  @Test
  void maliciousGlobalsSavedByTorchAreRefusedByName() {
    assertFixtureRefused("evil_os_system.pt", "refuses pickle global posix.system");
    assertFixtureRefused("evil_eval.pt", "refuses pickle global __builtin__.eval");
    assertFixtureRefused("evil_popen.pt", "refuses pickle global commands.Popen");
    assertFixtureRefused("evil_popen_protocol4.pt", "refuses pickle global subprocess.Popen");
  }

  @Test
  void handMadeMaliciousGlobalsAreRefusedByName() {
    String[][] names = {{"os", "system"}, {"nt", "system"}, {"builtins", "eval"}, {"builtins", "exec"},
        {"__builtin__", "exec"}, {"builtins", "getattr"}, {"subprocess", "Popen"}, {"torch.serialization", "load"},
        {"numpy.core.multiarray", "_reconstruct"}, {"torch._utils", "_rebuild_qtensor"}, {"copyreg", "_reconstructor"},
        {"torch", "UntypedStorage"}, {"torch", "load"}, {"collections", "defaultdict"}, {"builtins", "set.__init__"}};
    for (String[] name : names) {
      assertPickleRefused(pickle(0x80, 2, global(name[0], name[1]), ')', 'R', '.'),
          "refuses pickle global " + name[0] + "." + name[1]);
      // Protocol 4 names globals from two strings on the stack.
      assertPickleRefused(pickle(0x80, 4, str(name[0]), str(name[1]), 0x93, '.'),
          "refuses pickle global " + name[0] + "." + name[1]);
    }
  }

  @Test
  void onlyAllowedCallablesAreCalled() {
    assertPickleRefused(pickle(0x80, 2, str("os.system"), ')', 'R', '.'), "pickle calls a str");
    assertPickleRefused(pickle(0x80, 2, global("torch", "float32"), ')', 'R', '.'), "pickle calls a torch.dtype");
    assertPickleRefused(pickle(0x80, 2, global("torch", "FloatStorage"), ')', 'R', '.'),
        "pickle calls a torch.FloatStorage");
    assertPickleRefused(pickle(0x80, 2, global("torch._utils", "_rebuild_tensor_v2"), ')', 0x81, '.'),
        "new torch._utils._rebuild_tensor_v2 object");
    assertPickleRefused(pickle(0x80, 2, global("_codecs", "encode"), str("x"), str("utf-8"), 0x86, 'R', '.'),
        "encode(str, 'latin1')");
    assertPickleRefused(pickle(0x80, 2, ']', '}', 'b', '.'), "sets the state of a list");
  }

  @Test
  void leftoverStoragesAndGlobalsAreRefused() {
    assertPickleRefused(pickle(0x80, 2, global("torch", "FloatStorage"), '.'),
        "holds a torch.FloatStorage that is not part of a tensor");
    assertPickleRefused(pickle(0x80, 2, ']', global("collections", "OrderedDict"), 'a', '.'),
        "holds a collections.OrderedDict that is not part of a tensor");
    assertPickleRefused(pickle(0x80, 2, '(', str("storage"), global("torch", "FloatStorage"), str("0"),
        str("cpu"), 'K', 2, 't', 'Q', '.'), "holds a storage that is not part of a tensor");
  }

  @Test
  void malformedPicklesAreRefusedWithTheirPosition() {
    assertPickleRefused(pickle(0x80, 2, 0x85, '.'), "data.pkl byte 2: stack underflow");
    assertPickleRefused(pickle(0x80, 2, '}', 'N', 'a', '.'), "APPEND to a dict");
    assertPickleRefused(pickle(0x80, 2, ']', 'N', 'N', 's', '.'), "SETITEM on a list");
    assertPickleRefused(pickle(0x80, 2, 'h', 3, '.'), "memo has no entry 3");
    assertPickleRefused(pickle(0x80, 2, 'N', '.', 'N'), "1 bytes after STOP");
    assertPickleRefused(pickle(0x80, 2, 'N', 'N', '.'), "STOP leaves 1 values");
    assertPickleRefused(pickle(0x80, 2, 'N'), "pickle ends without STOP");
    assertPickleRefused(pickle(0x80, 2, 'i', "os\nsystem\n", '.'), "unsupported pickle opcode 0x69 ('i')");
    assertPickleRefused(pickle(0x80, 2, 0xff, '.'), "unsupported pickle opcode 0xff");
    assertPickleRefused(pickle(0x80, 6, 'N', '.'), "pickle protocol 6 is newer than 5");
    assertPickleRefused(pickle(0x80, 2, 'X', 0xff, 0xff, 0xff, 0x7f, "abc", '.'),
        "declares 2147483647 bytes of data but 4 remain");
    assertPickleRefused(pickle(0x80, 2, 'X', 2, 0, 0, 0, 0xc3, 0x28, '.'), "not valid UTF-8");
    assertPickleRefused(pickle(0x80, 2, 0x8b, 0, 0, 0, 0x10, '.'), "integer, more than 256 bytes");
    assertPickleRefused(pickle(0x80, 2, 0x8a, 9, '.'), "needs 9 more bytes but only 1 remain");
    assertPickleRefused(pickle(0x80, 2, '}', ']', 'N', 's', '.'), "unhashable list as a dict key");
    assertPickleRefused(pickle(0x80, 2, '(', 'N', 'N', 'N', 'd', '.'), "odd number (3) of items for a dict");
    assertPickleRefused(pickle(0x80, 4, 0x95, 0xff, 0, 0, 0, 0, 0, 0, 0, 'N', '.'), "FRAME of 255 bytes");
    assertPickleRefused(pickle(0x80, 2, 'I', "12x\n", '.'), "'12x' is not an integer");
    assertPickleRefused(pickle(0x80, 2, 'c', "os\n"), "text line longer than 1024 bytes or unterminated");
    assertPickleRefused(pickle(0x80, 2, '1', '.'), "no MARK to pop");
  }

  @Test
  void capsBoundWhatAPickleCanAllocate() {
    byte[] marks = new byte[Unpickler.MAX_MARK_DEPTH + 3];
    Arrays.fill(marks, (byte) '(');
    assertPickleRefused(pickle(0x80, 2, marks, '.'), "more than 10000 nested MARKs");
    byte[] dups = new byte[Unpickler.MAX_VALUES + 1];
    Arrays.fill(dups, (byte) '2');
    assertPickleRefused(pickle(0x80, 2, 'N', dups, '.'), "more than 4000000 values");
  }

  @Test
  void textOpcodesOfProtocolZeroAndCyclesRead() {
    Object root = unpickle(pickle('(', 'I', "01\n", 'I', "-42\n", 'L', "123456789012345678901234L\n", 'F',
        "1.5\n", 'F', "-inf\n", 'p', "7\n", 'g', "7\n", 'l', '.'));
    assertEquals(List.of(true, -42L, new java.math.BigInteger("123456789012345678901234"), 1.5,
        Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY), root);
    // A list that contains itself (l = []; l.append(l)) reads, and the cycle is kept.
    List<?> cyclic = (List<?>) unpickle(pickle(0x80, 2, ']', 'q', 0, 'h', 0, 'a', '.'));
    assertSame(cyclic, cyclic.get(0));
  }

  @Test
  void tensorViewsOutsideTheirStorageAreRefused() {
    assertFixtureRefused("view_out_of_storage.pt", "reaches element 7 of storage 0, which holds 6 elements");
    assertFixtureRefused("shape_overflow.pt", "overflows 64-bit element counts");
    assertPickleRefused(dict("x", tensor("FloatStorage", "0", 6, 1, new int[] {2, 3}, new int[] {3, 1})),
        "reaches element 6 of storage 0, which holds 6 elements");
    assertPickleRefused(dict("x", tensor("FloatStorage", "0", 6, 7, new int[] {0}, new int[] {1})),
        "empty tensor starts at element 7 of storage 0, which holds 6 elements");
    assertPickleRefused(dict("x", pickle(global("torch._utils", "_rebuild_tensor_v2"), '(', '(', str("storage"),
        global("torch", "FloatStorage"), str("0"), str("cpu"), 'K', 4, 't', 'Q', 'K', 0, 'K', 2, 0x85,
        'J', 0xff, 0xff, 0xff, 0xff, 0x85, 0x89, '}', 't', 'R')), "hold a negative value");
    assertPickleRefused(dict("x", pickle(global("torch._utils", "_rebuild_tensor_v2"), '(', '(', str("storage"),
        global("torch", "FloatStorage"), str("0"), str("cpu"), 'K', 4, 't', 'Q', 'K', 0, 'K', 2, 0x85,
        ')', 0x89, '}', 't', 'R')), "shape [2] and strides [] differ in length");
    assertPickleRefused(dict("x", pickle(global("torch._utils", "_rebuild_tensor_v2"), '(', 'N', 'K', 0, ')', ')',
        0x89, '}', 't', 'R')), "argument 0 is None, expected TorchStorage");
    assertPickleRefused(dict("x", pickle(global("torch._utils", "_rebuild_tensor_v2"), '(', 'N', 't', 'R')),
        "takes 6 or 7 arguments, the pickle passes 1");
    byte[] ones = new byte[2 * 65];
    for (int i = 0; i < 65; i++) {
      ones[2 * i] = 'K';
      ones[2 * i + 1] = 1;
    }
    assertPickleRefused(dict("x", pickle(global("torch._utils", "_rebuild_tensor_v2"), '(', '(', str("storage"),
        global("torch", "FloatStorage"), str("0"), str("cpu"), 'K', 4, 't', 'Q', 'K', 0, '(', ones, 't',
        '(', ones, 't', 0x89, '}', 't', 'R')), "size has 65 entries, more than 64");
    assertPickleRefused(pickle(0x80, 2, '(', str("storage"), str("FloatStorage"), str("0"), str("cpu"), 'K', 2,
        't', 'Q', '.'), "is not ('storage', torch.XStorage, str, str, int)");
    assertPickleRefused(pickle(0x80, 2, str("0"), 'Q', '.'), "persistent id '0' is not ('storage'");
  }

  @Test
  void storageEntriesMustMatchTheirDeclaredSize() {
    assertFixtureRefused("storage_too_short.pt",
        "storage 0 declares 3 float32 elements (12 bytes) but zip entry order_source/data/0 holds 8 bytes");
    byte[] pickle = dict("x", tensor("FloatStorage", "7", 2, 0, new int[] {2}, new int[] {1}));
    assertRefused(torchZip(pickle, floats(1, 2)), "storage 7 has no zip entry t/data/7");
    byte[] twoDtypes = pickle(0x80, 2, '(', tensor("FloatStorage", "0", 2, 0, new int[] {2}, new int[] {1}),
        tensor("IntStorage", "0", 2, 0, new int[] {2}, new int[] {1}), 'l', '.');
    assertRefused(torchZip(twoDtypes, floats(1, 2)), "storage 0 is declared both as 2 x float32 and as 2 x int32");
    // Two tensors over one storage entry read as views of one storage.
    byte[] twoViews = pickle(0x80, 2, '(', tensor("FloatStorage", "0", 2, 0, new int[] {2}, new int[] {1}),
        tensor("FloatStorage", "0", 2, 1, new int[] {1}, new int[] {1}), 'l', '.');
    List<?> views = (List<?>) TorchFile.parse(torchZip(twoViews, floats(3, 4)), SUBJECT).root();
    assertSame(((TorchTensor) views.get(0)).storage(), ((TorchTensor) views.get(1)).storage());
    assertArrayEquals(new float[] {4}, ((TorchTensor) views.get(1)).toFloatArray());
  }

  @Test
  void archivesThatAreNotTorchSaveFilesAreRefused() {
    assertRefused(new byte[0], "is not a torch.save zip archive (0 bytes, starting with nothing");
    assertRefused("abc".getBytes(StandardCharsets.US_ASCII), "(3 bytes, starting with 61 62 63");
    byte[] stop = pickle(0x80, 2, '}', '.');
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("t/other.txt", stop);
    entries.put("t/version", "3\n".getBytes(StandardCharsets.US_ASCII));
    assertRefused(PickleBytes.zip(entries), "zip has no t/data.pkl entry: not a torch.save file");
    entries.put("u/data.pkl", stop);
    assertRefused(PickleBytes.zip(entries), "zip has entries under two top folders, t/ and u/");
    assertRefused(PickleBytes.zip(Map.of("data.pkl", stop)), "zip entry 'data.pkl' is not inside a top folder");
    assertRefused(PickleBytes.zip(Map.of("t/data.pkl", stop)), "zip has no t/version entry");
    assertRefused(PickleBytes.zip(new LinkedHashMap<>(Map.of("t/data.pkl", stop, "t/version",
        "three".getBytes(StandardCharsets.US_ASCII)))), "t/version holds 'three', expected a positive format version");
    assertRefused(PickleBytes.zip(new LinkedHashMap<>()), "zip archive is empty");
    assertFixtureRefused("byteorder_odd.pt", "order_source/byteorder holds 'middle', expected 'little' or 'big'");
  }

  @Test
  void zipStructureIsChecked() {
    byte[] good = torchZip(dict("x", tensor("FloatStorage", "0", 2, 0, new int[] {2}, new int[] {1})), floats(1, 2));
    TorchZip zip = TorchZip.parse(good, SUBJECT);
    int storageHeader = centralHeader(good, "t/data/0");

    byte[] encrypted = good.clone();
    encrypted[storageHeader + 8] |= 1;
    assertRefused(encrypted, "zip entry t/data/0 is encrypted");

    byte[] bzip2 = good.clone();
    bzip2[storageHeader + 10] = 12;
    assertRefused(bzip2, "zip entry t/data/0 uses compression method 12");

    byte[] corrupt = good.clone();
    corrupt[(int) zip.entry("t/data/0").dataOffset] ^= 1;
    assertRefused(corrupt, "zip entry t/data/0 is corrupt: CRC-32");

    byte[] localOffset = good.clone();
    localOffset[storageHeader + 42] += 1;
    assertRefused(localOffset, "is not a readable zip archive");

    byte[] truncated = Arrays.copyOf(good, good.length - 1);
    assertRefused(truncated, "is not a readable zip archive");

    Map<String, byte[]> twice = new LinkedHashMap<>();
    twice.put("t/data.pkl", pickle(0x80, 2, '}', '.'));
    assertRefused(zipWithDuplicate(twice), "zip holds two entries named t/data.pkl");
  }

  private static byte[] zipWithDuplicate(Map<String, byte[]> entries) {
    List<Map.Entry<String, byte[]>> twice = new ArrayList<>(entries.entrySet());
    twice.addAll(entries.entrySet());
    return PickleBytes.zip(twice);
  }

  /** Where the central directory record of the entry {@code name} starts (found by its signature and name). */
  private static int centralHeader(byte[] zip, String name) {
    byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
    for (int at = 0; at + CENTRAL_HEADER_SIZE + wanted.length <= zip.length; at++) {
      if (s32(zip, at) == CENTRAL_HEADER_SIGNATURE && Arrays.equals(zip, at + CENTRAL_HEADER_SIZE,
          at + CENTRAL_HEADER_SIZE + wanted.length, wanted, 0, wanted.length)) {
        return at;
      }
    }
    throw new AssertionError("no central directory record for " + name);
  }

  private static int s32(byte[] b, int at) {
    return ByteBuffer.wrap(b, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  /** Zip bombs made by src/test/fixtures/zipbomb/make_zip_bomb.py, read through the Hadoop FileSystem API. */
  @Test
  void zipBombsAreRefusedBeforeInflating() throws Exception {
    String declared = Paths.get(getClass().getResource("/fixtures/zipbomb/declared_bomb.pt").toURI()).toString();
    String message = refusal(() -> TorchFile.read(declared, CONF), Failure.INVALID_FILE);
    assertTrue(message.startsWith(declared + ": zip entry bomb/data/0 declares 1073741824 bytes inflated from 78,"
        + " more than deflate's 1032:1 can produce"), message);
    assertFalse(message.contains("\n"), message);

    String longer = Paths.get(getClass().getResource("/fixtures/zipbomb/longer_bomb.pt").toURI()).toString();
    message = refusal(() -> TorchFile.read(longer, CONF), Failure.INVALID_FILE);
    assertTrue(message.startsWith(longer + ": zip entry bomb/data/0 inflates to more than 1024 bytes, its header"
        + " says 1024"), message);
  }

  @Test
  void zip64EndRecordsAreFollowed() {
    // torch always writes a zip64 end record; saturate the plain end record so that only the zip64 one is usable.
    byte[] bytes = TorchFixtures.bytes(TorchFixtures.project("views.pt"));
    int end = bytes.length - END_SIZE;
    assertEquals(END_SIGNATURE, s32(bytes, end));
    for (int i = 8; i < 20; i++) {
      bytes[end + i] = (byte) 0xff;
    }
    TorchFile viaZip64 = TorchFile.parse(bytes, SUBJECT);
    TorchFile plain = TorchFile.parse(TorchFixtures.bytes(TorchFixtures.project("views.pt")), SUBJECT);
    assertArrayEquals(plain.tensor("transposed").toFloatArray(), viaZip64.tensor("transposed").toFloatArray());
    bytes[end - ZIP64_LOCATOR_SIZE] = 0;
    assertRefused(bytes, "is not a readable zip archive");
  }

  @Test
  void rootAndKeyLookupsExplainWhatIsThere() {
    TorchFile dtypes = TorchFile.parse(TorchFixtures.bytes(TorchFixtures.project("dtypes.pt")), SUBJECT);
    String missing = refusal(() -> dtypes.tensor("weights"), Failure.INCONSISTENT_INPUTS);
    assertTrue(missing.contains("has no key 'weights'; keys present: 'f16', 'bf16', 'bf16_source', 'f32'"), missing);
    TorchFile mixed = TorchFile.parse(TorchFixtures.bytes(TorchFixtures.project("mixed.pt")), SUBJECT);
    String notTensor = refusal(() -> mixed.tensor("config"), Failure.INCONSISTENT_INPUTS);
    assertTrue(notTensor.contains("key 'config' holds a dict, not a tensor"), notTensor);
    TorchFile list = TorchFile.parse(TorchFixtures.bytes(TorchFixtures.project("root_list.pt")), SUBJECT);
    assertTrue(refusal(() -> list.tensor("x"), Failure.INCONSISTENT_INPUTS)
        .contains("holds a list, expected a dict of tensors"));
    assertTrue(refusal(list::keys, Failure.INCONSISTENT_INPUTS).contains("holds a list"));
    TorchFile intKeys = TorchFile.parse(torchZip(pickle(0x80, 2, '}', 'K', 3, str("three"), 's', '.'), null),
        SUBJECT);
    assertTrue(refusal(intKeys::keys, Failure.INCONSISTENT_INPUTS).contains("root dict has a key of type int (3)"));
    assertTrue(refusal(() -> intKeys.tensor("3"), Failure.INCONSISTENT_INPUTS).contains("keys present: 3"));
  }

  @Test
  void conversionsRefuseTheWrongKindOfTensor() {
    TorchFile dtypes = TorchFile.parse(TorchFixtures.bytes(TorchFixtures.project("dtypes.pt")), SUBJECT);
    assertTrue(refusal(() -> dtypes.tensor("f32").toLongArray(), Failure.INVALID_FILE)
        .contains("toLongArray() reads integer tensors; this one is float32"));
    assertTrue(refusal(() -> dtypes.tensor("i64").toFloatArray(), Failure.INVALID_FILE)
        .contains("this one is int64 (use toLongArray)"));
    assertTrue(refusal(() -> dtypes.tensor("bool").toDoubleArray(), Failure.INVALID_FILE)
        .contains("this one is bool"));
    assertTrue(refusal(() -> dtypes.tensor("f64").toFloatArray(), Failure.INVALID_FILE)
        .contains("toFloatArray() would round this float64 tensor: use toDoubleArray()"));
  }

  @Test
  void aBroadcastViewTooLargeForAnArrayReadsButIsNotMaterialised() {
    TorchFile huge = TorchFile.parse(TorchFixtures.bytes(TorchFixtures.project("broadcast_huge.pt")), SUBJECT);
    TorchTensor x = huge.tensor("x");
    assertEquals(3_000_000_000L, x.numel());
    assertArrayEquals(new long[] {0}, x.strides());
    assertTrue(refusal(x::toFloatArray, Failure.INVALID_FILE)
        .contains("tensor of float32 has 3000000000 elements, more than a Java array holds"));
  }

  @Test
  void sharedBrokenFileIsRefused() {
    String path = TorchFixtures.shared("burn@2c06be35/crates/burn-store/src/pytorch/tests/reader/test_data/broken.pt")
        .toString();
    String message = refusal(() -> TorchFile.read(path, CONF), Failure.INVALID_FILE);
    assertTrue(message.contains("is not a torch.save zip archive (3 bytes, starting with 61 62 63"), message);
  }
}
