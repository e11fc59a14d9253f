package org.causaldensity.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import com.holdenkarau.spark.testing.JavaRDDComparisons;
import java.util.List;
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
    // spark-testing-base's RDD equality: the same rows, each as often (every row has its own "row" value).
    JavaRDDComparisons.assertRDDEquals(spark.read().parquet(expected.resolve("tokens").toString()).toJavaRDD(),
        spark.read().parquet(actual.resolve("tokens").toString()).toJavaRDD());
  }
}
