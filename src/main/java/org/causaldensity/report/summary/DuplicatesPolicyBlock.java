package org.causaldensity.report.summary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.causaldensity.inputs.MatrixFreeInputs;

/**
 * {@code "duplicates_policy"} (matrix-free path only): what {@code --duplicates} did. Under {@code keep} the counts
 * are equal and no group is listed.
 *
 * @param policy {@code keep} or {@code collapse}
 * @param nSelected rows selected
 * @param nAnalysed rows analysed (one per group under {@code collapse})
 * @param nCollapsedGroups groups of two or more bit-identical rows folded into one
 * @param rowsRemoved {@code nSelected − nAnalysed}
 * @param groups at most {@link #LISTED_GROUPS}, largest first, ties by lower representative id
 */
public record DuplicatesPolicyBlock(String policy, long nSelected, long nAnalysed, long nCollapsedGroups,
    long rowsRemoved, List<Group> groups) {

  /** Groups listed, at most. */
  public static final int LISTED_GROUPS = 20;
  /** Token ids listed per group, at most. */
  public static final int LISTED_TOKEN_IDS = 20;

  /**
   * One collapsed group.
   *
   * @param representativeId the group's lowest vocabulary id, the row analysed
   * @param multiplicity the group's size in the selection
   * @param tokenIds its first {@link #LISTED_TOKEN_IDS} ids in row order
   */
  public record Group(long representativeId, long multiplicity, long[] tokenIds) {}

  /** The block of the matrix-free path's settled inputs. */
  public static DuplicatesPolicyBlock of(MatrixFreeInputs inputs) {
    long selected = inputs.request().selectedIds().length;
    if (inputs.collapse() == null) {
      return new DuplicatesPolicyBlock(inputs.duplicates().spelling(), selected, inputs.tokenIds().length, 0, 0,
          List.of());
    }
    return new DuplicatesPolicyBlock(inputs.duplicates().spelling(), selected, inputs.tokenIds().length,
        inputs.collapse().collapsedGroups(), inputs.collapse().rowsRemoved(), listedGroups(inputs));
  }

  private static List<Group> listedGroups(MatrixFreeInputs inputs) {
    long[] selected = inputs.request().selectedIds();
    int[] groupOf = inputs.collapse().groupOf();
    int[] multiplicities = inputs.multiplicities();
    long[] tokenIds = inputs.tokenIds();
    List<Integer> groups = new ArrayList<>();
    for (int g = 0; g < multiplicities.length; g++) {
      if (multiplicities[g] > 1) {
        groups.add(g);
      }
    }
    groups.sort(Comparator.<Integer>comparingInt(g -> -multiplicities[g]).thenComparingLong(g -> tokenIds[g]));
    List<Group> listed = new ArrayList<>();
    for (int g : groups.subList(0, Math.min(LISTED_GROUPS, groups.size()))) {
      long[] members = new long[Math.min(LISTED_TOKEN_IDS, multiplicities[g])];
      int found = 0;
      for (int row = 0; row < groupOf.length && found < members.length; row++) {
        if (groupOf[row] == g) {
          members[found++] = selected[row];
        }
      }
      listed.add(new Group(tokenIds[g], multiplicities[g], members));
    }
    return List.copyOf(listed);
  }
}
