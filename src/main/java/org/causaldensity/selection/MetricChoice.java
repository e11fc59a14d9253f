package org.causaldensity.selection;

import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HadoopFiles;

/**
 * The geometry of a run ({@code --metric}): a torch.save file holding M, {@code estimate} (M = (Cov(γ) + λI)⁻¹ over
 * every vocabulary row, computed by the run and written to {@code OUT/causal_metric_tensor.pt}), or {@code identity}
 * (plain Euclidean distances between the γ rows; a control). Norms are uncentred √(γᵀMγ) in every case.
 *
 * @param kind which of the three
 * @param path the .pt file of {@link Kind#FILE}, else null
 * @param ridge λ added to the covariance's diagonal (absolute) for {@link Kind#ESTIMATE}, else NaN
 */
public record MetricChoice(Kind kind, String path, double ridge) {

  public static final String OPTION = "--metric";
  public static final String RIDGE_OPTION = "--metric-ridge";
  /** Park et al.'s λ, as the notebook's authors added it to the covariance's diagonal. */
  public static final double DEFAULT_RIDGE = 1e-6;
  /** Name of the estimated metric in OUT, in torch.save format with key {@code M}. */
  public static final String ESTIMATE_FILE = "causal_metric_tensor.pt";

  /** Where M comes from. */
  public enum Kind {
    /** A torch.save dict given by path. */
    FILE,
    /** Estimated from the checkpoint's unembedding by the run. */
    ESTIMATE,
    /** The identity: Euclidean geometry of γ. */
    IDENTITY
  }

  /**
   * Parses {@code --metric} and {@code --metric-ridge} (null when not given): {@code estimate} and {@code identity}
   * are keywords, anything else a path. A ridge with anything but {@code estimate}, or a ridge that is negative or not
   * finite, is a usage error.
   */
  public static MetricChoice parse(String metric, Double ridge) {
    Kind kind = !isKeyword(metric) ? Kind.FILE : "estimate".equals(metric) ? Kind.ESTIMATE : Kind.IDENTITY;
    if (ridge != null && kind != Kind.ESTIMATE) {
      throw CausalDensityException.usage(RIDGE_OPTION, "applies only to --metric estimate, got --metric %s", metric);
    }
    double lambda = kind == Kind.ESTIMATE ? (ridge == null ? DEFAULT_RIDGE : ridge) : Double.NaN;
    if (kind == Kind.ESTIMATE && !(lambda >= 0 && Double.isFinite(lambda))) {
      throw CausalDensityException.usage(RIDGE_OPTION, "must be a finite number >= 0, got %s", ridge);
    }
    return new MetricChoice(kind, kind == Kind.FILE ? metric : null, lambda);
  }

  /** Whether {@code --metric}'s value is a keyword ({@code estimate}, {@code identity}) rather than a path. */
  public static boolean isKeyword(String metric) {
    return "estimate".equals(metric) || "identity".equals(metric);
  }

  /** This choice with a file's path fully qualified ({@link HadoopFiles#qualify}). */
  public MetricChoice qualified(Configuration conf) {
    return kind == Kind.FILE ? new MetricChoice(kind, HadoopFiles.qualify(path, conf), ridge) : this;
  }
}
