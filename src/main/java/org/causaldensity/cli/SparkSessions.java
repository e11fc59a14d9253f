package org.causaldensity.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Starts Spark after the inputs are validated: local mode on all cores unless spark-submit chose a master. */
final class SparkSessions {
  private SparkSessions() {}

  static SparkSession start(String appName) {
    SparkConf conf = new SparkConf().setAppName(appName);
    if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    org.causaldensity.spark.ProgressListener.installOn(spark.sparkContext());
    return spark;
  }
}
