package org.causaldensity.io;

/**
 * The classes of failure the command line reports, each with its own exit code (README, "Exit codes").
 */
public enum Failure {
  /** A bug: something the code did not expect. */
  INTERNAL(1),
  /** An option is missing, malformed or out of range. */
  USAGE(2),
  /** An input file is not what it claims to be: truncated, corrupt, unsupported or unsafe. */
  INVALID_FILE(3),
  /** Each input file is valid, but they do not fit together (shapes, ids, values). */
  INCONSISTENT_INPUTS(4),
  /** A file could not be read or written (missing, permissions, file system errors). */
  IO(5),
  /** The output location already holds something and --overwrite was not given. */
  OUTPUT_EXISTS(6);

  private final int exitCode;

  Failure(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
