package org.causaldensity.knn.exact;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Exact k nearest neighbours of points given as rows, by Euclidean distance in float64: a plain blocked brute force
 * (O(n²·d), no vector kernel). <b>Placeholder, to be replaced at merge by the matrix-free engine's implementation of
 * the same signature</b> (branch {@code matrix-free}); it is correct but slow, meant for the null models of small runs
 * and for tests.
 */
public final class ExactKnn {
  /** Rows of one block: each other row is loaded once per block and compared with all of them. */
  private static final int BLOCK = 16;

  private ExactKnn() {}

  /**
   * The k nearest other rows of every row of {@code rows} (row-major n×d): self excluded by index (never by value),
   * ascending distance, ties by lower row. Deterministic whatever {@code threads}. n ≥ 2, k in [1, n−1], d ≥ 1,
   * rows.length = n·d and threads ≥ 1, else an IllegalArgumentException; NaN coordinates give NaN distances, which
   * rank last.
   */
  public static KnnResult search(double[] rows, int n, int d, int k, int threads) {
    if (n < 2 || d < 1 || rows == null || rows.length != (long) n * d) {
      throw new IllegalArgumentException("need n >= 2, d >= 1 and n*d values, got n = " + n + ", d = " + d + ", "
          + (rows == null ? 0 : rows.length) + " values");
    }
    if (k < 1 || k > n - 1) {
      throw new IllegalArgumentException("k must be in [1, n-1] = [1, " + (n - 1) + "], got " + k);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    int[] neighbours = new int[n * k];
    double[] distances = new double[n * k];
    int blocks = (n + BLOCK - 1) / BLOCK;
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, blocks));
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < Math.min(threads, blocks); t++) {
        int first = t;
        int stride = Math.min(threads, blocks);
        tasks.add(pool.submit(() -> {
          double[] squared = new double[BLOCK * n];
          for (int b = first; b < blocks; b += stride) {
            searchBlock(rows, n, d, k, b * BLOCK, Math.min(n, (b + 1) * BLOCK), squared, neighbours, distances);
          }
        }));
      }
      for (Future<?> task : tasks) {
        task.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the kNN search", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("kNN search failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return new KnnResult(n, k, neighbours, distances);
  }

  private static void searchBlock(double[] rows, int n, int d, int k, int from, int to, double[] squared,
      int[] neighbours, double[] distances) {
    int width = to - from;
    for (int j = 0; j < n; j++) {
      int rowJ = j * d;
      for (int i = 0; i < width; i++) {
        int rowI = (from + i) * d;
        double sum = 0;
        for (int a = 0; a < d; a++) {
          double diff = rows[rowI + a] - rows[rowJ + a];
          sum += diff * diff;
        }
        squared[i * n + j] = sum;
      }
    }
    int[] heapRows = new int[k];
    double[] heapValues = new double[k];
    for (int i = 0; i < width; i++) {
      int self = from + i;
      int size = 0;
      for (int j = 0; j < n; j++) {
        if (j == self) {
          continue;
        }
        double value = squared[i * n + j];
        if (size < k) {
          siftUp(heapValues, heapRows, size++, value, j);
        } else if (before(value, j, heapValues[0], heapRows[0])) {
          siftDown(heapValues, heapRows, k, value, j);
        }
      }
      // Pop the heap's maximum to the end: ascending order.
      for (int end = k - 1; end > 0; end--) {
        double topValue = heapValues[0];
        int topRow = heapRows[0];
        siftDown(heapValues, heapRows, end, heapValues[end], heapRows[end]);
        heapValues[end] = topValue;
        heapRows[end] = topRow;
      }
      for (int m = 0; m < k; m++) {
        neighbours[self * k + m] = heapRows[m];
        distances[self * k + m] = Math.sqrt(heapValues[m]);
      }
    }
  }

  /** Whether (value, row) ranks before (otherValue, otherRow): smaller distance, then lower row; NaN ranks last. */
  private static boolean before(double value, int row, double otherValue, int otherRow) {
    if (Double.isNaN(value) || Double.isNaN(otherValue)) {
      return !Double.isNaN(value) || (Double.isNaN(otherValue) && row < otherRow);
    }
    return value < otherValue || (value == otherValue && row < otherRow);
  }

  private static void siftUp(double[] values, int[] rows, int index, double value, int row) {
    int i = index;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(values[parent], rows[parent], value, row)) {
        break;
      }
      values[i] = values[parent];
      rows[i] = rows[parent];
      i = parent;
    }
    values[i] = value;
    rows[i] = row;
  }

  /** Places (value, row) at the root of a max-heap of {@code size} entries and sifts it down. */
  private static void siftDown(double[] values, int[] rows, int size, double value, int row) {
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      int right = child + 1;
      if (right < size && before(values[child], rows[child], values[right], rows[right])) {
        child = right;
      }
      if (!before(value, row, values[child], rows[child])) {
        break;
      }
      values[i] = values[child];
      rows[i] = rows[child];
      i = child;
    }
    values[i] = value;
    rows[i] = row;
  }
}
