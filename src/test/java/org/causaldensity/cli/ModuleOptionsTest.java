package org.causaldensity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/** The JVM flags the scripts and spark-defaults.conf give every Spark JVM are the ones this Spark asks for. */
class ModuleOptionsTest {
  @Test
  void confFileHoldsSparksModuleOptions() throws IOException {
    String expected = JavaModuleOptions.defaultModuleOptions();
    assertEquals(expected, Files.readString(Path.of("conf/jvm-module-options")).trim());
    String defaults = Files.readString(Path.of("conf/spark-defaults.conf"));
    assertEquals(2, defaults.split(java.util.regex.Pattern.quote(expected), -1).length - 1,
        "driver and executor extraJavaOptions carry the module options");
  }
}
