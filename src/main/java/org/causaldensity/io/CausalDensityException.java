package org.causaldensity.io;

/**
 * A failure a user can act on: it names the file or option at fault ({@link #subject()}) and what is wrong with it.
 * The command line prints {@link #getMessage()} as one line and exits with {@link Failure#exitCode()}.
 */
public class CausalDensityException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Failure failure;
  private final String subject;

  public CausalDensityException(Failure failure, String subject, String problem) {
    this(failure, subject, problem, null);
  }

  public CausalDensityException(Failure failure, String subject, String problem, Throwable cause) {
    super(subject + ": " + problem, cause);
    this.failure = failure;
    this.subject = subject;
  }

  /** A file that is not what it claims to be. */
  public static CausalDensityException invalidFile(String path, String problem, Object... args) {
    return new CausalDensityException(Failure.INVALID_FILE, path, String.format(java.util.Locale.ROOT, problem, args));
  }

  /** Files that are each valid but do not fit together. */
  public static CausalDensityException inconsistent(String subject, String problem, Object... args) {
    return new CausalDensityException(Failure.INCONSISTENT_INPUTS, subject,
        String.format(java.util.Locale.ROOT, problem, args));
  }

  /** A bad option value. */
  public static CausalDensityException usage(String option, String problem, Object... args) {
    return new CausalDensityException(Failure.USAGE, option, String.format(java.util.Locale.ROOT, problem, args));
  }

  /** An I/O error while reading or writing {@code path}. */
  public static CausalDensityException io(String path, java.io.IOException cause) {
    String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new CausalDensityException(Failure.IO, path, "cannot read or write: " + reason, cause);
  }

  public Failure failure() {
    return failure;
  }

  /** The file path or option name at fault. */
  public String subject() {
    return subject;
  }
}
