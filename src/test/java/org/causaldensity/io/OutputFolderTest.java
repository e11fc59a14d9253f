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

  @Test
  void errorsAndCheckedExceptionsCleanUpAndPassThrough(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("out");
    OutputFolder folder = OutputFolder.prepare(out.toString(), false, conf);
    folder.write("a.txt", new byte[] {1});
    OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
    assertEquals(oom, assertThrows(OutOfMemoryError.class, () -> {
      throw folder.abortOn(oom);
    }));
    assertEquals(List.of(), listing(tmp), "no staging folder after an Error");

    OutputFolder again = OutputFolder.prepare(out.toString(), false, conf);
    Exception checked = new Exception("a checked SparkException stands here");
    assertEquals(checked, assertThrows(Exception.class, () -> {
      throw again.abortOn(checked);
    }));
    assertEquals(List.of(), listing(tmp));
  }

  @Test
  void theOutputsFileSystemFailingIsOneLineNamingOut(@TempDir Path tmp) throws ReflectiveOperationException {
    Path out = tmp.resolve("out");
    OutputFolder folder = OutputFolder.prepare(out.toString(), false, conf);
    String part = folder.stagingPath("tokens/.part-00000.parquet.attempt-7");
    // As Spark hands it back: the task's failure inside a driver-side wrapper.
    RuntimeException fromTask = new RuntimeException("Job aborted due to stage failure",
        CausalDensityException.io(part, new IOException("No space left on device")));
    CausalDensityException full = folder.abortOn(fromTask) instanceof CausalDensityException c ? c : null;
    assertEquals(Failure.IO, full.failure());
    assertEquals(out + ": cannot write the result (tokens/.part-00000.parquet.attempt-7): No space left on device",
        full.getMessage());
    assertEquals(List.of(), assertDoesNotThrowListing(tmp));

    OutputFolder second = OutputFolder.prepare(out.toString(), false, conf);
    // Hadoop's local file system raises FSError (its constructor is package-private) for an I/O error of the disk.
    java.lang.reflect.Constructor<org.apache.hadoop.fs.FSError> make =
        org.apache.hadoop.fs.FSError.class.getDeclaredConstructor(Throwable.class);
    make.setAccessible(true);
    org.apache.hadoop.fs.FSError fsError = make.newInstance(new IOException("Read-only file system"));
    CausalDensityException readOnly = (CausalDensityException) second.abortOn(fsError);
    assertEquals(out + ": cannot write the result: Read-only file system", readOnly.getMessage());

    OutputFolder third = OutputFolder.prepare(out.toString(), false, conf);
    CausalDensityException input = CausalDensityException.io("/data/x.npy", new IOException("No space left on device"));
    assertEquals(input, assertThrows(CausalDensityException.class, () -> {
      throw third.abortOn(input);
    }), "a failure naming an input keeps its own subject");
  }

  static List<Path> assertDoesNotThrowListing(Path dir) {
    try {
      return listing(dir);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
