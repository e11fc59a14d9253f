package org.causaldensity.demo;

import java.util.SplittableRandom;

/**
 * Where each vocabulary row of the demo embedding lies, in causal (whitened) coordinates w, where the causal
 * norm is ‖w‖ and causal distances are Euclidean. Every row is generated from its own random stream, so any
 * row can be regenerated alone, in any order.
 *
 * <p>The kinds of token, chosen to give the density-versus-norm analysis something to find:
 * <ul>
 *   <li>{@link Kind#SHELL} (~84%): a thin shell at causal norm {@value #SHELL_NORM} (±{@value #SHELL_WIDTH}
 *       relative), split over {@value #SHELL_CLUSTERS} direction clusters of unequal size and spread;
 *   <li>{@link Kind#CORE} (~6%): small norms (4%–40% of the shell's), distinct, in two loose direction clusters;
 *   <li>{@link Kind#OUTER} (~4%): an outer tail beyond the shell, exponentially thinning;
 *   <li>{@link Kind#VARIANT} (~3%): near-duplicates of another token (relative offsets 3e-4 … 3e-2, often only a
 *       few BF16 steps apart once rounded), like the cased and spaced variants of a word;
 *   <li>{@link Kind#UNTRAINED} (~1%, scattered ids, like byte tokens never seen in training, which weight decay
 *       pulls to one point): jittered around one small vector by about one BF16 step, so their distances are
 *       tiny but mostly not zero (a dense spot in the core);
 *   <li>{@link Kind#PADDING} (the top 1.5% of ids, like the untrained padding rows at the end of Qwen3's
 *       vocabulary): one identical small vector, so those tokens are at exact distance 0 from each other.
 * </ul>
 */
final class TokenGeometry {
  /** The kinds of token in the demo vocabulary. */
  enum Kind { SHELL, CORE, OUTER, VARIANT, UNTRAINED, PADDING }

  /** Causal norm of the shell, in the notebook's "logometers". */
  static final double SHELL_NORM = 64.0;
  /** Relative standard deviation of the shell's radius. */
  static final double SHELL_WIDTH = 0.03;
  static final int SHELL_CLUSTERS = 8;
  /** Raw embedding entries come out around this size, as in real BF16 LLM embeddings. */
  static final double TYPICAL_ENTRY = 0.02;
  static final double PADDING_FRACTION = 0.015;
  static final double PADDING_NORM = 0.03 * SHELL_NORM;
  private static final double CORE_FRACTION = 0.06;
  private static final double OUTER_FRACTION = 0.04;
  private static final double VARIANT_FRACTION = 0.03;
  private static final double UNTRAINED_FRACTION = 0.01;
  static final double UNTRAINED_NORM = 0.05 * SHELL_NORM;
  /** Relative jitter of the untrained rows: about one BF16 rounding step (2⁻⁹). */
  private static final double UNTRAINED_JITTER = 2e-3;
  private static final double CORE_MIN = 0.04;
  private static final double CORE_RANGE = 0.36;
  private static final double CORE_SPREAD = 1.0;
  private static final double OUTER_START = 1.12;
  private static final double OUTER_MEAN_EXCESS = 0.3;
  private static final double OUTER_SPREAD = 2.0;
  private static final double MIN_SHELL_SPREAD = 0.35;
  private static final double VARIANT_MIN_OFFSET = 3e-4;
  private static final double VARIANT_MAX_OFFSET = 3e-2;

  private final long seed;
  private final int vocab;
  private final int hidden;
  private final int paddingStart;
  private final CausalMetric metric;
  private final double[][] shellCentres = new double[SHELL_CLUSTERS][];
  private final double[] shellSpreads = new double[SHELL_CLUSTERS];
  private final double[] shellCumulativeWeights = new double[SHELL_CLUSTERS];
  private final double[][] coreCentres = new double[2][];
  private final double[] padding;
  private final double[] untrained;

  TokenGeometry(long seed, int vocab, int hidden) {
    this.seed = seed;
    this.vocab = vocab;
    this.hidden = hidden;
    this.paddingStart = vocab - Math.max(2, (int) Math.round(vocab * PADDING_FRACTION));
    this.metric = CausalMetric.generate(seed, hidden, SHELL_NORM, TYPICAL_ENTRY);
    SplittableRandom random = Streams.of(seed, Streams.CLUSTER, 0);
    double total = 0;
    for (int k = 0; k < SHELL_CLUSTERS; k++) {
      shellCentres[k] = new double[hidden];
      Streams.unitVector(random, shellCentres[k]);
      shellSpreads[k] = MIN_SHELL_SPREAD + random.nextDouble();
      total += 0.5 + random.nextDouble();
      shellCumulativeWeights[k] = total;
    }
    for (int k = 0; k < SHELL_CLUSTERS; k++) {
      shellCumulativeWeights[k] /= total;
    }
    for (int c = 0; c < coreCentres.length; c++) {
      coreCentres[c] = new double[hidden];
      Streams.unitVector(random, coreCentres[c]);
    }
    padding = new double[hidden];
    Streams.unitVector(random, padding);
    Streams.scale(padding, PADDING_NORM);
    untrained = new double[hidden];
    Streams.unitVector(random, untrained);
    Streams.scale(untrained, UNTRAINED_NORM);
  }

  long seed() {
    return seed;
  }

  CausalMetric metric() {
    return metric;
  }

  int vocab() {
    return vocab;
  }

  int hidden() {
    return hidden;
  }

  /** First id of the padding rows (they run to the end of the vocabulary). */
  int paddingStart() {
    return paddingStart;
  }

  /** The kind of token {@code id} (0 ≤ id &lt; vocab). */
  Kind kind(int id) {
    if (id >= paddingStart) {
      return Kind.PADDING;
    }
    return kindOf(Streams.of(seed, Streams.TOKEN, id).nextDouble());
  }

  private static Kind kindOf(double u) {
    if (u < CORE_FRACTION) {
      return Kind.CORE;
    }
    if (u < CORE_FRACTION + OUTER_FRACTION) {
      return Kind.OUTER;
    }
    if (u < CORE_FRACTION + OUTER_FRACTION + VARIANT_FRACTION) {
      return Kind.VARIANT;
    }
    if (u < CORE_FRACTION + OUTER_FRACTION + VARIANT_FRACTION + UNTRAINED_FRACTION) {
      return Kind.UNTRAINED;
    }
    return Kind.SHELL;
  }

  /** Row {@code id} in causal coordinates, into {@code w} (length hidden). */
  void whitened(int id, double[] w) {
    if (id >= paddingStart) {
      System.arraycopy(padding, 0, w, 0, hidden);
      return;
    }
    SplittableRandom random = Streams.of(seed, Streams.TOKEN, id);
    Kind kind = kindOf(random.nextDouble());
    switch (kind) {
      case SHELL -> {
        int k = shellCluster(random.nextDouble());
        double radius = SHELL_NORM * (1 + SHELL_WIDTH * random.nextGaussian());
        around(random, shellCentres[k], shellSpreads[k], radius, w);
      }
      case CORE -> {
        double[] centre = coreCentres[random.nextInt(coreCentres.length)];
        double u = random.nextDouble();
        around(random, centre, CORE_SPREAD, SHELL_NORM * (CORE_MIN + CORE_RANGE * u * u), w);
      }
      case OUTER -> {
        int k = shellCluster(random.nextDouble());
        double excess = -OUTER_MEAN_EXCESS * Math.log(1 - random.nextDouble());
        around(random, shellCentres[k], OUTER_SPREAD, SHELL_NORM * (OUTER_START + excess), w);
      }
      case VARIANT -> {
        int base;
        do {
          base = random.nextInt(paddingStart);
        } while (kind(base) == Kind.VARIANT || kind(base) == Kind.UNTRAINED);
        whitened(base, w);
        double offset = VARIANT_MIN_OFFSET
            * Math.exp(Math.log(VARIANT_MAX_OFFSET / VARIANT_MIN_OFFSET) * random.nextDouble());
        double step = offset * Streams.norm(w) / Math.sqrt(hidden);
        for (int k = 0; k < hidden; k++) {
          w[k] += step * random.nextGaussian();
        }
      }
      case UNTRAINED -> {
        double step = UNTRAINED_JITTER * UNTRAINED_NORM / Math.sqrt(hidden);
        for (int k = 0; k < hidden; k++) {
          w[k] = untrained[k] + step * random.nextGaussian();
        }
      }
      default -> throw new IllegalStateException("padding handled above: " + kind);
    }
  }

  /** Row {@code id} of the raw (not yet BF16-rounded) embedding γ = Q Λ^{−1/2} w, into {@code gamma}. */
  void embedding(int id, double[] gamma) {
    whitened(id, gamma);
    metric.unwhiten(gamma);
  }

  private int shellCluster(double u) {
    for (int k = 0; k < SHELL_CLUSTERS - 1; k++) {
      if (u < shellCumulativeWeights[k]) {
        return k;
      }
    }
    return SHELL_CLUSTERS - 1;
  }

  /** w = radius · unit(centre + spread · z / √d), z standard normal: a cone of half-angle ~atan(spread). */
  private void around(SplittableRandom random, double[] centre, double spread, double radius, double[] w) {
    double noise = spread / Math.sqrt(hidden);
    for (int k = 0; k < hidden; k++) {
      w[k] = centre[k] + noise * random.nextGaussian();
    }
    Streams.scale(w, radius / Streams.norm(w));
  }

  /**
   * The N sampled vocabulary ids: distinct, uniformly drawn from [0, vocab), in random order (not sorted, so
   * that a reader cannot get away with assuming the rows come in id order).
   */
  static int[] sample(long seed, int vocab, int tokens) {
    SplittableRandom random = Streams.of(seed, Streams.SAMPLE, 0);
    int[] ids = new int[vocab];
    for (int i = 0; i < vocab; i++) {
      ids[i] = i;
    }
    for (int i = 0; i < tokens; i++) { // partial Fisher–Yates: the first `tokens` entries are the sample
      int j = i + random.nextInt(vocab - i);
      int swap = ids[i];
      ids[i] = ids[j];
      ids[j] = swap;
    }
    return java.util.Arrays.copyOf(ids, tokens);
  }
}
