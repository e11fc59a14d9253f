package org.causaldensity.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The project version and git commit this build was made from, baked into the jar by Maven
 * ({@code org/causaldensity/build-info.properties}, written by the build's {@code build-info} step). The commit
 * ends in {@code -dirty} when tracked files had uncommitted changes; both read {@code unknown} when the class runs
 * without that file (e.g. from an IDE that skipped the step).
 */
public record BuildInfo(String version, String commit) {
  static final String RESOURCE = "/org/causaldensity/build-info.properties";
  static final String UNKNOWN = "unknown";

  /** This build's. */
  public static BuildInfo current() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // Unreadable resource: reported as unknown rather than failing a finished run.
    }
    return new BuildInfo(properties.getProperty("version", UNKNOWN).trim(),
        properties.getProperty("commit", UNKNOWN).trim());
  }
}
