package org.causaldensity.demo;

import java.util.SplittableRandom;

/**
 * Independent, reproducible random streams: one per (seed, purpose, index), so that any vocabulary row can be
 * regenerated on its own, in any order, by any thread, and still come out the same.
 */
final class Streams {
  private Streams() {}

  static final long METRIC = 1;
  static final long SAMPLE = 2;
  static final long CLUSTER = 3;
  static final long TOKEN = 4;
  static final long NORM_WEIGHT = 5;

  /** The stream for {@code index} within {@code purpose}; distinct arguments give unrelated streams. */
  static SplittableRandom of(long seed, long purpose, long index) {
    return new SplittableRandom(mix(mix(mix(seed) ^ purpose) + index));
  }

  /** Stafford's variant 13 of the MurmurHash3 finaliser (the mixer SplittableRandom uses). */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Fills {@code out} with independent standard normal draws. */
  static void gaussians(SplittableRandom random, double[] out) {
    for (int i = 0; i < out.length; i++) {
      out[i] = random.nextGaussian();
    }
  }

  /** A uniformly random unit vector of length {@code out.length}. */
  static void unitVector(SplittableRandom random, double[] out) {
    gaussians(random, out);
    scale(out, 1.0 / norm(out));
  }

  static double norm(double[] x) {
    double sum = 0;
    for (double v : x) {
      sum += v * v;
    }
    return Math.sqrt(sum);
  }

  static void scale(double[] x, double factor) {
    for (int i = 0; i < x.length; i++) {
      x[i] *= factor;
    }
  }
}
