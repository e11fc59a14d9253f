package org.causaldensity.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Comparisons of two runs' {@code tokens/} folders. */
public final class TokensFolders {
  private TokensFolders() {}

  /** Every row of {@code actual/tokens} equals {@code expected/tokens}', and it holds only parts and _SUCCESS. */
  public static void assertSameRows(SparkSession spark, Path expected, Path actual) throws IOException {
    try (var files = Files.list(actual.resolve("tokens"))) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      assertTrue(names.stream().allMatch(name -> name.equals("_SUCCESS") || name.matches("part-\\d{5}\\.parquet")),
          "a killed attempt left something in tokens/: " + names);
    }
    List<Row> rowsA = spark.read().parquet(expected.resolve("tokens").toString()).orderBy("row").collectAsList();
    List<Row> rowsB = spark.read().parquet(actual.resolve("tokens").toString()).orderBy("row").collectAsList();
    assertEquals(rowsA.size(), rowsB.size(), "tokens rows");
    for (int i = 0; i < rowsA.size(); i++) {
      assertEquals(rowsA.get(i).toString(), rowsB.get(i).toString(), "tokens row " + i);
    }
  }
}
