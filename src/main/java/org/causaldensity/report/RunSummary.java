package org.causaldensity.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.causaldensity.answer.ComparisonSettings;
import org.causaldensity.answer.CoreDensityAnswer;
import org.causaldensity.answer.DimensionEstimate;
import org.causaldensity.answer.DuplicateGroups;
import org.causaldensity.answer.IntrinsicDimension;
import org.causaldensity.answer.LevinaBickel;
import org.causaldensity.answer.RegionBounds;
import org.causaldensity.answer.RegionComparison;
import org.causaldensity.answer.TwoNn;
import org.causaldensity.stats.NumpyStats;

/**
 * The blocks of {@code summary.json} that are computed from the per-token values on the driver: the product's
 * densities, the answer with its interval and intrinsic dimension, duplicate groups and each region's extremes.
 */
public final class RunSummary {
  /** Tokens listed as the densest and the sparsest of each region. */
  static final int EXTREMES = 5;
  /** Duplicate groups listed, biggest first. */
  static final int GROUPS_LISTED = 20;
  /** The top fraction of TwoNN ratios left out of the linear fit (Facco et al. use 10%). */
  static final double TWONN_DISCARD = 0.1;

  private RunSummary() {}

  /** The product's own densities (zeros kept: exact duplicates give +Infinity), summarised. */
  public static Map<String, Object> productBlock(TokenColumns tokens) {
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("density", describe(tokens.densities()));
    block.put("log_volumetric_density", describe(tokens.logVolumetricDensities()));
    block.put("tokens_with_exact_duplicates", Arrays.stream(tokens.exactDuplicates()).filter(c -> c > 0).count());
    return block;
  }

  /** n_finite, n_infinite and min, max, median of the finite values. */
  static Map<String, Object> describe(double[] values) {
    double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("n_finite", finite.length);
    block.put("n_infinite", Arrays.stream(values).filter(v -> v == Double.POSITIVE_INFINITY).count());
    if (finite.length > 0) {
      block.put("min_finite", NumpyStats.min(finite));
      block.put("max_finite", NumpyStats.max(finite));
      block.put("median_finite", NumpyStats.median(finite));
    }
    return block;
  }

  /** Intrinsic dimension from the neighbours already found, with the participation ratio computed elsewhere. */
  public static IntrinsicDimension intrinsicDimension(TokenColumns tokens, int k, double participationRatio,
      long participationSamples, int ambientDimension, double metricParticipationRatio) {
    double[][] knn = new double[tokens.size()][];
    for (int i = 0; i < knn.length; i++) {
      float[] d = tokens.neighbourDistances()[i];
      knn[i] = new double[d.length];
      for (int j = 0; j < d.length; j++) {
        knn[i][j] = d[j];
      }
    }
    DimensionEstimate twoNn = TwoNn.maximumLikelihood(knn);
    DimensionEstimate linear = TwoNn.linearFit(knn, TWONN_DISCARD);
    DimensionEstimate levinaBickel = k >= 2 ? LevinaBickel.estimate(knn, k)
        : new DimensionEstimate("levina_bickel_mle_mackay_ghahramani", Double.NaN, 0, knn.length);
    return new IntrinsicDimension(twoNn, linear, levinaBickel, participationRatio, participationSamples,
        ambientDimension, metricParticipationRatio);
  }

  /** The core/shell comparison of the product's densities, with its bootstrap interval. */
  public static CoreDensityAnswer answer(TokenColumns tokens, ComparisonSettings settings) {
    return RegionComparison.compare(tokens.causalNorms(), tokens.densities(), tokens.exactDuplicates(), settings);
  }

  /** Groups of rows at distance exactly 0 from each other, biggest first, with their tokens. */
  public static List<Map<String, Object>> duplicateGroups(TokenColumns tokens) {
    int n = tokens.size();
    int[][] zeros = new int[n][];
    for (int i = 0; i < n; i++) {
      int[] rows = tokens.neighbourRows()[i];
      float[] d = tokens.neighbourDistances()[i];
      zeros[i] = IntStream.range(0, rows.length).filter(j -> d[j] == 0f).map(j -> rows[j]).toArray();
    }
    Map<Long, String> names = new HashMap<>();
    for (int i = 0; i < n; i++) {
      names.put(tokens.tokenIds()[i], tokens.token(i));
    }
    List<Map<String, Object>> groups = new ArrayList<>();
    for (DuplicateGroups.Group group : DuplicateGroups.build(zeros, tokens.tokenIds(), tokens.causalNorms())) {
      Map<String, Object> map = new LinkedHashMap<>(group.toMap());
      if (tokens.tokens() != null) {
        List<String> strings = new ArrayList<>();
        for (long id : group.tokenIds()) {
          strings.add(names.get(id));
        }
        map.put("tokens", strings);
      }
      groups.add(map);
    }
    return groups;
  }

  /** Each region's densest and sparsest tokens by the product's density (+Infinity densest). */
  public static Map<String, Object> extremes(TokenColumns tokens, RegionBounds bounds) {
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("core", extremesOf(tokens, i -> bounds.isCore(tokens.causalNorms()[i])));
    block.put("shell", extremesOf(tokens, i -> bounds.isShell(tokens.causalNorms()[i])));
    block.put("outer", extremesOf(tokens, i -> bounds.isOuter(tokens.causalNorms()[i])));
    return block;
  }

  private static Map<String, Object> extremesOf(TokenColumns tokens, java.util.function.IntPredicate member) {
    int[] rows = IntStream.range(0, tokens.size()).filter(member).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> tokens.densities()[i]).thenComparingInt(i -> i))
        .mapToInt(Integer::intValue).toArray();
    List<Map<String, Object>> sparsest = new ArrayList<>();
    List<Map<String, Object>> densest = new ArrayList<>();
    for (int i = 0; i < Math.min(EXTREMES, rows.length); i++) {
      sparsest.add(tokenEntry(tokens, rows[i]));
      densest.add(tokenEntry(tokens, rows[rows.length - 1 - i]));
    }
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("densest", densest);
    block.put("sparsest", sparsest);
    return block;
  }

  private static Map<String, Object> tokenEntry(TokenColumns tokens, int row) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("row", row);
    entry.put("token_id", tokens.tokenIds()[row]);
    entry.put("token", tokens.token(row));
    entry.put("causal_norm", tokens.causalNorms()[row]);
    entry.put("density", tokens.densities()[row]);
    return entry;
  }

  /** The listed groups (at most {@link #GROUPS_LISTED}). */
  public static List<Map<String, Object>> listed(List<Map<String, Object>> groups) {
    return groups.subList(0, Math.min(GROUPS_LISTED, groups.size()));
  }
}
