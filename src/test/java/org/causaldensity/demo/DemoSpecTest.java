package org.causaldensity.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import org.junit.jupiter.api.Test;

class DemoSpecTest {
  private static void assertRefused(String option, String fragment, Runnable build) {
    CausalDensityException e = assertThrows(CausalDensityException.class, build::run);
    assertEquals(Failure.USAGE, e.failure());
    assertEquals(option, e.subject());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void badSizesAreUsageErrorsNamingTheOptionAndValue() {
    assertRefused("--n", "got 101", () -> new DemoSpec(101, 100, 8, 1, 1));
    assertRefused("--n", "got 1", () -> new DemoSpec(1, 100, 8, 1, 1));
    assertRefused("--vocab", "got 15", () -> new DemoSpec(2, 15, 8, 1, 1));
    assertRefused("--hidden", "got 1", () -> new DemoSpec(2, 100, 1, 1, 1));
    assertRefused("--threads", "got 0", () -> new DemoSpec(2, 100, 8, 1, 0));
    assertRefused("--n", "exceed one Java array", () -> new DemoSpec(100000, 200000, 30000, 1, 1));
  }

  @Test
  void defaultsAreTheSmallDataset() {
    DemoSpec spec = DemoSpec.defaults();
    assertEquals(2000, spec.tokens());
    assertEquals(8000, spec.vocab());
    assertEquals(64, spec.hidden());
    assertEquals(2, spec.threads());
  }
}
