package org.causaldensity.provenance;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The command line this JVM was given: the application's arguments (recorded by {@code cli.Main}) and the launching
 * JVM's own command line, for the provenance of a result. Values of settings that look like secrets
 * ({@code spark.hadoop.fs.s3a.secret.key=…}, {@code …password=…}, tokens, credentials) are masked, since
 * {@code summary.json} is shared with everyone who reads the result.
 */
public final class Invocation {
  /** What replaces a secret value. */
  public static final String MASK = "******";
  private static final Pattern SECRET = Pattern.compile(
      "(?i)((?:[\\w.-]*(?:secret|password|passwd|token|credential|access\\.key|session\\.key)[\\w.-]*)[=:])([^\\s,]+)");
  private static volatile List<String> arguments = List.of();

  private Invocation() {}

  /** Keeps the application's arguments for {@link #arguments()}. */
  public static void record(String... args) {
    arguments = List.of(args);
  }

  /** The application's arguments, each masked ({@link #mask}); empty when none were recorded. */
  public static List<String> arguments() {
    return arguments.stream().map(Invocation::mask).toList();
  }

  /** This JVM's command line, masked; "" where the operating system does not tell. */
  public static String processCommandLine() {
    return mask(ProcessHandle.current().info().commandLine().orElse(""));
  }

  /** {@code text} with the value of every {@code key=value} or {@code key:value} whose key looks secret masked. */
  public static String mask(String text) {
    return SECRET.matcher(text).replaceAll("$1" + MASK);
  }
}
