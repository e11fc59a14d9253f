package org.causaldensity.inputs;

import java.util.Locale;
import org.causaldensity.io.CausalDensityException;

/**
 * Ranges of the options that size allocations or arithmetic, checked before Spark starts (docs/LIMITS.md).
 */
public final class OptionLimits {
  /** Radial-profile bins: a few arrays of this length and one bar each in a plot. */
  public static final int MAX_BINS = 100_000;
  public static final int MIN_BOOTSTRAP_RESAMPLES = 100;
  /** Bootstrap resamples: one double each, and O(core + shell) work each. */
  public static final int MAX_BOOTSTRAP_RESAMPLES = 1_000_000;
  /**
   * d_eff: log V_d(r) sums terms of size d·|log r| and (d/2)·log(d/2); with r a float32 (|log r| &lt; 104) they stay
   * below ~1.5e7 here, so float64 keeps every log density finite and accurate to ~1e-9, and no real model has an
   * effective dimension near it (Qwen3-4B's hidden size is 2560).
   */
  public static final double MAX_D_EFF = 1e5;
  /** Null-model seeds: each is an all-pairs kNN pass per model; more add nothing a reader could use. */
  public static final int MAX_NULL_SEEDS = 100;
  /** Bytes the driver holds per neighbour of a token (index and distance, collected and as columns). */
  static final long DRIVER_BYTES_PER_NEIGHBOUR = 24;
  /** Share of the driver's heap the neighbours may take. */
  static final double DRIVER_HEAP_SHARE = 0.25;

  private OptionLimits() {}

  /** Refuses a --bins outside 1..{@value #MAX_BINS}. */
  public static void checkBins(int bins) {
    if (bins < 1 || bins > MAX_BINS) {
      throw CausalDensityException.usage("--bins", "must be between 1 and %d, got %d", MAX_BINS, bins);
    }
  }

  /** Refuses a --bootstrap-resamples outside {@value #MIN_BOOTSTRAP_RESAMPLES}..{@value #MAX_BOOTSTRAP_RESAMPLES}. */
  public static void checkBootstrapResamples(int resamples) {
    if (resamples < MIN_BOOTSTRAP_RESAMPLES || resamples > MAX_BOOTSTRAP_RESAMPLES) {
      throw CausalDensityException.usage("--bootstrap-resamples", "must be between %d and %d, got %d",
          MIN_BOOTSTRAP_RESAMPLES, MAX_BOOTSTRAP_RESAMPLES, resamples);
    }
  }

  /** Refuses a --null-seeds outside 1..{@value #MAX_NULL_SEEDS}. */
  public static void checkNullSeeds(int seeds) {
    if (seeds < 1 || seeds > MAX_NULL_SEEDS) {
      throw CausalDensityException.usage("--null-seeds", "must be in 1..%d, got %d", MAX_NULL_SEEDS, seeds);
    }
  }

  /** Refuses a --d-eff that is not a finite number in (0, {@link #MAX_D_EFF}]. */
  public static double checkDEff(String text) {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    if (!(value > 0) || value > MAX_D_EFF) {
      throw CausalDensityException.usage("--d-eff", "must be a number in (0, %s], 'metric-participation-ratio' or "
          + "'sample-participation-ratio', got '%s'",
          String.format(Locale.ROOT, "%.0e", MAX_D_EFF), text);
    }
    return value;
  }

  /**
   * Refuses a --k outside 1..N−1, or whose N·k neighbours would take more than a quarter of {@code driverHeap}
   * bytes on the driver (the bound is given).
   */
  public static void checkK(int k, long n, long driverHeap) {
    if (k < 1 || k > n - 1) {
      throw CausalDensityException.usage("--k", "must be between 1 and N-1 = %d, got %d", n - 1, k);
    }
    long fits = (long) (driverHeap * DRIVER_HEAP_SHARE / DRIVER_BYTES_PER_NEIGHBOUR / n);
    if (k > fits) {
      throw CausalDensityException.usage("--k", "%d neighbours of %d tokens need ~%d MB on the driver, more than a "
          + "quarter of its %d MB heap: use k <= %d or give the driver more memory", k, n,
          n * k * DRIVER_BYTES_PER_NEIGHBOUR >> 20, driverHeap >> 20, fits);
    }
  }
}
