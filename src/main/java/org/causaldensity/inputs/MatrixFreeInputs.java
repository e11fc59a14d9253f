package org.causaldensity.inputs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causaldensity.io.safetensors.Checkpoint;
import org.causaldensity.selection.AnalysisPath;
import org.causaldensity.selection.DuplicatePolicy;
import org.causaldensity.selection.IdenticalRows;
import org.causaldensity.selection.MetricChoice;

/**
 * Everything the matrix-free kNN engine consumes, settled before it starts: the tokens to analyse (one row each, in
 * row order), how many selected rows each stands for, and the metric. Made by {@code spark.MatrixFreeSetup.prepare}
 * from a {@link MatrixFreeRequest}.
 *
 * @param request what was asked (options, path, checkpoint, the selected ids, warnings)
 * @param tokenIds the vocabulary ids of the rows to analyse: the selection, or with {@code --duplicates collapse}
 *     one representative (lowest id) per group of bit-identical rows, in the selection's row order
 * @param multiplicities for each analysed row, the selected rows it stands for (all 1 under {@code keep})
 * @param collapse the grouping of the selection under {@code collapse}, else null
 * @param metric M, row-major d×d float32 (from the file or estimated), or null for {@code --metric identity}
 * @param covarianceRows vocabulary rows an estimated M was computed from, else 0
 */
public record MatrixFreeInputs(MatrixFreeRequest request, long[] tokenIds, int[] multiplicities,
    IdenticalRows.Collapse collapse, float[] metric, long covarianceRows) {

  /** Groups listed in summary.json's {@code duplicates_policy.groups}, at most (largest first). */
  public static final int LISTED_GROUPS = 20;
  /** Token ids listed per group, at most. */
  public static final int LISTED_TOKEN_IDS = 20;

  public AnalysisPath path() {
    return request.path();
  }

  public Checkpoint checkpoint() {
    return request.checkpoint();
  }

  /** Whether the geometry is plain Euclidean (M = I): {@link #metric()} is then null. */
  public boolean identityMetric() {
    return request.path().metric().kind() == MetricChoice.Kind.IDENTITY;
  }

  /** M as a d×d array, the identity written out for {@code --metric identity} (for code that needs an array). */
  public float[] metricOrIdentity() {
    if (metric != null) {
      return metric;
    }
    int d = checkpoint().hiddenSize();
    float[] identity = new float[d * d];
    for (int i = 0; i < d; i++) {
      identity[i * d + i] = 1f;
    }
    return identity;
  }

  /** The keys this path adds to summary.json's {@code options} ({@link AnalysisPath#toSummary}). */
  public Map<String, Object> optionsSummary() {
    return request.path().toSummary(request.selectedIds().length, covarianceRows);
  }

  /**
   * summary.json's {@code duplicates_policy} block: {@code policy} ({@code keep}/{@code collapse}),
   * {@code n_selected} (rows selected), {@code n_analysed} (rows analysed), {@code n_collapsed_groups} (groups of two
   * or more identical rows folded into one), {@code rows_removed}, and {@code groups} (at most {@value #LISTED_GROUPS},
   * largest first, ties by lower representative id): {@code {representative_id, multiplicity, token_ids}} with at
   * most {@value #LISTED_TOKEN_IDS} ids in row order. Under {@code keep} the counts are equal and no group is listed.
   */
  public Map<String, Object> duplicatesSummary() {
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("policy", request.path().duplicates().spelling());
    block.put("n_selected", (long) request.selectedIds().length);
    block.put("n_analysed", (long) tokenIds.length);
    block.put("n_collapsed_groups", collapse == null ? 0L : (long) collapse.collapsedGroups());
    block.put("rows_removed", collapse == null ? 0L : (long) collapse.rowsRemoved());
    block.put("groups", collapse == null ? List.of() : listedGroups());
    return block;
  }

  private List<Map<String, Object>> listedGroups() {
    long[] selected = request.selectedIds();
    int[] groupOf = collapse.groupOf();
    List<Integer> groups = new ArrayList<>();
    for (int g = 0; g < multiplicities.length; g++) {
      if (multiplicities[g] > 1) {
        groups.add(g);
      }
    }
    groups.sort(Comparator.<Integer>comparingInt(g -> -multiplicities[g]).thenComparingLong(g -> tokenIds[g]));
    List<Map<String, Object>> listed = new ArrayList<>();
    for (int g : groups.subList(0, Math.min(LISTED_GROUPS, groups.size()))) {
      long[] members = new long[Math.min(LISTED_TOKEN_IDS, multiplicities[g])];
      int found = 0;
      for (int row = 0; row < groupOf.length && found < members.length; row++) {
        if (groupOf[row] == g) {
          members[found++] = selected[row];
        }
      }
      Map<String, Object> group = new LinkedHashMap<>();
      group.put("representative_id", tokenIds[g]);
      group.put("multiplicity", (long) multiplicities[g]);
      group.put("token_ids", Arrays.stream(members).boxed().toList());
      listed.add(group);
    }
    return listed;
  }

  /** The policy that produced the answer, as the {@code answer} block names it. */
  public DuplicatePolicy duplicates() {
    return request.path().duplicates();
  }
}
