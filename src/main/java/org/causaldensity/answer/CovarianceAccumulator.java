package org.causaldensity.answer;

import java.io.Serializable;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.causaldensity.io.CausalDensityException;

/**
 * Mean and covariance of embedding rows, accumulated in parts and merged (one part per Spark partition). Each block of
 * rows is centred on its own mean and combined with Chan et al.'s pairwise update, so large means do not cancel the
 * spread away as the raw Σxxᵀ − n·x̄x̄ᵀ would. Cost: n·d²/2 multiply-adds, done in cache-sized tiles.
 */
public final class CovarianceAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int BLOCK_ROWS = 256;
  private static final int TILE = 64;
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final String SUBJECT = "embedding rows";

  private final int dimension;
  private long count;
  private final double[] mean;
  /** Upper triangle (a ≤ b) of Σ (x − x̄)(x − x̄)ᵀ, row-major d×d; the lower triangle is left at 0. */
  private final double[] scatter;

  /** An empty accumulator for rows of {@code dimension} values; requires dimension ≥ 1. */
  public CovarianceAccumulator(int dimension) {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
    }
    this.dimension = dimension;
    this.mean = new double[dimension];
    this.scatter = new double[Math.multiplyExact(dimension, dimension)];
  }

  /** Adds float rows (e.g. γ rows); every row must have {@link #dimension()} finite values. */
  public CovarianceAccumulator add(float[][] rows) {
    double[] block = new double[Math.min(BLOCK_ROWS, rows.length) * dimension];
    for (int start = 0; start < rows.length; start += BLOCK_ROWS) {
      int n = Math.min(BLOCK_ROWS, rows.length - start);
      for (int r = 0; r < n; r++) {
        float[] row = checkedLength(rows[start + r], start + r);
        for (int a = 0; a < dimension; a++) {
          block[r * dimension + a] = checkedValue(row[a], start + r, a);
        }
      }
      addBlock(block, n);
    }
    return this;
  }

  /**
   * Adds the first {@code n} rows of {@code rows} (row-major, {@link #dimension()} values a row, e.g. a block of
   * gathered γ rows), in float64; every value must be finite. n = 0 adds nothing.
   */
  public CovarianceAccumulator add(float[] rows, int n) {
    if (n < 0 || rows.length < (long) n * dimension) {
      throw new IllegalArgumentException("rows of length " + rows.length + " cannot hold " + n + " rows of "
          + dimension);
    }
    double[] block = new double[Math.min(BLOCK_ROWS, n) * dimension];
    for (int start = 0; start < n; start += BLOCK_ROWS) {
      int count = Math.min(BLOCK_ROWS, n - start);
      for (int r = 0; r < count; r++) {
        int from = (start + r) * dimension;
        for (int a = 0; a < dimension; a++) {
          block[r * dimension + a] = checkedValue(rows[from + a], start + r, a);
        }
      }
      addBlock(block, count);
    }
    return this;
  }

  /** Adds double rows; every row must have {@link #dimension()} finite values. */
  public CovarianceAccumulator add(double[][] rows) {
    double[] block = new double[Math.min(BLOCK_ROWS, rows.length) * dimension];
    for (int start = 0; start < rows.length; start += BLOCK_ROWS) {
      int n = Math.min(BLOCK_ROWS, rows.length - start);
      for (int r = 0; r < n; r++) {
        double[] row = rows[start + r];
        if (row == null || row.length != dimension) {
          throw wrongLength(start + r, row == null ? 0 : row.length);
        }
        for (int a = 0; a < dimension; a++) {
          block[r * dimension + a] = checkedValue(row[a], start + r, a);
        }
      }
      addBlock(block, n);
    }
    return this;
  }

  /**
   * Folds in {@code rows} rows summarised elsewhere (e.g. by a matrix-multiply kernel): their mean and their scatter
   * Σ (x − mean)(x − mean)ᵀ as a row-major d×d array, of which only the upper triangle is read.
   */
  public CovarianceAccumulator addScatter(long rows, double[] rowsMean, double[] rowsScatter) {
    if (rows < 0 || rowsMean.length != dimension || rowsScatter.length != scatter.length) {
      throw new IllegalArgumentException("scatter of " + rows + " rows with a mean of " + rowsMean.length
          + " values and " + rowsScatter.length + " scatter values does not fit dimension " + dimension);
    }
    combine(rows, rowsMean, rowsScatter);
    return this;
  }

  /**
   * As {@link #addScatter} with the scatter in float32 of which only the upper triangle (b ≥ a) is read, as {@code
   * Scatter.upper} leaves it: no d×d double array per block.
   */
  public CovarianceAccumulator addScatterUpper(long rows, double[] rowsMean, float[] upperScatter) {
    if (rows < 0 || rowsMean.length != dimension || upperScatter.length < scatter.length) {
      throw new IllegalArgumentException("scatter of " + rows + " rows with a mean of " + rowsMean.length
          + " values and " + upperScatter.length + " scatter values does not fit dimension " + dimension);
    }
    if (rows == 0) {
      return this;
    }
    int d = dimension;
    double[] delta = delta(rowsMean);
    double weight = (double) count * rows / (count + rows);
    for (int a = 0; a < d; a++) {
      double wa = weight * delta[a];
      int row = a * d;
      for (int b = a; b < d; b++) {
        scatter[row + b] += upperScatter[row + b] + wa * delta[b];
      }
    }
    moveMean(rows, delta);
    return this;
  }

  /** Folds {@code other} into this accumulator (other is unchanged); dimensions must match. */
  public CovarianceAccumulator merge(CovarianceAccumulator other) {
    if (other.dimension != dimension) {
      throw InvalidArgument.of(SUBJECT, "cannot merge covariance of dimension %d into dimension %d",
          other.dimension, dimension);
    }
    combine(other.count, other.mean, other.scatter);
    return this;
  }

  /** Values per row, fixed at construction. */
  public int dimension() {
    return dimension;
  }

  /** Rows added so far, merged parts included. */
  public long count() {
    return count;
  }

  /** A copy of the mean row; zeros before any row is added. */
  public double[] mean() {
    return mean.clone();
  }

  /**
   * Sample covariance (divisor n − 1, as {@code np.cov}) as a full symmetric row-major d×d array; NaN everywhere with
   * fewer than two rows.
   */
  public double[] covariance() {
    return scatterOver(count - 1.0);
  }

  /**
   * Population covariance (divisor n, as Park et al.'s causal inner product uses it) as a full symmetric row-major d×d
   * array; NaN everywhere with no rows.
   */
  public double[] populationCovariance() {
    return scatterOver(count);
  }

  /** The scatter divided by {@code divisor}, mirrored into a full matrix; NaN everywhere when divisor ≤ 0. */
  private double[] scatterOver(double divisor) {
    double[] cov = new double[scatter.length];
    for (int a = 0; a < dimension; a++) {
      for (int b = a; b < dimension; b++) {
        double v = divisor > 0 ? scatter[a * dimension + b] / divisor : Double.NaN;
        cov[a * dimension + b] = v;
        cov[b * dimension + a] = v;
      }
    }
    return cov;
  }

  /** Centres the first n rows of block on their mean, forms their scatter and merges it in. */
  private void addBlock(double[] block, int n) {
    if (n == 0) {
      return;
    }
    int d = dimension;
    double[] blockMean = new double[d];
    for (int r = 0; r < n; r++) {
      for (int a = 0; a < d; a++) {
        blockMean[a] += block[r * d + a];
      }
    }
    for (int a = 0; a < d; a++) {
      blockMean[a] /= n;
    }
    for (int r = 0; r < n; r++) {
      for (int a = 0; a < d; a++) {
        block[r * d + a] -= blockMean[a];
      }
    }
    double[] blockScatter = new double[d * d];
    // Tiles of the upper triangle stay in cache while every row of the block passes over them.
    for (int a0 = 0; a0 < d; a0 += TILE) {
      int a1 = Math.min(d, a0 + TILE);
      for (int b0 = a0; b0 < d; b0 += TILE) {
        int b1 = Math.min(d, b0 + TILE);
        int r = 0;
        // Four rows per sweep: four multiply-adds per load and store of the scatter tile.
        for (; r + 4 <= n; r += 4) {
          int o0 = r * d;
          int o1 = o0 + d;
          int o2 = o1 + d;
          int o3 = o2 + d;
          for (int a = a0; a < a1; a++) {
            double x0 = block[o0 + a];
            double x1 = block[o1 + a];
            double x2 = block[o2 + a];
            double x3 = block[o3 + a];
            int out = a * d;
            int b = Math.max(b0, a);
            // Explicit vectors: C2 does not vectorise this loop by itself (measured ~3 GMAC/s a core).
            DoubleVector v0 = DoubleVector.broadcast(SPECIES, x0);
            DoubleVector v1 = DoubleVector.broadcast(SPECIES, x1);
            DoubleVector v2 = DoubleVector.broadcast(SPECIES, x2);
            DoubleVector v3 = DoubleVector.broadcast(SPECIES, x3);
            for (; b + LANES <= b1; b += LANES) {
              DoubleVector sum = DoubleVector.fromArray(SPECIES, blockScatter, out + b);
              sum = DoubleVector.fromArray(SPECIES, block, o0 + b).fma(v0, sum);
              sum = DoubleVector.fromArray(SPECIES, block, o1 + b).fma(v1, sum);
              sum = DoubleVector.fromArray(SPECIES, block, o2 + b).fma(v2, sum);
              sum = DoubleVector.fromArray(SPECIES, block, o3 + b).fma(v3, sum);
              sum.intoArray(blockScatter, out + b);
            }
            for (; b < b1; b++) {
              blockScatter[out + b] += x0 * block[o0 + b] + x1 * block[o1 + b] + x2 * block[o2 + b]
                  + x3 * block[o3 + b];
            }
          }
        }
        for (; r < n; r++) {
          int o0 = r * d;
          for (int a = a0; a < a1; a++) {
            double x0 = block[o0 + a];
            int out = a * d;
            for (int b = Math.max(b0, a); b < b1; b++) {
              blockScatter[out + b] += x0 * block[o0 + b];
            }
          }
        }
      }
    }
    combine(n, blockMean, blockScatter);
  }

  /** Chan et al.: scatter = Sa + Sb + δδᵀ·na·nb/n with δ = mean_b − mean_a. */
  private void combine(long otherCount, double[] otherMean, double[] otherScatter) {
    if (otherCount == 0) {
      return;
    }
    int d = dimension;
    double[] delta = delta(otherMean);
    double weight = (double) count * otherCount / (count + otherCount);
    for (int a = 0; a < d; a++) {
      double wa = weight * delta[a];
      int row = a * d;
      for (int b = a; b < d; b++) {
        scatter[row + b] += otherScatter[row + b] + wa * delta[b];
      }
    }
    moveMean(otherCount, delta);
  }

  /** δ = mean_b − mean_a of Chan et al.'s update. */
  private double[] delta(double[] otherMean) {
    double[] delta = new double[dimension];
    for (int a = 0; a < dimension; a++) {
      delta[a] = otherMean[a] - mean[a];
    }
    return delta;
  }

  /** The merged mean and count, after the scatter has been updated with the old count. */
  private void moveMean(long otherCount, double[] delta) {
    long total = count + otherCount;
    double share = (double) otherCount / total;
    for (int a = 0; a < dimension; a++) {
      mean[a] += delta[a] * share;
    }
    count = total;
  }

  /**
   * Serialised as its upper triangle only (d(d+1)/2 values: half the bytes a Spark task sends back at d = 2560),
   * through a proxy so the arrays stay final.
   */
  private Object writeReplace() {
    int d = dimension;
    double[] packed = new double[d * (d + 1) / 2];
    int at = 0;
    for (int a = 0; a < d; a++) {
      System.arraycopy(scatter, a * d + a, packed, at, d - a);
      at += d - a;
    }
    return new Packed(d, count, mean, packed);
  }

  private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
    throw new java.io.InvalidObjectException("CovarianceAccumulator is read through its serialised proxy");
  }

  /** The serialised form: dimension, count, mean and the packed upper triangle of the scatter. */
  private static final class Packed implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int dimension;
    private final long count;
    private final double[] mean;
    private final double[] upper;

    Packed(int dimension, long count, double[] mean, double[] upper) {
      this.dimension = dimension;
      this.count = count;
      this.mean = mean;
      this.upper = upper;
    }

    private Object readResolve() throws java.io.InvalidObjectException {
      if (dimension < 1 || mean == null || mean.length != dimension || upper == null
          || upper.length != (long) dimension * (dimension + 1) / 2 || count < 0) {
        throw new java.io.InvalidObjectException("inconsistent serialised covariance of dimension " + dimension);
      }
      CovarianceAccumulator out = new CovarianceAccumulator(dimension);
      out.count = count;
      System.arraycopy(mean, 0, out.mean, 0, dimension);
      int at = 0;
      for (int a = 0; a < dimension; a++) {
        System.arraycopy(upper, at, out.scatter, a * dimension + a, dimension - a);
        at += dimension - a;
      }
      return out;
    }
  }

  private float[] checkedLength(float[] row, int index) {
    if (row == null || row.length != dimension) {
      throw wrongLength(index, row == null ? 0 : row.length);
    }
    return row;
  }

  private IllegalArgumentException wrongLength(int index, int length) {
    return InvalidArgument.of(SUBJECT, "row %d has %d values, expected %d", index, length, dimension);
  }

  private static double checkedValue(double value, int row, int column) {
    if (!Double.isFinite(value)) {
      throw InvalidArgument.of(SUBJECT, "row %d column %d is %s, expected a finite value",
          row, column, value);
    }
    return value;
  }
}
