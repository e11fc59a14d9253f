package org.causaldensity.demo;

/**
 * The float32 product the distance matrix is built on: {@link org.causaldensity.linalg.Gemm#multiplyTransposed}
 * in production, plain loops (also deliberately asymmetric ones) in tests. Implementations must be deterministic
 * (the same call gives the same bits): the matrix's bitwise symmetry rests on that, and on nothing else.
 */
@FunctionalInterface
interface MatrixProducts {
  /** c[i*bRows + j] = dot(a_i, b_j) for row-major a (aRows × d) and b (bRows × d). */
  void multiplyTransposed(float[] a, int aRows, float[] b, int bRows, int d, float[] c, int threads);
}
