package org.causaldensity.knn.exact;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Consecutive whitened rows [first, first + count) in float64 (the exact rows the distances are recomputed from) and
 * the float32 rounding of their translation by a centre, fᵢ = fl32(xᵢ − c) (the fast pass's input: distances do not
 * change, and the error of the fast pass scales with ‖fᵢ‖), with those rows' norms. Read-only once built.
 */
public final class WhitenedBlock {
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  final int first;
  final int count;
  final int dim;
  final double[] exact;
  final float[] fast;
  /** ‖fᵢ‖² of the float32 rows, rounded to float32. */
  final float[] fastSquares;
  /** ‖fᵢ‖ of the float32 rows, in float64. */
  final double[] fastNorms;
  /** The same norms rounded up to float32 (so the bound computed with them stays a lower bound). */
  final float[] fastNormsUp;
  final double maxFastNorm;
  /** The translation of the fast rows (null: none). */
  final double[] centre;

  /**
   * Rows {@code exact[0 .. count·dim)} (kept, not copied) as global rows first..first+count-1, centred on
   * {@code centre} (length dim, or null for none) for the fast pass. A non-finite value, or one whose float32
   * rounding overflows, is an IllegalArgumentException naming the row.
   */
  public WhitenedBlock(int first, int count, int dim, double[] exact, double[] centre) {
    if (first < 0 || count < 0 || dim < 1 || exact.length < (long) count * dim
        || (centre != null && centre.length != dim)) {
      throw new IllegalArgumentException("bad block shape: first " + first + ", " + count + "×" + dim);
    }
    this.first = first;
    this.count = count;
    this.dim = dim;
    this.exact = exact;
    this.centre = centre;
    this.fast = new float[count * dim];
    this.fastSquares = new float[count];
    this.fastNorms = new double[count];
    this.fastNormsUp = new float[count];
    double max = 0;
    for (int i = 0; i < count; i++) {
      double sum = 0;
      int base = i * dim;
      for (int a = 0; a < dim; a++) {
        // fl64(x − c) then fl32: relative error ≤ u + 2⁻⁵³ of |x − c|, inside FastPassBound's u(1 + 2u).
        float f = (float) (centre == null ? exact[base + a] : exact[base + a] - centre[a]);
        if (!Float.isFinite(f)) {
          throw new IllegalArgumentException("whitened row " + (first + i) + " has a non-finite value (or beyond "
              + "float32's range) at column " + a + ": " + exact[base + a]);
        }
        fast[base + a] = f;
        sum += (double) f * f;
      }
      fastSquares[i] = (float) sum;
      fastNorms[i] = Math.sqrt(sum);
      float up = (float) fastNorms[i];
      fastNormsUp[i] = up < fastNorms[i] ? Math.nextUp(up) : up;
      max = Math.max(max, fastNorms[i]);
    }
    this.maxFastNorm = max;
  }

  /** First global row. */
  public int first() {
    return first;
  }

  /** Rows held. */
  public int count() {
    return count;
  }

  /** Row length. */
  public int dim() {
    return dim;
  }

  /**
   * ‖xᵢ − yⱼ‖ in float64, lane-wise sums reduced in a fixed order: the same value whatever the rows' positions, the
   * same for (j, i) as for (i, j) ((a−b)² = (b−a)² bit for bit), and exactly 0 for bit-identical rows.
   */
  static double distance(double[] x, int xRow, double[] y, int yRow, int dim) {
    int xb = xRow * dim;
    int yb = yRow * dim;
    int bound = DOUBLES.loopBound(dim);
    DoubleVector acc = DoubleVector.zero(DOUBLES);
    int a = 0;
    for (; a < bound; a += DOUBLES.length()) {
      DoubleVector diff = DoubleVector.fromArray(DOUBLES, x, xb + a).sub(DoubleVector.fromArray(DOUBLES, y, yb + a));
      acc = diff.fma(diff, acc);
    }
    double sum = acc.reduceLanes(VectorOperators.ADD);
    for (; a < dim; a++) {
      double diff = x[xb + a] - y[yb + a];
      sum += diff * diff;
    }
    return Math.sqrt(sum);
  }

  /** Whether row i of x and row j of y are equal value for value (+0.0 equals -0.0). */
  static boolean sameRow(double[] x, int xRow, double[] y, int yRow, int dim) {
    int xb = xRow * dim;
    int yb = yRow * dim;
    for (int a = 0; a < dim; a++) {
      if (x[xb + a] != y[yb + a]) {
        return false;
      }
    }
    return true;
  }
}
