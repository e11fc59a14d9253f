package org.causaldensity.selection;

import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;

/**
 * Which path {@code run} takes and how its tokens, geometry and duplicates are chosen, checked against each other
 * before anything is read. With {@code --distances} (the matrix path) the matrix fixes the tokens (its rows are the
 * ids of {@code --token-indices}), the geometry (the M.pt it was computed with) and the duplicates (kept): so
 * {@code --tokens}, {@code --metric estimate|identity} and {@code --duplicates collapse} are refused there. Without
 * it (the matrix-free path) the tokens come from exactly one of {@code --tokens} and {@code --token-indices}.
 *
 * @param matrixFree whether the neighbours are computed from the checkpoint (no {@code --distances})
 * @param tokens the token selection ({@link TokenSelection.Kind#TOKEN_INDICES} on the matrix path)
 * @param metric the geometry
 * @param duplicates the duplicates policy ({@link DuplicatePolicy#KEEP} on the matrix path)
 */
public record AnalysisPath(boolean matrixFree, TokenSelection tokens, MetricChoice metric,
    DuplicatePolicy duplicates) {

  /**
   * Checks the combination of options (each null when not given; {@code duplicates} null means keep) and returns
   * the path; every refusal is a usage error (exit 2) naming the option at fault.
   */
  public static AnalysisPath choose(String distances, String tokenIndices, String tokens, String metric, Double ridge,
      String duplicates, long seed) {
    MetricChoice geometry = MetricChoice.parse(metric, ridge);
    DuplicatePolicy policy = duplicates == null ? DuplicatePolicy.KEEP : DuplicatePolicy.parse(duplicates);
    if (distances != null) {
      if (tokens != null) {
        throw CausalDensityException.usage(TokenSelection.OPTION, "cannot be used with --distances: the matrix fixes "
            + "the tokens (its rows are the ids of --token-indices)");
      }
      if (geometry.kind() != MetricChoice.Kind.FILE) {
        throw CausalDensityException.usage(MetricChoice.OPTION, "'%s' cannot be used with --distances: the matrix "
            + "fixes the geometry (give the M.pt it was computed with)", metric);
      }
      if (policy == DuplicatePolicy.COLLAPSE) {
        throw CausalDensityException.usage(DuplicatePolicy.OPTION, "'collapse' cannot be used with --distances: the "
            + "matrix has one row per token (collapse needs the matrix-free path)");
      }
      if (tokenIndices == null) {
        throw CausalDensityException.usage("--token-indices", "is required with --distances (the id of each row)");
      }
      return new AnalysisPath(false, TokenSelection.tokenIndices(tokenIndices), geometry, policy);
    }
    if (tokens != null && tokenIndices != null) {
      throw CausalDensityException.usage(TokenSelection.OPTION, "cannot be used with --token-indices: give one of "
          + "them");
    }
    if (tokens == null && tokenIndices == null) {
      throw CausalDensityException.usage(TokenSelection.OPTION, "without --distances the tokens must be given: "
          + "--tokens all, --tokens sample:N[:SEED] or --token-indices T.pt");
    }
    TokenSelection selection = tokens != null ? TokenSelection.parse(tokens, seed)
        : TokenSelection.tokenIndices(tokenIndices);
    return new AnalysisPath(true, selection, geometry, policy);
  }

  /** The matrix path with {@code --metric M.pt}: what a run from an {@code AnalysisOptions} alone does. */
  public static AnalysisPath matrix(String tokenIndices, String metric) {
    return new AnalysisPath(false, TokenSelection.tokenIndices(tokenIndices), MetricChoice.parse(metric, null),
        DuplicatePolicy.KEEP);
  }

  /** This path with its file paths fully qualified, as {@code AnalysisOptions#qualified} does for the options. */
  public AnalysisPath qualified(Configuration conf) {
    return new AnalysisPath(matrixFree, tokens.qualified(conf), metric.qualified(conf), duplicates);
  }

  /** The path as {@code options.path} spells it: {@code matrix} or {@code matrix-free}. */
  public String pathName() {
    return matrixFree ? "matrix-free" : "matrix";
  }
}
