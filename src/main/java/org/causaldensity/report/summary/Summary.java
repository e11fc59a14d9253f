package org.causaldensity.report.summary;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.causaldensity.answer.Robustness;
import org.causaldensity.nulls.NullModels;

/**
 * summary.json as a type: one component per top-level key, in the file's order. Jackson writes every component under
 * its snake_case name ({@link SummaryJson}); the report renders from this record, never from the JSON text.
 *
 * <p>Optional blocks (a run that has none leaves the key out of the file) are nullable components at the end, each
 * annotated {@code @JsonInclude(NON_NULL)}. Adding one: a record for the block, a component here (then
 * {@link #SCHEMA_VERSION} + 1 and a line in data-schema/summary.md), its value in
 * {@code report.SummaryAssembler}, its section in {@code report.HtmlReport}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} of the writer
 * @param nDuplicateGroups all groups found; {@code duplicateGroups} lists the biggest
 * @param robustness the answer statistic over k × core cut-off, with and without degenerate tokens (schema 2)
 * @param nullModels the statistic on the three null models and the excess over the same-norms null; absent when the
 *     run did not compute them (schema 2)
 * @param provenance what produced the run ({@code provenance.Provenance#toMap}): build, versions, cluster, input
 *     files with fingerprints, options, command line; a tree rather than a record because it describes the run, not
 *     the result, and result comparisons leave it out (schema 3)
 * @param duplicatesPolicy what {@code --duplicates} did (matrix-free path only; schema 4)
 */
public record Summary(int schemaVersion, InputsBlock inputs, OptionsBlock options, List<String> warnings,
    NotebookBlock notebook, ProductBlock product, AnswerBlock answer, long nDuplicateGroups,
    List<DuplicateGroupEntry> duplicateGroups, ExtremesBlock extremes,
    @JsonInclude(JsonInclude.Include.NON_NULL) Robustness robustness,
    @JsonInclude(JsonInclude.Include.NON_NULL) NullModels nullModels,
    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> provenance,
    @JsonInclude(JsonInclude.Include.NON_NULL) DuplicatesPolicyBlock duplicatesPolicy) {

  /**
   * Raised when a key is renamed, removed, or changes meaning or type; adding an optional block or a key raises it
   * too, so a reader can tell what to expect (data-schema/summary.md keeps the history).
   */
  public static final int SCHEMA_VERSION = 4;

  /** A summary of the current schema version. */
  public static Summary of(InputsBlock inputs, OptionsBlock options, List<String> warnings, NotebookBlock notebook,
      ProductBlock product, AnswerBlock answer, long nDuplicateGroups, List<DuplicateGroupEntry> duplicateGroups,
      ExtremesBlock extremes, Robustness robustness, NullModels nullModels) {
    return new Summary(SCHEMA_VERSION, inputs, options, warnings, notebook, product, answer, nDuplicateGroups,
        duplicateGroups, extremes, robustness, nullModels, null, null);
  }

  /** This summary with the run's provenance block. */
  public Summary withProvenance(Map<String, Object> block) {
    return new Summary(schemaVersion, inputs, options, warnings, notebook, product, answer, nDuplicateGroups,
        duplicateGroups, extremes, robustness, nullModels, block, duplicatesPolicy);
  }

  /** This summary with the matrix-free path's duplicates block (null for none). */
  public Summary withDuplicatesPolicy(DuplicatesPolicyBlock block) {
    return new Summary(schemaVersion, inputs, options, warnings, notebook, product, answer, nDuplicateGroups,
        duplicateGroups, extremes, robustness, nullModels, provenance, block);
  }

  /** An empty summary: every block absent (the report must still render one). */
  public static Summary empty() {
    return new Summary(SCHEMA_VERSION, null, null, List.of(), null, null, null, 0, List.of(), null, null,
        null, null, null);
  }
}
