package org.causaldensity.selection;

import org.causaldensity.report.summary.MetricBlock;
import org.causaldensity.report.summary.TokenSelectionBlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import org.junit.jupiter.api.Test;

/** Which combinations of the path's options are accepted, and what the refusals say. */
class AnalysisPathTest {
  static final long SEED = 1;

  private static CausalDensityException refused(String distances, String tokenIndices, String tokens, String metric,
      Double ridge, String duplicates) {
    CausalDensityException e = assertThrows(CausalDensityException.class,
        () -> AnalysisPath.choose(distances, tokenIndices, tokens, metric, ridge, duplicates, SEED));
    assertEquals(Failure.USAGE, e.failure());
    assertFalse(e.getMessage().contains("\n"));
    return e;
  }

  @Test
  void matrixPathAsToday() {
    AnalysisPath path = AnalysisPath.choose("d.npy", "t.pt", null, "m.pt", null, null, SEED);
    assertFalse(path.matrixFree());
    assertEquals(DuplicatePolicy.KEEP, path.duplicates());
    assertEquals(MetricChoice.Kind.FILE, path.metric().kind());
    assertEquals("m.pt", path.metric().path());
    assertEquals(AnalysisPath.choose("d.npy", "t.pt", null, "m.pt", null, "keep", SEED), path);
  }

  @Test
  void distancesRefuseWhatTheMatrixFixes() {
    assertEquals("--tokens", refused("d.npy", "t.pt", "all", "m.pt", null, null).subject());
    assertEquals("--tokens", refused("d.npy", null, "sample:10", "m.pt", null, null).subject());
    assertEquals("--metric", refused("d.npy", "t.pt", null, "estimate", null, null).subject());
    assertEquals("--metric", refused("d.npy", "t.pt", null, "identity", null, null).subject());
    assertEquals("--duplicates", refused("d.npy", "t.pt", null, "m.pt", null, "collapse").subject());
    assertEquals("--metric-ridge", refused("d.npy", "t.pt", null, "m.pt", 1e-3, null).subject());
    assertEquals("--token-indices", refused("d.npy", null, null, "m.pt", null, null).subject());
  }

  @Test
  void matrixFreeNeedsExactlyOneTokenSource() {
    assertEquals("--tokens", refused(null, null, null, "estimate", null, null).subject());
    assertEquals("--tokens", refused(null, "t.pt", "all", "estimate", null, null).subject());
    AnalysisPath all = AnalysisPath.choose(null, null, "all", "estimate", null, "collapse", SEED);
    assertTrue(all.matrixFree());
    assertEquals(TokenSelection.Kind.ALL, all.tokens().kind());
    assertEquals(MetricChoice.DEFAULT_RIDGE, all.metric().ridge());
    assertEquals(DuplicatePolicy.COLLAPSE, all.duplicates());
    AnalysisPath file = AnalysisPath.choose(null, "t.pt", null, "identity", null, null, SEED);
    assertEquals(TokenSelection.Kind.TOKEN_INDICES, file.tokens().kind());
    assertEquals(MetricChoice.Kind.IDENTITY, file.metric().kind());
  }

  @Test
  void ridgeOnlyWithEstimateAndNeverNegative() {
    assertEquals(0.5, AnalysisPath.choose(null, null, "all", "estimate", 0.5, null, SEED).metric().ridge());
    assertEquals(0.0, AnalysisPath.choose(null, null, "all", "estimate", 0.0, null, SEED).metric().ridge());
    assertEquals("--metric-ridge", refused(null, null, "all", "estimate", -1e-6, null).subject());
    assertEquals("--metric-ridge", refused(null, null, "all", "estimate", Double.NaN, null).subject());
    assertEquals("--metric-ridge", refused(null, null, "all", "estimate", Double.POSITIVE_INFINITY, null).subject());
    assertEquals("--metric-ridge", refused(null, null, "all", "identity", 1e-6, null).subject());
    assertEquals("--metric-ridge", refused(null, null, "all", "m.pt", 1e-6, null).subject());
  }

  @Test
  void duplicatesSpellings() {
    assertEquals("--duplicates", refused(null, null, "all", "m.pt", null, "drop").subject());
    assertEquals("--duplicates", refused(null, null, "all", "m.pt", null, "Collapse").subject());
  }

  @Test
  void summaryKeys() {
    AnalysisPath matrix = AnalysisPath.matrix("t.pt", "m.pt");
    assertEquals("matrix", matrix.pathName());
    assertEquals("keep", matrix.duplicates().spelling());
    MetricBlock metric = MetricBlock.of(matrix.metric(), 0);
    assertEquals("file", metric.kind());
    assertEquals("m.pt", metric.path());
    assertNull(metric.ridge());
    assertNull(metric.covarianceRows());
    AnalysisPath free = AnalysisPath.choose(null, null, "sample:50:3", "estimate", 2e-6, "collapse", SEED);
    assertEquals("matrix-free", free.pathName());
    assertEquals("collapse", free.duplicates().spelling());
    MetricBlock estimate = MetricBlock.of(free.metric(), 600);
    assertEquals("estimate", estimate.kind());
    assertEquals(MetricChoice.ESTIMATE_FILE, estimate.path());
    assertEquals(2e-6, estimate.ridge());
    assertEquals(600L, estimate.covarianceRows());
    TokenSelectionBlock tokens = TokenSelectionBlock.of(free.tokens(), 50);
    assertEquals("sample:50:3", tokens.spelling());
    assertEquals(3L, tokens.seed());
  }
}
