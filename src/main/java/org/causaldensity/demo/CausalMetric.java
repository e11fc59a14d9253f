package org.causaldensity.demo;

import java.util.SplittableRandom;

/**
 * The demo's causal metric M = Q Λ Qᵀ: Q a product of a few Householder reflections, Λ diagonal positive. It is
 * symmetric positive definite and far from diagonal, yet whitening a vector (w = Λ^{1/2} Qᵀ γ, so that
 * γᵀ M γ = ‖w‖²) costs O(d · reflections) instead of O(d²): distances in M are Euclidean distances between
 * whitened vectors.
 */
final class CausalMetric {
  /** Reflections in Q: enough to mix every coordinate with every other. */
  static final int REFLECTIONS = 4;
  /** Condition number of M (largest over smallest eigenvalue). */
  static final double CONDITION = 20.0;

  private final int hidden;
  /** Unit Householder vectors v_r; H_r = I − 2 v_r v_rᵀ and Q = H_0 H_1 … H_{R−1}. */
  private final double[][] reflections;
  private final double[] eigenvalues;
  private final double[] sqrtEigenvalues;

  private CausalMetric(double[][] reflections, double[] eigenvalues) {
    this.hidden = eigenvalues.length;
    this.reflections = reflections;
    this.eigenvalues = eigenvalues;
    this.sqrtEigenvalues = new double[hidden];
    for (int k = 0; k < hidden; k++) {
      sqrtEigenvalues[k] = Math.sqrt(eigenvalues[k]);
    }
  }

  /**
   * The metric of a dataset: eigenvalues log-uniform over a range of {@link #CONDITION}, scaled so that a vector
   * of causal norm {@code typicalNorm} spread evenly over the eigenvectors has raw entries of standard deviation
   * {@code typicalEntry} (BF16 embeddings of LLMs have entries of a few hundredths).
   */
  static CausalMetric generate(long seed, int hidden, double typicalNorm, double typicalEntry) {
    SplittableRandom random = Streams.of(seed, Streams.METRIC, 0);
    double[][] reflections = new double[REFLECTIONS][hidden];
    for (double[] v : reflections) {
      Streams.unitVector(random, v);
    }
    double[] eigenvalues = new double[hidden];
    for (int k = 0; k < hidden; k++) {
      eigenvalues[k] = Math.exp(Math.log(CONDITION) * (random.nextDouble() - 0.5));
    }
    // The endpoints pin the condition number exactly, so that tests can rely on it.
    eigenvalues[0] = Math.sqrt(CONDITION);
    eigenvalues[hidden - 1] = 1 / Math.sqrt(CONDITION);
    double meanInverse = 0;
    for (double lambda : eigenvalues) {
      meanInverse += 1 / lambda / hidden;
    }
    // ‖γ‖² = Σ w_k² / λ_k ≈ (typicalNorm² / d) Σ 1/λ_k should equal typicalEntry² d.
    double scale = typicalNorm * typicalNorm * meanInverse / (typicalEntry * typicalEntry * hidden);
    for (int k = 0; k < hidden; k++) {
      eigenvalues[k] *= scale;
    }
    return new CausalMetric(reflections, eigenvalues);
  }

  int hidden() {
    return hidden;
  }

  /** Smallest eigenvalue of M. */
  double minEigenvalue() {
    double min = Double.POSITIVE_INFINITY;
    for (double lambda : eigenvalues) {
      min = Math.min(min, lambda);
    }
    return min;
  }

  /** In place: x ← Λ^{1/2} Qᵀ x, so that ‖x_after‖² = x_beforeᵀ M x_before. */
  void whiten(double[] x) {
    for (double[] v : reflections) { // Qᵀ = H_{R−1} … H_0: H_0 acts first
      reflect(v, x);
    }
    for (int k = 0; k < hidden; k++) {
      x[k] *= sqrtEigenvalues[k];
    }
  }

  /** In place: w ← Q Λ^{−1/2} w, the inverse of {@link #whiten}. */
  void unwhiten(double[] w) {
    for (int k = 0; k < hidden; k++) {
      w[k] /= sqrtEigenvalues[k];
    }
    for (int r = reflections.length - 1; r >= 0; r--) {
      reflect(reflections[r], w);
    }
  }

  private static void reflect(double[] v, double[] x) {
    double dot = 0;
    for (int k = 0; k < x.length; k++) {
      dot += v[k] * x[k];
    }
    double factor = 2 * dot;
    for (int k = 0; k < x.length; k++) {
      x[k] -= factor * v[k];
    }
  }

  /**
   * M as the float32 row-major d×d matrix stored in the .pt file: each entry is the double-precision value
   * rounded once, with M[i][j] and M[j][i] given the same value so that the stored matrix is exactly symmetric.
   */
  float[] toFloat32() {
    double[] m = new double[hidden * hidden];
    double[] column = new double[hidden];
    for (int j = 0; j < hidden; j++) {
      // Column j of Q Λ Qᵀ is Q Λ Qᵀ e_j.
      java.util.Arrays.fill(column, 0);
      column[j] = 1;
      for (double[] v : reflections) {
        reflect(v, column);
      }
      for (int k = 0; k < hidden; k++) {
        column[k] *= eigenvalues[k];
      }
      for (int r = reflections.length - 1; r >= 0; r--) {
        reflect(reflections[r], column);
      }
      for (int i = 0; i < hidden; i++) {
        m[i * hidden + j] = column[i];
      }
    }
    float[] stored = new float[hidden * hidden];
    for (int i = 0; i < hidden; i++) {
      for (int j = i; j < hidden; j++) {
        float value = (float) ((m[i * hidden + j] + m[j * hidden + i]) / 2);
        stored[i * hidden + j] = value;
        stored[j * hidden + i] = value;
      }
    }
    return stored;
  }
}
