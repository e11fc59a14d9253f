package org.causaldensity.io.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows written by TokensParquet read back with Parquet's own reader, value by value, special values included. */
class TokensParquetTest {
  @TempDir
  Path tmp;

  static List<TokenRow> rows() {
    List<TokenRow> rows = new ArrayList<>();
    rows.add(new TokenRow(0, 151643, "<|endoftext|>", 1.25, new int[] {3, 1}, new long[] {151935, 7}, new float[] {0f, 2.5f}, 1.25, 0.8,
        -3.5, -7.25, 4.5, Double.NaN, 0.4, 1, 0f, 0, -1, 1));
    rows.add(new TokenRow(1, 151935, null, 0.0, new int[] {2, 0}, new long[] {5, 151643}, new float[] {0f, 0f}, 0.0,
        Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN, Double.NaN, 0.0,
        21, 0.5f, 2, 7, 22));
    rows.add(new TokenRow(2, 5, " world\n", 3.0, new int[0], new long[0], new float[0], Double.NaN, Double.NaN, Double.NaN,
        Double.NaN, Double.NaN, Double.NaN, 0.0, 0, -0.0f, 3, 0, 3));
    return rows;
  }

  @Test
  void everyFieldReadsBackAsWritten() throws Exception {
    Configuration conf = new Configuration();
    String file = tmp.resolve("part-00000.parquet").toString();
    try (TokensParquet.Writer writer = new TokensParquet.Writer(file, conf, Map.of("key", "value"))) {
      rows().forEach(writer::write);
      assertEquals(3, writer.rows());
    }
    assertFalse(Files.exists(tmp.resolve(".part-00000.parquet.crc")), "local files get no checksum side file");
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file);
    try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(path, conf))) {
      assertEquals(TokensParquet.SCHEMA, footer.getFileMetaData().getSchema());
      assertEquals("value", footer.getFileMetaData().getKeyValueMetaData().get("key"));
      assertEquals(3, footer.getRecordCount());
    }
    List<Group> read = new ArrayList<>();
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), path).withConf(conf).build()) {
      for (Group g = reader.read(); g != null; g = reader.read()) {
        read.add(g);
      }
    }
    assertEquals(3, read.size());
    for (int i = 0; i < 3; i++) {
      TokenRow want = rows().get(i);
      Group got = read.get(i);
      assertEquals(want.row(), got.getLong("row", 0));
      assertEquals(want.tokenId(), got.getLong("token_id", 0));
      if (want.token() == null) {
        assertEquals(0, got.getFieldRepetitionCount("token"));
      } else {
        assertEquals(want.token(), got.getString("token", 0));
      }
      assertEquals(want.causalNorm(), got.getDouble("causal_norm", 0));
      Group neighbours = got.getGroup("neighbour_rows", 0);
      Group distances = got.getGroup("neighbour_distances", 0);
      Group ids = got.getGroup("neighbour_token_ids", 0);
      long[] idsRead = new long[ids.getFieldRepetitionCount("list")];
      for (int j = 0; j < idsRead.length; j++) {
        idsRead[j] = ids.getGroup("list", j).getLong("element", 0);
      }
      org.junit.jupiter.api.Assertions.assertArrayEquals(want.neighbourTokenIds(), idsRead, "row " + i);
      int[] rowsRead = new int[neighbours.getFieldRepetitionCount("list")];
      float[] distancesRead = new float[distances.getFieldRepetitionCount("list")];
      for (int j = 0; j < rowsRead.length; j++) {
        rowsRead[j] = neighbours.getGroup("list", j).getInteger("element", 0);
      }
      for (int j = 0; j < distancesRead.length; j++) {
        distancesRead[j] = distances.getGroup("list", j).getFloat("element", 0);
      }
      assertArrayEquals(want.neighbourRows(), rowsRead);
      assertArrayEquals(want.neighbourDistances(), distancesRead);
      assertEquals(want.meanKnnDistance(), got.getDouble("mean_knn_distance", 0));
      assertEquals(want.density(), got.getDouble("density", 0));
      assertEquals(want.logVolumetricDensity(), got.getDouble("log_volumetric_density", 0));
      assertEquals(want.logDensityLq(), got.getDouble("log_density_lq", 0));
      assertEquals(want.localDimensionMle(), got.getDouble("local_dimension_mle", 0));
      assertEquals(want.twonnRatio(), got.getDouble("twonn_ratio", 0));
      assertEquals(want.notebookDensity(), got.getDouble("notebook_density", 0));
      assertEquals(want.exactDuplicates(), got.getInteger("exact_duplicates", 0));
      assertEquals(Float.floatToRawIntBits(want.selfDistance()), Float.floatToRawIntBits(got.getFloat("self_distance",
          0)));
      assertEquals(want.invalidDistances(), got.getInteger("invalid_distances", 0));
      assertEquals(want.firstInvalidColumn(), got.getInteger("first_invalid_column", 0));
      assertEquals(want.multiplicity(), got.getInteger("multiplicity", 0));
    }
    assertNull(rows().get(1).token());
    assertTrue(Double.isInfinite(read.get(1).getDouble("density", 0)));
  }
}
