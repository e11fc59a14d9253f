package org.causaldensity.io.rowblocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Row blocks written and read back exactly; damaged or foreign files are refused naming the file. */
class RowBlockFilesTest {
  final Configuration conf = new Configuration();

  static float[] matrix(int n) {
    float[] m = new float[n * n];
    for (int i = 0; i < m.length; i++) {
      m[i] = (float) Math.sin(i) * 100;
    }
    return m;
  }

  static Path write(Path dir, int n, int rowsPerBlock, float[] m, Configuration conf) {
    Path file = dir.resolve("part-00000" + RowBlockFiles.EXTENSION);
    try (RowBlockFiles.Writer writer = new RowBlockFiles.Writer(file.toString(), n, conf)) {
      for (int first = 0; first < n; first += rowsPerBlock) {
        int count = Math.min(rowsPerBlock, n - first);
        writer.write(first, count, Arrays.copyOfRange(m, first * n, (first + count) * n));
      }
    }
    return file;
  }

  @Test
  void blocksReadBackAsWritten(@TempDir Path dir) {
    int n = 37;
    float[] m = matrix(n);
    write(dir, n, 5, m, conf);
    List<String> files = RowBlockFiles.list(dir.toString(), conf);
    assertEquals(1, files.size());
    float[] back = new float[n * n];
    List<Long> firsts = new ArrayList<>();
    RowBlockFiles.read(files.get(0), n, conf, (first, count, values) -> {
      firsts.add(first);
      System.arraycopy(values, 0, back, (int) first * n, count * n);
    });
    assertEquals(List.of(0L, 5L, 10L, 15L, 20L, 25L, 30L, 35L), firsts);
    assertArrayEquals(m, back);
  }

  @Test
  void aFileOfAnotherWidthIsRefused(@TempDir Path dir) {
    Path file = write(dir, 5, 2, matrix(5), conf);
    CausalDensityException e = assertThrows(CausalDensityException.class,
        () -> RowBlockFiles.read(file.toString(), 6, conf, (f, c, v) -> {}));
    assertEquals(Failure.INVALID_FILE, e.failure());
    assertTrue(e.getMessage().startsWith(file + ": is not a row-blocks file of 6 columns"), e.getMessage());
  }

  @Test
  void truncatedOrForeignFilesAreRefusedNamingTheFile(@TempDir Path dir) throws IOException {
    Path file = write(dir, 8, 3, matrix(8), conf);
    byte[] bytes = Files.readAllBytes(file);
    for (int cut : new int[] {0, 7, 100, bytes.length / 2, bytes.length - 1}) {
      Path damaged = dir.resolve("cut" + cut + RowBlockFiles.EXTENSION);
      Files.write(damaged, Arrays.copyOf(bytes, cut));
      CausalDensityException e = assertThrows(CausalDensityException.class,
          () -> RowBlockFiles.read(damaged.toString(), 8, conf, (f, c, v) -> {}), "cut at " + cut);
      assertTrue(e.getMessage().startsWith(damaged + ": "), e.getMessage());
    }
  }
}
