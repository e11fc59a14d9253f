package org.causaldensity.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class InvocationTest {
  @Test
  void secretValuesAreMaskedAndEverythingElseKept() {
    assertEquals("--conf spark.hadoop.fs.s3a.secret.key=****** --conf spark.hadoop.fs.s3a.access.key=******",
        Invocation.mask("--conf spark.hadoop.fs.s3a.secret.key=abc/DEF+1 --conf spark.hadoop.fs.s3a.access.key=AKIA1"));
    assertEquals("-Djavax.net.ssl.trustStorePassword=****** -Xmx2g",
        Invocation.mask("-Djavax.net.ssl.trustStorePassword=changeit -Xmx2g"));
    assertEquals("spark.authenticate.secret=******", Invocation.mask("spark.authenticate.secret=s3cr3t"));
    String plain = "run --distances hdfs:///d/x.npy --k 20 --out hdfs:///r/2026-12-07 --overwrite";
    assertEquals(plain, Invocation.mask(plain));
  }

  @Test
  void recordedArgumentsComeBackMasked() {
    Invocation.record("run", "--out", "o", "my.password=x");
    assertEquals(List.of("run", "--out", "o", "my.password=******"), Invocation.arguments());
    assertTrue(Invocation.processCommandLine().contains("java"), Invocation.processCommandLine());
  }
}
