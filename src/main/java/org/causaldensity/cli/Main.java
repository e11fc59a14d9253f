package org.causaldensity.cli;

import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code demo}, {@code ingest}, {@code run}. Every failure a user can act on is printed as one
 * line naming the file or option and exits with its class's code (README, "Exit codes").
 */
@Command(name = "causal-density", mixinStandardHelpOptions = true, version = "causal-density 0.1.0",
    description = "Local density vs causal norm of a language model's token embeddings, on Apache Spark.",
    subcommands = {DemoCommand.class, IngestCommand.class, RunCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    int code = execute(args);
    System.exit(code);
  }

  /** Runs a command and returns its exit code (for tests and for {@link #main}). */
  public static int execute(String... args) {
    org.causaldensity.provenance.Invocation.record(args);
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e));
    cli.setParameterExceptionHandler((e, arguments) -> usageError(e));
    try {
      return cli.execute(args);
    } catch (Throwable e) {
      // Errors (OutOfMemoryError, Hadoop's FSError) pass picocli's handler; the commands have cleaned up already.
      return report(e);
    }
  }

  /**
   * Picocli's own refusals (unknown option, malformed or repeated value, missing option) as one line naming the
   * option, with a pointer to the command's --help instead of the whole usage text; exit 2.
   */
  static int usageError(CommandLine.ParameterException e) {
    String subject = subjectOf(e);
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    System.err.println("causal-density: error: " + (subject == null ? "" : subject + ": ") + message
        + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
    return Failure.USAGE.exitCode();
  }

  private static String subjectOf(CommandLine.ParameterException e) {
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
      return unmatched.getUnmatched().get(0);
    }
    if (e instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()
        && missing.getMissing().get(0) instanceof CommandLine.Model.OptionSpec option) {
      return option.longestName();
    }
    if (e instanceof CommandLine.OverwrittenOptionException repeated
        && repeated.getOverwritten() instanceof CommandLine.Model.OptionSpec option) {
      return option.longestName();
    }
    if (e.getArgSpec() instanceof CommandLine.Model.OptionSpec option) {
      return option.longestName();
    }
    return null;
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.err);
  }

  /** One line for the user; the stack trace only for failures that are bugs, or with CAUSAL_DENSITY_DEBUG=1. */
  static int report(Throwable e) {
    CausalDensityException known = find(e);
    boolean debug = "1".equals(System.getenv("CAUSAL_DENSITY_DEBUG"));
    if (known != null) {
      System.err.println("causal-density: error: " + known.getMessage());
      if (debug) {
        e.printStackTrace();
      }
      return known.failure().exitCode();
    }
    System.err.println("causal-density: internal error: " + e);
    e.printStackTrace();
    return Failure.INTERNAL.exitCode();
  }

  /** The first {@link CausalDensityException} in the cause chain (Spark wraps executor failures). */
  static CausalDensityException find(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CausalDensityException c) {
        return c;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
