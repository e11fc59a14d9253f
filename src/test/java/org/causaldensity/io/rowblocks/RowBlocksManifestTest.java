package org.causaldensity.io.rowblocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowBlocksManifestTest {
  final Configuration conf = new Configuration();

  @Test
  void writtenManifestReadsBack(@TempDir Path dir) throws IOException {
    new RowBlocksManifest(32000, "/data/x.npy", "<f4", 524).write(dir.toString(), conf);
    Files.createFile(dir.resolve("_SUCCESS"));
    assertTrue(RowBlocksManifest.isRowBlocks(dir.toString(), conf));
    assertEquals(new RowBlocksManifest(32000, "/data/x.npy", "<f4", 524),
        RowBlocksManifest.read(dir.toString(), conf));
  }

  @Test
  void folderWithoutManifestIsNotRowBlocks(@TempDir Path dir) {
    assertFalse(RowBlocksManifest.isRowBlocks(dir.toString(), conf));
  }

  @Test
  void unfinishedIngestIsRefused(@TempDir Path dir) {
    new RowBlocksManifest(10, "x.npy", "<f4", 10).write(dir.toString(), conf);
    CausalDensityException e = assertThrows(CausalDensityException.class,
        () -> RowBlocksManifest.read(dir.toString(), conf));
    assertEquals(Failure.INVALID_FILE, e.failure());
    assertTrue(e.getMessage().contains("no _SUCCESS marker"), e.getMessage());
  }

  @Test
  void damagedManifestsAreRefusedNamingTheProblem(@TempDir Path dir) throws IOException {
    Files.createFile(dir.resolve("_SUCCESS"));
    Path manifest = dir.resolve(RowBlocksManifest.FILE_NAME);
    String[][] cases = {
        {"{not json", "is not valid JSON"},
        {"{\"format\": \"other\", \"version\": 1, \"n\": 5}", "is not a row-blocks manifest"},
        {"{\"format\": \"causal-density row blocks\", \"version\": 9, \"n\": 5}", "has version 9"},
        {"{\"format\": \"causal-density row blocks\", \"version\": 2, \"n\": 1}", "\"n\" must be an integer >= 2"},
        {"[]", "is not a row-blocks manifest"}};
    for (String[] c : cases) {
      Files.writeString(manifest, c[0]);
      CausalDensityException e = assertThrows(CausalDensityException.class,
          () -> RowBlocksManifest.read(dir.toString(), conf), c[0]);
      assertTrue(e.getMessage().startsWith(manifest + ": " ) && e.getMessage().contains(c[1]), e.getMessage());
    }
  }
}
