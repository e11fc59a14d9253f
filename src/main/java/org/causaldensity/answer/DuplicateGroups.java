package org.causaldensity.answer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Groups of tokens whose embeddings coincide (distance exactly 0), joined transitively: if a = b and b = c they are
 * one group even when a's neighbour list, cut at k, does not name c.
 */
public final class DuplicateGroups {
  /** Token ids listed per group, at most. */
  public static final int LISTED_TOKEN_IDS = 20;

  private DuplicateGroups() {}

  /**
   * One group of identical embeddings.
   *
   * @param size tokens in the group
   * @param causalNorm mean causal norm of its tokens
   * @param tokenIds vocabulary ids of its first {@link #LISTED_TOKEN_IDS} tokens in row order
   */
  public record Group(int size, double causalNorm, long[] tokenIds) {
  }

  /**
   * Groups of two or more rows, largest first (ties: lowest first row first). zeroDistanceNeighbours[i] lists rows at
   * distance 0 from row i (may be empty, may repeat); every index must be a row, and all arrays one row per token.
   */
  public static List<Group> build(int[][] zeroDistanceNeighbours, long[] tokenIds, double[] causalNorms) {
    int n = zeroDistanceNeighbours.length;
    if (tokenIds.length != n || causalNorms.length != n) {
      throw InvalidArgument.of("token table", "%d duplicate lists, %d token ids and %d causal norms, "
          + "expected equal lengths", n, tokenIds.length, causalNorms.length);
    }
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    for (int i = 0; i < n; i++) {
      int[] neighbours = zeroDistanceNeighbours[i];
      if (neighbours == null) {
        throw new IllegalArgumentException("zeroDistanceNeighbours[" + i + "] must not be null");
      }
      for (int j : neighbours) {
        if (j < 0 || j >= n) {
          throw InvalidArgument.of("duplicate lists", "token %d names row %d as a duplicate, expected "
              + "a row in [0, %d)", i, j, n);
        }
        union(parent, i, j);
      }
    }
    // union() keeps the smaller row as root, so a group's root is its first row.
    int[] root = new int[n];
    int[] size = new int[n];
    for (int i = 0; i < n; i++) {
      root[i] = find(parent, i);
      size[root[i]]++;
    }
    double[] sumNorm = new double[n];
    long[][] ids = new long[n][];
    int[] listed = new int[n];
    for (int i = 0; i < n; i++) {
      int r = root[i];
      if (size[r] < 2) {
        continue;
      }
      if (ids[r] == null) {
        ids[r] = new long[Math.min(size[r], LISTED_TOKEN_IDS)];
      }
      sumNorm[r] += causalNorms[i];
      if (listed[r] < ids[r].length) {
        ids[r][listed[r]++] = tokenIds[i];
      }
    }
    List<Group> groups = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      if (root[r] == r && size[r] >= 2) {
        groups.add(new Group(size[r], sumNorm[r] / size[r], ids[r]));
      }
    }
    // Roots were visited in row order, so a stable sort by size keeps lower first rows first among equals.
    groups.sort(Comparator.comparingInt(g -> -g.size()));
    return groups;
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]]; // path halving keeps the trees shallow
      i = parent[i];
    }
    return i;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
}
