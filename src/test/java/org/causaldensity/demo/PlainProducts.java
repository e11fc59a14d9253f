package org.causaldensity.demo;

/**
 * Plain float32 dot products in the test double for linalg.Gemm: each entry accumulated in index order, or, with
 * {@code asymmetric}, in reverse order for odd rows of {@code a}, so that dot(a_i, b_j) and dot(a_j, b_i) can
 * differ in their last bits (a product that the matrix's symmetry must not depend on).
 */
final class PlainProducts implements MatrixProducts {
  private final boolean asymmetric;

  PlainProducts(boolean asymmetric) {
    this.asymmetric = asymmetric;
  }

  @Override
  public void multiplyTransposed(float[] a, int aRows, float[] b, int bRows, int d, float[] c, int threads) {
    for (int i = 0; i < aRows; i++) {
      boolean reverse = asymmetric && (i & 1) == 1;
      for (int j = 0; j < bRows; j++) {
        float sum = 0;
        for (int p = 0; p < d; p++) {
          int k = reverse ? d - 1 - p : p;
          sum += a[i * d + k] * b[j * d + k];
        }
        c[i * bRows + j] = sum;
      }
    }
  }
}
