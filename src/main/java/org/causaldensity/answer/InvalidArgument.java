package org.causaldensity.answer;

import java.util.Locale;

/**
 * A broken precondition of the maths, as an IllegalArgumentException whose message names what was wrong
 * ({@code "causal norms: token 3 has norm NaN, expected finite"}). Exit codes belong to the readers and the job,
 * which check their inputs before calling in here: reaching one of these is a bug, not bad input.
 */
final class InvalidArgument {
  private InvalidArgument() {}

  /** {@code subject: problem}, the problem formatted with {@code args} (Locale.ROOT). */
  static IllegalArgumentException of(String subject, String problem, Object... args) {
    return new IllegalArgumentException(subject + ": " + String.format(Locale.ROOT, problem, args));
  }
}
