package org.causaldensity.answer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.causaldensity.density.KnnDensity;

/**
 * The answer statistic (median density ratio core/shell, its bootstrap interval and verdict) over k ∈ {5, 10, 20, 50}
 * and the run's k, × core cut-off ∈ {p5, p10, p20}, shell p40–p60 throughout, with and without the degenerate tokens.
 * Every k comes from one neighbour pass that kept {@link #keptNeighbours} neighbours per token: the density at k is
 * 1/mean of the first k of them. Each cell computes what {@link DensityComparison#of} computes for the estimate, its
 * interval and its verdict, with the run's bootstrap seed and resamples, so the cell at the run's own settings is the
 * answer itself, number for number; the answer's other statistics (Mann–Whitney, outer region) are left out, as they
 * were half of a cell's cost.
 */
public final class RobustnessGrid {
  /** The k of the grid besides the run's own. */
  static final int[] K_VALUES = {5, 10, 20, 50};
  /** The core cut-offs of the grid (percentiles of the causal norm) besides the run's own. */
  static final int[] CORE_PERCENTILES = {5, 10, 20};

  private RobustnessGrid() {}

  /** Neighbours the scan must keep per token so that every k of the grid is served: max(50, k), at most n − 1. */
  public static int keptNeighbours(int n, int k) {
    return Math.min(n - 1, Math.max(K_VALUES[K_VALUES.length - 1], k));
  }

  /**
   * The grid. Row i has causal norm causalNorms[i], exactDuplicates[i] other tokens at distance 0 (degenerate when
   * ≥ 1) and neighbour distances keptDistances[i] ascending (its kept neighbours; fewer only where invalid distances
   * were skipped, and then every k uses what there is, as tokens/ does). The grid's k values above n − 1 become n − 1.
   * The primary cell has the run's k, {@code settings.corePercentile()} and all tokens; the settings' core
   * percentile must be a whole number. The inputs are those the answer was computed from (already checked there).
   */
  public static Robustness compute(float[][] keptDistances, double[] causalNorms, int[] exactDuplicates, int k,
      ComparisonSettings settings) {
    int n = causalNorms.length;
    if (keptDistances.length != n) {
      throw new IllegalArgumentException(keptDistances.length + " rows of neighbour distances for " + n + " tokens");
    }
    int primaryCore = (int) settings.corePercentile();
    if (primaryCore != settings.corePercentile()) {
      throw new IllegalArgumentException("the core percentile must be whole, got " + settings.corePercentile());
    }
    TreeSet<Integer> ks = new TreeSet<>();
    for (int value : K_VALUES) {
      ks.add(Math.min(value, Math.max(1, n - 1)));
    }
    int primaryK = Math.min(k, Math.max(1, n - 1));
    ks.add(primaryK);
    TreeSet<Integer> cores = new TreeSet<>();
    for (int value : CORE_PERCENTILES) {
      cores.add(value);
    }
    cores.add(primaryCore);

    // The bands depend on the norms only: one percentile pass per core cut-off serves every k.
    Map<Integer, RegionBounds> bands = new HashMap<>();
    for (int core : cores) {
      bands.put(core, RegionBounds.fromPercentiles(causalNorms, settings.withCorePercentile(core)));
    }
    List<RobustnessCell> cells = new ArrayList<>();
    RobustnessCell primary = null;
    for (int cellK : ks) {
      double[] densities = densitiesAt(keptDistances, cellK);
      for (int core : cores) {
        ComparisonSettings cellSettings = settings.withCorePercentile(core);
        RegionBounds bounds = bands.get(core);
        for (boolean excluding : new boolean[] {false, true}) {
          RobustnessCell cell = cell(cellK, core, excluding, causalNorms, densities, exactDuplicates, bounds,
              cellSettings);
          cells.add(cell);
          if (cellK == primaryK && core == primaryCore && !excluding) {
            primary = cell;
          }
        }
      }
    }
    String primaryVerdict = primary.verdict();
    List<RobustnessCell> differing = cells.stream().filter(c -> !c.verdict().equals(primaryVerdict)).toList();
    return new Robustness(DensityComparison.STATISTIC, primary, List.copyOf(ks), List.copyOf(cores),
        List.of(settings.shellLowerPercentile(), settings.shellUpperPercentile()), List.copyOf(cells),
        differing.isEmpty() ? Robustness.ROBUST : Robustness.SENSITIVE, differing);
  }

  /**
   * One cell: the core and shell densities (degenerate tokens left out when {@code excluding}), and the estimate,
   * interval and verdict exactly as {@link DensityComparison#of} computes them (without its other statistics).
   */
  private static RobustnessCell cell(int k, int core, boolean excluding, double[] norms, double[] densities,
      int[] duplicates, RegionBounds bounds, ComparisonSettings settings) {
    double[][] regions = RegionComparison.regionDensities(norms, densities, duplicates, bounds, excluding);
    double[] coreDensities = regions[0];
    double[] shellDensities = regions[1];
    double estimate = RegionSummary.of(coreDensities).medianDensity() / RegionSummary.of(shellDensities)
        .medianDensity();
    BootstrapInterval interval = MedianRatioBootstrap.percentileInterval(coreDensities, shellDensities,
        settings.resamples(), settings.seed());
    return new RobustnessCell(k, core, excluding, estimate, List.of(interval.lower(), interval.upper()),
        DensityComparison.verdict(estimate, interval, settings).label());
  }

  /**
   * 1/mean of each row's first k distances (float64 sum in order, as {@code TokenNeighbours.meanDistance}); +∞ when
   * that mean is 0, NaN for a row without neighbours.
   */
  static double[] densitiesAt(float[][] keptDistances, int k) {
    double[] densities = new double[keptDistances.length];
    for (int i = 0; i < densities.length; i++) {
      float[] row = keptDistances[i];
      int used = Math.min(k, row.length);
      double sum = 0;
      for (int j = 0; j < used; j++) {
        sum += row[j];
      }
      densities[i] = KnnDensity.density(used == 0 ? Double.NaN : sum / used);
    }
    return densities;
  }
}
