package org.causaldensity.demo;

import org.causaldensity.io.CausalDensityException;

/**
 * What {@code demo} generates: {@code tokens} sampled vocabulary ids (the distance matrix is tokens × tokens) out
 * of a vocabulary of {@code vocab} rows of width {@code hidden}, all determined by {@code seed}; {@code threads}
 * is how many cores the generation and the matrix products may use.
 *
 * @param tokens N, the number of sampled tokens (--n)
 * @param vocab V, rows of the embedding in the checkpoint (--vocab)
 * @param hidden d, the embedding width (--hidden)
 * @param seed the seed every random draw derives from (--seed)
 * @param threads worker threads for generation and the matrix products (--threads)
 */
public record DemoSpec(int tokens, int vocab, int hidden, long seed, int threads) {
  /** Default N: the default dataset is written in seconds. */
  public static final int DEFAULT_TOKENS = 2000;
  public static final int DEFAULT_VOCAB = 8000;
  public static final int DEFAULT_HIDDEN = 64;
  public static final long DEFAULT_SEED = 20250101L;
  public static final int DEFAULT_THREADS = 2;
  /** The smallest vocabulary that still holds every kind of token the geometry plants. */
  public static final int MIN_VOCAB = 16;

  /**
   * Validates the sizes; each bad value is a usage error naming its option: tokens in [2, vocab], vocab ≥
   * {@value #MIN_VOCAB}, hidden ≥ 2, tokens × hidden within one Java array, threads ≥ 1.
   */
  public DemoSpec {
    if (vocab < MIN_VOCAB) {
      throw CausalDensityException.usage("--vocab", "must be >= %d, got %d", MIN_VOCAB, vocab);
    }
    if (tokens < 2 || tokens > vocab) {
      throw CausalDensityException.usage("--n", "must be between 2 and --vocab (%d), got %d", vocab, tokens);
    }
    if (hidden < 2) {
      throw CausalDensityException.usage("--hidden", "must be >= 2, got %d", hidden);
    }
    if ((long) tokens * hidden > Integer.MAX_VALUE - 8) {
      throw CausalDensityException.usage("--n", "%d tokens × %d hidden exceed one Java array (%d elements)", tokens,
          hidden, Integer.MAX_VALUE - 8);
    }
    if (threads < 1) {
      throw CausalDensityException.usage("--threads", "must be >= 1, got %d", threads);
    }
  }

  /** The defaults: N = 2000, vocab = 8000, hidden = 64, two threads. */
  public static DemoSpec defaults() {
    return new DemoSpec(DEFAULT_TOKENS, DEFAULT_VOCAB, DEFAULT_HIDDEN, DEFAULT_SEED, DEFAULT_THREADS);
  }
}
