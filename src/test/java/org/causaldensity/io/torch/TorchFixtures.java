package org.causaldensity.io.torch;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/** Locates the project's torch fixtures (made by make_torch.py) and the shared third-party ones. */
final class TorchFixtures {
  private TorchFixtures() {}

  /** A file under src/test/resources/fixtures/torch/. */
  static Path project(String name) {
    try {
      return Paths.get(TorchFixtures.class.getResource("/fixtures/torch/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing fixture " + name + " (run src/test/fixtures/torch/make_torch.py)", e);
    }
  }

  /** A file under the shared fixtures folder; skips the test when that folder is absent. */
  static Path shared(String relative) {
    String property = System.getProperty("causaldensity.shared");
    Path root = property != null && Files.isDirectory(Paths.get(property)) ? Paths.get(property)
        : Paths.get("/work/shared");
    Path formats = root.resolve("fixtures").resolve("formats");
    assumeTrue(Files.isDirectory(formats), "shared fixtures folder " + formats + " absent: third-party files skipped");
    Path file = formats.resolve(relative);
    assumeTrue(Files.isRegularFile(file), "shared fixture " + file + " absent");
    return file;
  }

  static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The value at {@code keyPath} ('/'-separated dict keys and list/tuple indices) below {@code root}; a dict key
   * that is absent as a string is looked up as an int, as Python int keys are read as Long.
   */
  static Object at(Object root, String keyPath) {
    Object value = root;
    for (String part : keyPath.split("/")) {
      if (value instanceof Map) {
        Map<?, ?> map = (Map<?, ?>) value;
        if (map.containsKey(part)) {
          value = map.get(part);
        } else if (map.containsKey(Long.parseLong(part))) {
          value = map.get(Long.parseLong(part));
        } else {
          throw new AssertionError("no key " + part + " of " + keyPath + " in " + map.keySet());
        }
      } else if (value instanceof List) {
        value = ((List<?>) value).get(Integer.parseInt(part));
      } else if (value instanceof Object[]) {
        value = ((Object[]) value)[Integer.parseInt(part)];
      } else {
        throw new AssertionError("cannot descend into " + value + " at " + part + " of " + keyPath);
      }
    }
    return value;
  }
}
