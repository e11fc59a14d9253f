package org.causaldensity.selection;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A seeded uniform sample without replacement of {@code n} integers from [0, population), reproducible in any language:
 * SplitMix64 (Steele, Lea and Flood 2014) seeded with the seed, an unbiased bounded draw by rejection, and a partial
 * Fisher–Yates shuffle over a sparse map (O(n) memory whatever the population). The result is sorted ascending.
 *
 * <p>Step i (0 ≤ i &lt; n) draws j = i + bounded(population − i) and swaps positions i and j of the virtual array
 * [0, 1, …, population − 1]; the first n positions, sorted, are the sample. bounded(b) draws 64-bit words r until
 * r (unsigned) &lt; 2⁶⁴ − (2⁶⁴ mod b) and returns r mod b (unsigned). {@code src/test/fixtures/selection/} holds a
 * Python port that the tests compare with.
 */
public final class UniformSample {
  private UniformSample() {}

  /**
   * n distinct integers from [0, population), ascending, determined by {@code seed} alone. n = 0 gives an empty array;
   * n &lt; 0, population &lt; 0 or n &gt; population is an IllegalArgumentException.
   */
  public static long[] draw(long population, int n, long seed) {
    if (n < 0 || population < 0 || n > population) {
      throw new IllegalArgumentException("cannot draw " + n + " of " + population + " without replacement");
    }
    SplitMix64 random = new SplitMix64(seed);
    // Positions moved by a swap; a position absent from the map still holds its own index.
    Map<Long, Long> moved = new HashMap<>(Math.max(16, 2 * n));
    long[] sample = new long[n];
    for (int i = 0; i < n; i++) {
      long j = i + random.bounded(population - i);
      long atI = moved.getOrDefault((long) i, (long) i);
      long atJ = moved.getOrDefault(j, j);
      sample[i] = atJ;
      moved.put(j, atI);
    }
    Arrays.sort(sample);
    return sample;
  }

  /** SplitMix64: the 64-bit generator of {@code java.util.SplittableRandom}, written out so it never changes. */
  static final class SplitMix64 {
    private long state;

    SplitMix64(long seed) {
      state = seed;
    }

    long next() {
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound) for bound ≥ 1, without modulo bias. */
    long bounded(long bound) {
      // 2⁶⁴ mod bound: words at or above 2⁶⁴ − that are rejected so that every residue is equally likely.
      long excess = Long.remainderUnsigned(-bound, bound);
      while (true) {
        long r = next();
        if (excess == 0 || Long.compareUnsigned(r, -excess) < 0) {
          return Long.remainderUnsigned(r, bound);
        }
      }
    }
  }
}
