package org.causaldensity.io.torch;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.causaldensity.io.CausalDensityException;
import org.junit.jupiter.api.Test;

/**
 * Every project fixture truncated at every offset and with bytes changed at every offset (every 8th inside
 * CRC-guarded entry contents), both as whole files (where the zip structure and CRCs catch most damage) and inside
 * data.pkl with the zip rebuilt around it (so that the pickle VM itself meets the damage): each must end in a clean
 * CausalDensityException or in valid values, never in another exception, an OutOfMemoryError or a hang.
 */
class TorchFileCorruptionTest {
  private static final List<String> FIXTURES = List.of("dtypes.pt", "distances_causal_small.pt",
      "causal_metric_tensor_small.pt", "views.pt", "tied.pt", "mixed.pt", "protocol4.pt", "protocol5.pt",
      "archive_layout.pt", "byteorder_little.pt", "big_endian.pt", "deflated.pt", "root_list.pt",
      "broadcast_huge.pt");
  /** Byte changes tried at each offset: low bit, high bit, all bits, and setting to 0xFF. */
  private static final int[] XORS = {0x01, 0x80, 0xFF};
  /** Entry contents are CRC-guarded: a change at every 8th of their offsets is enough to show it. */
  private static final int DATA_STEP = 8;
  private static final Duration SWEEP_LIMIT = Duration.ofSeconds(60);

  private int valid;
  private int refused;

  /** Parses and, if it reads, decodes every tensor; anything but a CausalDensityException fails the test. */
  private void exercise(byte[] file, String what) {
    try {
      TorchFile torch = TorchFile.parse(file, "mutant.pt");
      for (TorchTensor tensor : tensors(torch.root())) {
        decode(tensor);
      }
      valid++;
    } catch (CausalDensityException e) {
      refused++;
    } catch (Throwable t) {
      fail(what + ": " + t, t);
    }
  }

  private static void decode(TorchTensor tensor) {
    try {
      if (!tensor.dtype().isFloatingPoint()) {
        tensor.toLongArray();
      } else if (tensor.dtype() == TorchDtype.FLOAT64) {
        tensor.toDoubleArray();
      } else {
        tensor.toFloatArray();
      }
    } catch (CausalDensityException e) {
      // Too large for an array (broadcast views): a refusal, and the tensor itself was valid.
    }
  }

  private static List<TorchTensor> tensors(Object root) {
    List<TorchTensor> found = new java.util.ArrayList<>();
    Deque<Object> pending = new ArrayDeque<>();
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    if (root != null) {
      pending.push(root);
    }
    while (!pending.isEmpty()) {
      Object value = pending.pop();
      if (!seen.add(value)) {
        continue;
      }
      if (value instanceof TorchTensor) {
        found.add((TorchTensor) value);
      } else if (value instanceof Map) {
        ((Map<?, ?>) value).values().stream().filter(v -> v != null).forEach(pending::push);
      } else if (value instanceof Collection) {
        ((Collection<?>) value).stream().filter(v -> v != null).forEach(pending::push);
      } else if (value instanceof Object[]) {
        Arrays.stream((Object[]) value).filter(v -> v != null).forEach(pending::push);
      }
    }
    return found;
  }

  @Test
  void wholeFilesTruncatedAndChangedAtEveryOffset() {
    assertTimeoutPreemptively(SWEEP_LIMIT, () -> {
      int mutants = 0;
      for (String name : FIXTURES) {
        byte[] original = TorchFixtures.bytes(TorchFixtures.project(name));
        for (int length = 0; length < original.length; length++) {
          exercise(Arrays.copyOf(original, length), name + " truncated to " + length);
          mutants++;
        }
        boolean[] entryData = entryData(original, name);
        for (int at = 0; at < original.length; at++) {
          if (entryData[at] && at % DATA_STEP != 0) {
            continue;
          }
          for (int xor : XORS) {
            byte[] mutant = original.clone();
            mutant[at] ^= (byte) xor;
            exercise(mutant, name + " byte " + at + " ^ " + xor);
            mutants++;
          }
        }
      }
      report("whole files", mutants);
    });
  }

  /** Which bytes are entry contents (guarded by their CRC-32, so every offset there fails the same way). */
  private static boolean[] entryData(byte[] file, String name) {
    boolean[] data = new boolean[file.length];
    for (TorchZip.Entry entry : TorchZip.parse(file, name).entries()) {
      Arrays.fill(data, (int) entry.dataOffset, (int) (entry.dataOffset + entry.compressedSize), true);
    }
    return data;
  }

  @Test
  void picklesTruncatedAndChangedAtEveryOffsetInsideValidZips() {
    assertTimeoutPreemptively(SWEEP_LIMIT, () -> {
      int mutants = 0;
      for (String name : FIXTURES) {
        byte[] original = TorchFixtures.bytes(TorchFixtures.project(name));
        TorchZip zip = TorchZip.parse(original, name);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        String pickleName = null;
        for (TorchZip.Entry entry : zip.entries()) {
          ByteBuffer content = zip.content(entry);
          byte[] bytes = new byte[content.remaining()];
          content.get(bytes);
          entries.put(entry.name, bytes);
          pickleName = entry.name.endsWith("/data.pkl") ? entry.name : pickleName;
        }
        byte[] pickle = entries.get(pickleName);
        for (int length = 0; length < pickle.length; length++) {
          entries.put(pickleName, Arrays.copyOf(pickle, length));
          exercise(PickleBytes.zip(entries), name + " data.pkl truncated to " + length);
          mutants++;
        }
        for (int at = 0; at < pickle.length; at++) {
          for (int xor : XORS) {
            byte[] mutant = pickle.clone();
            mutant[at] ^= (byte) xor;
            entries.put(pickleName, mutant);
            exercise(PickleBytes.zip(entries), name + " data.pkl byte " + at + " ^ " + xor);
            mutants++;
          }
        }
      }
      report("data.pkl", mutants);
    });
  }

  private void report(String what, int mutants) {
    System.out.printf("%s: %d mutants, %d refused, %d read as valid values%n", what, mutants, refused, valid);
    assertTrue(refused > mutants / 2, what + ": most damage is detected (" + refused + " of " + mutants + ")");
  }
}
