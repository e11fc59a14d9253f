package org.causaldensity.io.safetensors;

import static org.causaldensity.io.safetensors.Fixtures.CONF;
import static org.causaldensity.io.safetensors.Fixtures.HIDDEN;
import static org.causaldensity.io.safetensors.Fixtures.VOCAB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.causaldensity.io.CausalDensityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Every fixture file truncated at many lengths and with bytes flipped at many places: opening and reading must end in
 * a CausalDensityException or in the right values (all rows but the one holding a flipped data byte), nothing else.
 */
class CorruptionSweepTest {
  /** Flip the lowest bit (digits, letters), the ASCII case/space bit, and the high bit (UTF-8, length field). */
  private static final int[] MASKS = {0x01, 0x20, 0x80};
  /**
   * Headers and JSON side files are swept byte by byte; in the data section every byte plays the same part, so
   * every DATA_STRIDE-th one stands for the rest (a prime, to land on every byte position within an element).
   */
  private static final int DATA_STRIDE = 23;
  private static final int JSON_STRIDE = 3;
  private static final Duration SWEEP_LIMIT = Duration.ofSeconds(60);

  /** The sweep rewrites files thousands of times: in memory (/dev/shm) where there is one, it takes ms, not s. */
  static final class MemoryTempDir implements TempDirFactory {
    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
      Path shm = Paths.get("/dev/shm");
      return Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "junit")
          : Files.createTempDirectory("junit");
    }
  }

  @TempDir(factory = MemoryTempDir.class)
  Path tmp;

  private int refused;
  private int accepted;

  private static final class Target {
    final String openPath;
    final float[] expected;
    final boolean canonicalNaN;
    final String tensorName;
    final Path tensorFile;
    final long begin;
    final long end;
    final long dataStart;

    Target(String openPath, String expectedName, boolean canonicalNaN) {
      this.openPath = openPath;
      this.expected = Fixtures.expected(expectedName);
      this.canonicalNaN = canonicalNaN;
      Checkpoint reference = Checkpoint.open(openPath, CONF);
      this.tensorName = reference.tensorName();
      this.tensorFile = Paths.get(reference.tensor().file());
      this.begin = reference.tensor().begin();
      this.end = reference.tensor().end();
      this.dataStart = SafetensorsHeader.read(tensorFile.toString(), CONF).dataStart();
    }
  }

  private Path copy(String fixture) throws IOException {
    Path source = Paths.get(Fixtures.fixture(fixture));
    Path target = tmp.resolve(source.getFileName());
    if (Files.isDirectory(source)) {
      Files.createDirectory(target);
      try (Stream<Path> files = Files.list(source)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Files.copy(file, target.resolve(file.getFileName()));
        }
      }
    } else {
      Files.copy(source, target);
    }
    return target;
  }

  /** Opens and reads every row; checks the values unless the chosen tensor itself changed. */
  private void check(Target target, long damagedRow, String what) {
    float[] rows = new float[VOCAB * HIDDEN];
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.open(target.openPath, CONF);
      // one byte cannot change a shape and keep the header consistent, so a valid open has the original shape
      if (checkpoint.vocabSize() != VOCAB || checkpoint.hiddenSize() != HIDDEN) {
        fail(what + ": opened with shape " + checkpoint.vocabSize() + " x " + checkpoint.hiddenSize());
      }
      long[] ids = new long[VOCAB];
      Arrays.setAll(ids, i -> i);
      checkpoint.gatherRows(ids, rows, CONF);
    } catch (CausalDensityException e) {
      refused++;
      return;
    } catch (RuntimeException | Error e) {
      throw new AssertionError(what + ": " + e, e);
    }
    accepted++;
    if (!checkpoint.tensorName().equals(target.tensorName)) {
      return; // a flipped name can leave another tensor the valid choice (lm_head.weight -> embed_tokens)
    }
    for (int r = 0; r < VOCAB; r++) {
      if (r == damagedRow) {
        continue;
      }
      for (int c = 0; c < HIDDEN; c++) {
        float want = target.expected[r * HIDDEN + c];
        float got = rows[r * HIDDEN + c];
        assertEquals(target.canonicalNaN ? Float.floatToIntBits(want) : Float.floatToRawIntBits(want),
            target.canonicalNaN ? Float.floatToIntBits(got) : Float.floatToRawIntBits(got),
            what + ": row " + r + " col " + c);
      }
    }
  }

  /**
   * Cuts {@code file} to every {@code stride}-th length and flips every {@code stride}-th byte of it (in the tensor's
   * data section, every DATA_STRIDE-th), checking the outcome each time; restores the file at the end.
   */
  private void sweepFile(Target target, Path file, int stride) {
    byte[] original = Fixtures.readBytes(file);
    boolean holdsTensor = file.equals(target.tensorFile);
    long headerEnd = holdsTensor ? target.dataStart : original.length;
    long rowBytes = (target.end - target.begin) / VOCAB;
    try {
      for (int at = 0; at < original.length; at++) {
        if (at < headerEnd ? at % stride != 0 : at % DATA_STRIDE != 0) {
          continue;
        }
        Fixtures.write(file, Arrays.copyOf(original, at));
        check(target, -1, file.getFileName() + " cut to " + at + " bytes");
        long damagedRow = holdsTensor && at >= target.begin && at < target.end ? (at - target.begin) / rowBytes : -1;
        for (int mask : MASKS) {
          byte[] bytes = original.clone();
          bytes[at] ^= (byte) mask;
          Fixtures.write(file, bytes);
          check(target, damagedRow, file.getFileName() + " byte " + at + " ^ 0x" + Integer.toHexString(mask));
        }
      }
    } finally {
      Fixtures.write(file, original);
    }
  }

  /**
   * Sweeps every file that opening reads: config.json and the index (every JSON_STRIDE-th byte: they are plain JSON,
   * read by Jackson, where neighbouring bytes fail alike) and the file holding the tensor (its header byte by byte).
   */
  private void sweep(Path copy, Target target) {
    if (Files.isDirectory(copy)) {
      for (String side : new String[] {Checkpoint.CONFIG, Checkpoint.INDEX}) {
        if (Files.exists(copy.resolve(side))) {
          sweepFile(target, copy.resolve(side), JSON_STRIDE);
        }
      }
    }
    sweepFile(target, target.tensorFile, 1);
  }

  @Test
  void tiedShardedCheckpoint() throws IOException {
    Path copy = copy("tied");
    Target target = new Target(copy.toString(), "tied", false);
    assertTimeoutPreemptively(SWEEP_LIMIT, () -> sweep(copy, target));
    assertTrue(refused > 1000 && accepted > 100, "refused " + refused + ", accepted " + accepted);
  }

  @Test
  void singleF64File() throws IOException {
    Path copy = copy("single_f64.safetensors");
    Target target = new Target(copy.toString(), "single_f64", true);
    assertTimeoutPreemptively(SWEEP_LIMIT, () -> sweep(copy, target));
    assertTrue(refused > 500 && accepted > 500, "refused " + refused + ", accepted " + accepted);
  }

  @Test
  void singleF16Folder() throws IOException {
    Path copy = copy("single_f16");
    Target target = new Target(copy.toString(), "single_f16", false);
    assertTimeoutPreemptively(SWEEP_LIMIT, () -> sweep(copy, target));
    assertTrue(refused > 300 && accepted > 50, "refused " + refused + ", accepted " + accepted);
  }
}
