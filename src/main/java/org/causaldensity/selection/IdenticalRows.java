package org.causaldensity.selection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Groups of bit-identical γ rows, for {@code --duplicates collapse}. Rows are compared as the kNN engine sees them:
 * their float32 values (BF16, F16 and F32 widen exactly, so this is the stored bytes), except that −0 equals +0 and
 * every NaN equals every NaN, because those give distance 0 all the same. A 128-bit fingerprint per row finds the
 * candidates in one pass; every candidate group is then confirmed value by value, so a fingerprint collision can never
 * merge two different rows.
 */
public final class IdenticalRows {
  /** Rows read at once while confirming a candidate group. */
  static final int CONFIRM_ROWS = 1024;
  private static final long MIX_A = 0x9E3779B97F4A7C15L;
  private static final long MIX_B = 0xC2B2AE3D27D4EB4FL;

  private IdenticalRows() {}

  /** Reads rows of the selection by row index (any order) into {@code dst}, row-major. */
  @FunctionalInterface
  public interface RowReader {
    void read(int[] rows, float[] dst);
  }

  /**
   * The result of collapsing: representatives in the order of their rows in the selection.
   *
   * @param representativeRows each representative's row in the selection (ascending)
   * @param representativeIds their vocabulary ids: the lowest id of each group
   * @param multiplicities rows of the selection identical to each representative (itself included), ≥ 1
   * @param groupOf for each selected row, the index of its representative in these arrays
   */
  public record Collapse(int[] representativeRows, long[] representativeIds, int[] multiplicities, int[] groupOf) {
    /** Groups of two or more rows. */
    public int collapsedGroups() {
      return (int) Arrays.stream(multiplicities).filter(m -> m > 1).count();
    }

    /** Selected rows that are not representatives. */
    public int rowsRemoved() {
      return groupOf.length - representativeRows.length;
    }
  }

  /**
   * Writes two 64-bit fingerprints of each of the first n rows of {@code rows} (row-major, d values a row) to
   * {@code out[2·(first + r)]} and {@code out[2·(first + r) + 1]}. Rows equal in the sense above get equal fingerprints.
   */
  public static void fingerprints(float[] rows, int n, int d, long[] out, int first) {
    if (n < 0 || d < 0 || rows.length < (long) n * d || out.length < 2L * (first + n) || first < 0) {
      throw new IllegalArgumentException("cannot fingerprint " + n + " rows of " + d + " from " + rows.length
          + " values into " + out.length + " at " + first);
    }
    for (int r = 0; r < n; r++) {
      long a = 0;
      long b = d;
      int base = r * d;
      for (int c = 0; c < d; c++) {
        long bits = canonicalBits(rows[base + c]);
        a = (a ^ bits) * MIX_A;
        b = (b + bits) * MIX_B;
        b ^= b >>> 29;
      }
      out[2 * (first + r)] = finish(a);
      out[2 * (first + r) + 1] = finish(b);
    }
  }

  /** Collapses rows given as one array (row-major, ids.length rows of d values). */
  public static Collapse collapse(long[] ids, float[] rows, int d) {
    long[] prints = new long[2 * ids.length];
    fingerprints(rows, ids.length, d, prints, 0);
    return collapse(ids, prints, d, (wanted, dst) -> {
      for (int i = 0; i < wanted.length; i++) {
        System.arraycopy(rows, wanted[i] * d, dst, i * d, d);
      }
    });
  }

  /**
   * Collapses the selection {@code ids} (one per row) given the rows' {@link #fingerprints}: rows with equal
   * fingerprints are read back through {@code reader} (at most {@value #CONFIRM_ROWS} at a time) and grouped only when
   * equal value by value. Each group's representative is its lowest vocabulary id (the lowest row among equal ids).
   */
  public static Collapse collapse(long[] ids, long[] fingerprints, int d, RowReader reader) {
    int n = ids.length;
    if (fingerprints.length != 2L * n) {
      throw new IllegalArgumentException(fingerprints.length + " fingerprints for " + n + " rows, expected 2 a row");
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> {
      int c = Long.compare(fingerprints[2 * x], fingerprints[2 * y]);
      c = c != 0 ? c : Long.compare(fingerprints[2 * x + 1], fingerprints[2 * y + 1]);
      return c != 0 ? c : Integer.compare(x, y);
    });
    int[] leader = new int[n];
    for (int i = 0; i < n; i++) {
      leader[i] = i;
    }
    for (int start = 0; start < n; ) {
      int end = start + 1;
      while (end < n && fingerprints[2 * order[end]] == fingerprints[2 * order[start]]
          && fingerprints[2 * order[end] + 1] == fingerprints[2 * order[start] + 1]) {
        end++;
      }
      if (end - start > 1) {
        confirm(Arrays.copyOfRange(order, start, end), d, ids, reader, leader);
      }
      start = end;
    }
    return build(ids, leader);
  }

  /**
   * Splits one candidate run (rows with equal fingerprints, ascending) into groups of truly equal rows, setting each
   * row's leader to the group's lowest-id row.
   */
  private static void confirm(Integer[] run, int d, long[] ids, RowReader reader, int[] leader) {
    List<float[]> distinct = new ArrayList<>();
    List<List<Integer>> members = new ArrayList<>();
    float[] buffer = new float[Math.min(run.length, CONFIRM_ROWS) * d];
    for (int from = 0; from < run.length; from += CONFIRM_ROWS) {
      int count = Math.min(CONFIRM_ROWS, run.length - from);
      int[] rows = new int[count];
      for (int i = 0; i < count; i++) {
        rows[i] = run[from + i];
      }
      reader.read(rows, buffer);
      for (int i = 0; i < count; i++) {
        int g = 0;
        while (g < distinct.size() && !sameRow(distinct.get(g), buffer, i * d, d)) {
          g++;
        }
        if (g == distinct.size()) {
          distinct.add(Arrays.copyOfRange(buffer, i * d, (i + 1) * d));
          members.add(new ArrayList<>());
        }
        members.get(g).add(rows[i]);
      }
    }
    for (List<Integer> group : members) {
      int best = group.get(0);
      for (int row : group) {
        if (ids[row] < ids[best] || (ids[row] == ids[best] && row < best)) {
          best = row;
        }
      }
      for (int row : group) {
        leader[row] = best;
      }
    }
  }

  private static Collapse build(long[] ids, int[] leader) {
    int n = ids.length;
    int[] index = new int[n];
    Arrays.fill(index, -1);
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (leader[i] == i) {
        index[i] = count++;
      }
    }
    int[] rows = new int[count];
    long[] repIds = new long[count];
    int[] multiplicity = new int[count];
    int[] groupOf = new int[n];
    for (int i = 0; i < n; i++) {
      if (leader[i] == i) {
        rows[index[i]] = i;
        repIds[index[i]] = ids[i];
      }
      groupOf[i] = index[leader[i]];
      multiplicity[groupOf[i]]++;
    }
    return new Collapse(rows, repIds, multiplicity, groupOf);
  }

  private static boolean sameRow(float[] row, float[] buffer, int offset, int d) {
    for (int c = 0; c < d; c++) {
      if (canonicalBits(row[c]) != canonicalBits(buffer[offset + c])) {
        return false;
      }
    }
    return true;
  }

  /** The float's bits with −0 as +0 and one NaN. */
  static long canonicalBits(float v) {
    int bits = Float.floatToIntBits(v);
    return bits == 0x80000000 ? 0 : bits & 0xFFFFFFFFL;
  }

  /** The SplitMix64 finaliser: every input bit reaches every output bit. */
  private static long finish(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
