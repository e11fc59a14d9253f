package org.causaldensity.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFolderTest {
  final Configuration conf = new Configuration();

  static List<Path> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  @Test
  void commitMovesEverythingIntoPlaceThenWritesSuccess(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("out");
    OutputFolder folder = OutputFolder.prepare(out.toString(), false, conf);
    folder.write("a/b.txt", new byte[] {1, 2});
    assertFalse(Files.exists(out), "nothing at OUT before the commit");
    folder.commit();
    assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(out.resolve("a/b.txt")));
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    assertEquals(List.of(out), listing(tmp), "no staging folder left");
  }

  @Test
  void abortLeavesTheOldOutputAlone(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("old.txt"), "old");
    Files.writeString(out.resolve("_SUCCESS"), "");
    OutputFolder folder = OutputFolder.prepare(out.toString(), true, conf);
    folder.write("new.txt", new byte[] {7});
    folder.abort();
    assertEquals(List.of(out.resolve("_SUCCESS"), out.resolve("old.txt")), listing(out));
    assertEquals(List.of(out), listing(tmp));
  }

  @Test
  void nonEmptyOutputIsRefusedWithoutOverwriteAndReplacedWithIt(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("old.txt"), "old");
    CausalDensityException e = assertThrows(CausalDensityException.class,
        () -> OutputFolder.prepare(out.toString(), false, conf));
    assertEquals(Failure.OUTPUT_EXISTS, e.failure());
    assertEquals(out + ": already exists and is not empty; pass --overwrite to replace it", e.getMessage());
    Files.writeString(out.resolve("_SUCCESS"), "");
    OutputFolder folder = OutputFolder.prepare(out.toString(), true, conf);
    folder.write("new.txt", new byte[] {7});
    folder.commit();
    assertEquals(List.of(out.resolve("_SUCCESS"), out.resolve("new.txt")), listing(out));
  }

  @Test
  void emptyExistingFolderIsAccepted(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("out");
    Files.createDirectories(out);
    OutputFolder folder = OutputFolder.prepare(out.toString(), false, conf);
    folder.commit();
    assertEquals(List.of(out.resolve("_SUCCESS")), listing(out));
  }
}
