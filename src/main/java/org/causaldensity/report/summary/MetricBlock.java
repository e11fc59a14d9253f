package org.causaldensity.report.summary;

import org.causaldensity.selection.MetricChoice;

/**
 * {@code "options.metric"}: the geometry of the run.
 *
 * @param kind {@code file}, {@code estimate} or {@code identity}
 * @param path the file read, or for an estimate the file written (relative to OUT); null for the identity
 * @param ridge λ of an estimate, else null
 * @param covarianceRows vocabulary rows an estimate was computed from, else null
 */
public record MetricBlock(String kind, String path, Double ridge, Long covarianceRows) {

  /** The block of a metric choice; {@code covarianceRows} is used only for an estimate. */
  public static MetricBlock of(MetricChoice metric, long covarianceRows) {
    return switch (metric.kind()) {
      case FILE -> new MetricBlock("file", metric.path(), null, null);
      case ESTIMATE -> new MetricBlock("estimate", MetricChoice.ESTIMATE_FILE, metric.ridge(), covarianceRows);
      case IDENTITY -> new MetricBlock("identity", null, null, null);
    };
  }
}
