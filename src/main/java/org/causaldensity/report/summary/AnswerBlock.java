package org.causaldensity.report.summary;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.causaldensity.answer.CoreDensityAnswer;
import org.causaldensity.answer.DensityComparison;
import org.causaldensity.answer.MannWhitney;
import org.causaldensity.answer.RegionBounds;

/**
 * {@code "answer"}: the comparison over all tokens (the first nine keys, those of {@link Comparison}, at the top of
 * the block as the file has always had them), then tokens, degenerate tokens, the thresholds, the comparison without
 * the degenerate tokens, the intrinsic dimension (left out when not computed) and the duplicates policy
 * that produced the answer.
 */
public record AnswerBlock(String statistic, double estimate, double[] ci95, String verdict,
    Comparison.Bootstrap bootstrap, double ratioOfMeans, double meanLog10DensityDifference,
    MannWhitney.Result mannWhitney, Comparison.Regions regions, int tokens, int degenerateTokens,
    RegionBounds normThresholds, Comparison excludingDegenerate,
    @JsonInclude(JsonInclude.Include.NON_NULL) IntrinsicDimensionBlock intrinsicDimension,
    String duplicatesPolicy) {

  /** The block of a computed answer; {@code duplicatesPolicy} ({@code keep} or {@code collapse}) produced it. */
  public static AnswerBlock of(CoreDensityAnswer answer, String duplicatesPolicy) {
    Comparison all = Comparison.of(answer.all());
    return new AnswerBlock(all.statistic(), all.estimate(), all.ci95(), all.verdict(), all.bootstrap(),
        all.ratioOfMeans(), all.meanLog10DensityDifference(), all.mannWhitney(), all.regions(), answer.tokens(),
        answer.degenerateTokens(), answer.bounds(), Comparison.of(answer.excludingDegenerate()),
        answer.intrinsicDimension() == null ? null : IntrinsicDimensionBlock.of(answer.intrinsicDimension()),
        duplicatesPolicy);
  }

  /** The comparison over all tokens, as one value (the same fields as {@link #excludingDegenerate()}). */
  @JsonIgnore
  public Comparison all() {
    return new Comparison(statistic, estimate, ci95, verdict, bootstrap, ratioOfMeans, meanLog10DensityDifference,
        mannWhitney, regions);
  }

}
