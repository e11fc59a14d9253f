package org.causaldensity.selection;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HadoopFiles;

/**
 * Which vocabulary rows the matrix-free path analyses: {@code --tokens all} (every row, ids 0..V−1 in order),
 * {@code --tokens sample:N} / {@code sample:N:SEED} (a {@link UniformSample} of N ids, ascending; without SEED the
 * run's {@code --seed}), or the ids of {@code --token-indices T.pt} in the file's order.
 *
 * @param kind which of the three
 * @param spelling the option as given ({@code all}, {@code sample:1000}, {@code sample:1000:7}), or the .pt path
 * @param count N of a sample, or −1 for the other kinds (known only from the vocabulary or the file)
 * @param seed the sample's seed (the run's {@code --seed} when the spelling has none); 0 for the other kinds
 * @param seedGiven whether the seed was part of the spelling
 */
public record TokenSelection(Kind kind, String spelling, int count, long seed, boolean seedGiven) {

  /** The option that chooses the tokens of the matrix-free path. */
  public static final String OPTION = "--tokens";
  private static final Pattern SAMPLE = Pattern.compile("sample:([0-9]{1,10})(?::(-?[0-9]{1,19}))?");

  /** How the tokens are chosen. */
  public enum Kind {
    /** Every row of the unembedding. */
    ALL,
    /** A seeded uniform sample without replacement. */
    SAMPLE,
    /** The ids of a {@code --token-indices} file, in its order. */
    TOKEN_INDICES
  }

  /**
   * Parses {@code --tokens}: exactly {@code all}, {@code sample:N} or {@code sample:N:SEED} (N a decimal ≥ 1, SEED a
   * signed 64-bit decimal); anything else is a usage error naming the option.
   */
  public static TokenSelection parse(String spelling, long defaultSeed) {
    if ("all".equals(spelling)) {
      return new TokenSelection(Kind.ALL, spelling, -1, 0, false);
    }
    Matcher m = spelling == null ? null : SAMPLE.matcher(spelling);
    if (m == null || !m.matches()) {
      throw CausalDensityException.usage(OPTION, "must be 'all', 'sample:N' or 'sample:N:SEED', got '%s'", spelling);
    }
    long n = Long.parseLong(m.group(1));
    if (n < 1 || n > Integer.MAX_VALUE - 8) {
      throw CausalDensityException.usage(OPTION, "N of '%s' must be between 1 and %d", spelling,
          Integer.MAX_VALUE - 8);
    }
    long seed = defaultSeed;
    if (m.group(2) != null) {
      try {
        seed = Long.parseLong(m.group(2));
      } catch (NumberFormatException e) {
        throw CausalDensityException.usage(OPTION, "SEED of '%s' is not a 64-bit integer", spelling);
      }
    }
    return new TokenSelection(Kind.SAMPLE, spelling, (int) n, seed, m.group(2) != null);
  }

  /** The ids of {@code --token-indices path}, in the file's order. */
  public static TokenSelection tokenIndices(String path) {
    return new TokenSelection(Kind.TOKEN_INDICES, path, -1, 0, false);
  }

  /** This selection with a {@code --token-indices} path fully qualified ({@link HadoopFiles#qualify}). */
  public TokenSelection qualified(Configuration conf) {
    return kind == Kind.TOKEN_INDICES ? tokenIndices(HadoopFiles.qualify(spelling, conf)) : this;
  }

  /**
   * The vocabulary ids of {@link Kind#ALL} (0..V−1) or {@link Kind#SAMPLE} (ascending), after checking that there
   * are at least k + 1 of them and, for a sample, that N ≤ V (usage errors naming {@code --tokens}). A
   * {@link Kind#TOKEN_INDICES} selection has its ids in the file: IllegalStateException.
   */
  public long[] ids(long vocab, int k) {
    return switch (kind) {
      case ALL -> {
        checkCount(vocab, k);
        if (vocab > Integer.MAX_VALUE - 8) {
          throw CausalDensityException.usage(OPTION, "'all' means %d tokens, more than this build handles", vocab);
        }
        long[] ids = new long[(int) vocab];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = i;
        }
        yield ids;
      }
      case SAMPLE -> {
        if (count > vocab) {
          throw CausalDensityException.usage(OPTION, "'%s' asks for %d tokens but the vocabulary has %d", spelling,
              count, vocab);
        }
        checkCount(count, k);
        yield UniformSample.draw(vocab, count, seed);
      }
      case TOKEN_INDICES -> throw new IllegalStateException("the ids of " + spelling + " are read from the file");
    };
  }

  /** Refuses fewer than k + 1 tokens: every token needs k others. */
  private void checkCount(long n, int k) {
    if (n < (long) k + 1) {
      throw CausalDensityException.usage(OPTION, "'%s' gives %d tokens, fewer than k + 1 = %d (--k %d)", spelling, n,
          k + 1, k);
    }
  }
}
