package org.causaldensity.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The project's own committed fixtures (classpath) and the shared third-party ones (outside the repository). */
public final class TestFixtures {
  private TestFixtures() {}

  /** Bytes of {@code src/test/resources/fixtures/<name>}. */
  public static byte[] resource(String name) {
    try (InputStream in = TestFixtures.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new AssertionError("missing test resource fixtures/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A file under the shared fixtures folder ({@code causaldensity.shared} property, else {@code /work/shared});
   * skips the calling test where neither holds it.
   */
  public static Path shared(String relative) {
    String property = System.getProperty("causaldensity.shared");
    for (String root : new String[] {property, "/work/shared"}) {
      if (root != null) {
        Path candidate = Path.of(root, "fixtures").resolve(relative);
        if (Files.isRegularFile(candidate)) {
          return candidate;
        }
      }
    }
    Assumptions.abort("shared fixture " + relative + " not found (no ../shared or /work/shared)");
    return null;
  }
}
