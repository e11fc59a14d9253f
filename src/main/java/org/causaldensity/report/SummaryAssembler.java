package org.causaldensity.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.causaldensity.answer.ComparisonSettings;
import org.causaldensity.answer.CoreDensityAnswer;
import org.causaldensity.answer.DimensionEstimate;
import org.causaldensity.answer.DuplicateGroups;
import org.causaldensity.answer.IntrinsicDimension;
import org.causaldensity.answer.LevinaBickel;
import org.causaldensity.answer.RegionBounds;
import org.causaldensity.answer.RegionComparison;
import org.causaldensity.answer.Robustness;
import org.causaldensity.answer.RobustnessGrid;
import org.causaldensity.answer.TwoNn;
import org.causaldensity.nulls.NullModelControls;
import org.causaldensity.nulls.NullModels;
import org.causaldensity.nulls.WhitenedGaussian;
import org.causaldensity.report.summary.AnswerBlock;
import org.causaldensity.report.summary.DuplicateGroupEntry;
import org.causaldensity.report.summary.DuplicatesPolicyBlock;
import org.causaldensity.report.summary.ExtremesBlock;
import org.causaldensity.report.summary.InputsBlock;
import org.causaldensity.report.summary.NotebookBlock;
import org.causaldensity.report.summary.OptionsBlock;
import org.causaldensity.report.summary.ProductBlock;
import org.causaldensity.report.summary.Summary;
import org.causaldensity.stats.NotebookSummary;

/**
 * The one place a {@link Summary} is put together: from the run's per-token values (the driver's
 * {@link TokenColumns}), it computes the notebook block, the product's densities, the answer with its interval and
 * intrinsic dimension, the duplicate groups, each region's extremes, the robustness grid and, when asked, the null
 * models. No Spark, no I/O.
 */
public final class SummaryAssembler {
  /** Tokens listed as the densest and the sparsest of each region. */
  static final int EXTREMES = 5;
  /** Duplicate groups listed, biggest first. */
  static final int GROUPS_LISTED = 20;
  /** The top fraction of TwoNN ratios left out of the linear fit (Facco et al. use 10%). */
  static final double TWONN_DISCARD = 0.1;

  private SummaryAssembler() {}

  /**
   * What the null models need besides the tokens: the tokens' Gaussian in the whitened space, the point sets per model
   * and the threads of the exact kNN passes.
   */
  public record NullModelSetup(WhitenedGaussian gaussian, int seeds, int threads) {}

  /**
   * The summary of a run. {@code bounds} are the regions' norm thresholds (the plots use the same); either
   * participation ratio is NaN when not computed; {@code ambientDimension} is the hidden size; {@code nulls} is null
   * when the run does not compute the null models (the block is then absent); {@code timings}, when not null,
   * receives the wall time of the grid ({@code robustness}) and of the null models ({@code null_models});
   * {@code duplicatesPolicy} is the matrix-free path's block, or null on the matrix path.
   */
  public static Summary assemble(InputsBlock inputs, OptionsBlock options, List<String> warnings,
      TokenColumns tokens, RegionBounds bounds, ComparisonSettings settings, double participationRatio,
      double metricParticipationRatio, int ambientDimension, NullModelSetup nulls, RunTimings timings,
      DuplicatesPolicyBlock duplicatesPolicy) {
    NotebookSummary notebook = NotebookSummary.compute(tokens.tokenIds(), tokens.causalNorms(),
        tokens.notebookDensities(), options.k(), options.dEff(), options.bins());
    CoreDensityAnswer answer = RegionComparison.compare(tokens.causalNorms(), tokens.densities(),
        tokens.exactDuplicates(), bounds, settings).withIntrinsicDimension(
            intrinsicDimension(tokens, options.k(), participationRatio, tokens.size(), ambientDimension,
                metricParticipationRatio));
    List<DuplicateGroupEntry> groups = duplicateGroups(tokens);
    long start = System.nanoTime();
    Robustness robustness = RobustnessGrid.compute(tokens.keptDistances(), tokens.causalNorms(),
        tokens.exactDuplicates(), options.k(), settings);
    record(timings, "robustness", start);
    NullModels nullModels = null;
    if (nulls != null) {
      start = System.nanoTime();
      nullModels = NullModelControls.compute(tokens.causalNorms(), answer.all().estimate(), nulls.gaussian(),
          options.dEff(), options.k(), nulls.seeds(), settings, nulls.threads());
      record(timings, "null_models", start);
    }
    return Summary.of(inputs, options, List.copyOf(warnings), NotebookBlock.of(notebook), product(tokens),
        AnswerBlock.of(answer, options.duplicates()), groups.size(), List.copyOf(groups.subList(0,
            Math.min(GROUPS_LISTED, groups.size()))), extremes(tokens, answer.bounds()), robustness, nullModels)
        .withDuplicatesPolicy(duplicatesPolicy);
  }

  private static void record(RunTimings timings, String stage, long start) {
    if (timings != null) {
      timings.record(stage, start);
    }
  }

  /** The product's own densities (zeros kept: exact duplicates give +Infinity), summarised. */
  static ProductBlock product(TokenColumns tokens) {
    return new ProductBlock(ProductBlock.Described.of(tokens.densities()),
        ProductBlock.Described.of(tokens.logVolumetricDensities()),
        Arrays.stream(tokens.exactDuplicates()).filter(c -> c > 0).count());
  }

  /** Intrinsic dimension from the neighbours already found, with the participation ratio computed elsewhere. */
  static IntrinsicDimension intrinsicDimension(TokenColumns tokens, int k, double participationRatio,
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

  /** Every group of rows at distance exactly 0 from each other, biggest first, with their tokens. */
  static List<DuplicateGroupEntry> duplicateGroups(TokenColumns tokens) {
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
    List<DuplicateGroupEntry> groups = new ArrayList<>();
    for (DuplicateGroups.Group group : DuplicateGroups.build(zeros, tokens.tokenIds(), tokens.causalNorms())) {
      List<String> strings = null;
      if (tokens.tokens() != null) {
        strings = new ArrayList<>();
        for (long id : group.tokenIds()) {
          strings.add(names.get(id));
        }
      }
      groups.add(new DuplicateGroupEntry(group.size(), group.causalNorm(), group.tokenIds(), strings));
    }
    return groups;
  }

  /** Each region's densest and sparsest tokens by the product's density (+Infinity densest). */
  static ExtremesBlock extremes(TokenColumns tokens, RegionBounds bounds) {
    double[] norms = tokens.causalNorms();
    return new ExtremesBlock(extremesOf(tokens, i -> bounds.isCore(norms[i])),
        extremesOf(tokens, i -> bounds.isShell(norms[i])), extremesOf(tokens, i -> bounds.isOuter(norms[i])));
  }

  private static ExtremesBlock.Region extremesOf(TokenColumns tokens, IntPredicate member) {
    int[] rows = IntStream.range(0, tokens.size()).filter(member).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> tokens.densities()[i]).thenComparingInt(i -> i))
        .mapToInt(Integer::intValue).toArray();
    List<ExtremesBlock.Token> sparsest = new ArrayList<>();
    List<ExtremesBlock.Token> densest = new ArrayList<>();
    for (int i = 0; i < Math.min(EXTREMES, rows.length); i++) {
      sparsest.add(token(tokens, rows[i]));
      densest.add(token(tokens, rows[rows.length - 1 - i]));
    }
    return new ExtremesBlock.Region(densest, sparsest);
  }

  private static ExtremesBlock.Token token(TokenColumns tokens, int row) {
    return new ExtremesBlock.Token(row, tokens.tokenIds()[row], tokens.token(row), tokens.causalNorms()[row],
        tokens.densities()[row]);
  }
}
