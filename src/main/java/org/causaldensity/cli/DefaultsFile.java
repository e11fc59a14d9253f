package org.causaldensity.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from {@code conf/causal-density.properties} (key = option name without "--"), when the system
 * property {@code causaldensity.defaults} names that file (submit/*.sh set it). Without it, the defaults written
 * on the options apply.
 */
final class DefaultsFile implements IDefaultValueProvider {
  static final String PROPERTY = "causaldensity.defaults";
  private final Properties values = load();

  @Override
  public String defaultValue(ArgSpec arg) {
    if (arg instanceof OptionSpec option) {
      return values.getProperty(option.longestName().replaceFirst("^--", ""));
    }
    return null;
  }

  private static Properties load() {
    Properties properties = new Properties();
    String path = System.getProperty(PROPERTY);
    if (path == null || path.isEmpty()) {
      return properties;
    }
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      properties.load(in);
    } catch (IOException e) {
      throw new CausalDensityException(Failure.IO, path, "cannot read the defaults file: " + e.getMessage(), e);
    }
    properties.replaceAll((key, value) -> value.toString().trim());
    return properties;
  }
}
