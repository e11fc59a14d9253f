package org.causaldensity.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/** Tests that run Spark in process: {@code local[2]}, no UI, no Hive, one session per test class. */
public abstract class LocalSparkSuite extends JavaDataFrameSuiteBase {
  @Override
  public SparkConf conf() {
    return super.conf().setMaster("local[2]").set("spark.ui.enabled", "false");
  }

  @Override
  public boolean enableHiveSupport() {
    return false;
  }

  @BeforeEach
  void startSpark() {
    runBefore();
  }

  @AfterAll
  static void stopSpark() {
    runAfterClass();
  }
}
