package org.causaldensity.knn.exact;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Exact Euclidean k nearest neighbours of a point set held in memory (plain Java, no Spark): float32 GEMM over block
 * pairs i ≤ j, float64 recomputation of the candidates, a rigorous bound that proves each row's list, and widening
 * (a float64 recomputation of every column the bound cannot exclude) for the rows it does not prove. The Spark path
 * ({@code spark.ExactNeighbourStage}) runs the same {@link PairScan} over staged blocks.
 */
public final class ExactKnn {
  /** Rows per block of the in-memory search. */
  static final int BLOCK_ROWS = 1024;

  private ExactKnn() {}

  /**
   * The k nearest other rows of each of n rows of {@code rows} (row-major n×d, float64), by float64 Euclidean
   * distance, ascending, ties by lower row, self excluded by index; bit-identical rows are at distance exactly 0.
   * The float32 fast pass works on the rows centred on their mean (its error shrinks); float64 distances are from
   * the rows as given.
   * k outside [1, n−1], d &lt; 1, a short array, threads &lt; 1 or a non-finite value is an IllegalArgumentException.
   */
  public static KnnResult search(double[] rows, int n, int d, int k, int threads) {
    return search(rows, n, d, k, threads, BLOCK_ROWS);
  }

  static KnnResult search(double[] rows, int n, int d, int k, int threads, int blockRows) {
    if (n < 2 || k < 1 || k > n - 1) {
      throw new IllegalArgumentException("need n >= 2 and k in [1, n-1]; got n = " + n + ", k = " + k);
    }
    if (d < 1 || rows == null || rows.length < (long) n * d) {
      throw new IllegalArgumentException("rows must hold n×d = " + n + "×" + d + " values");
    }
    if (threads < 1 || blockRows < 1) {
      throw new IllegalArgumentException("threads and blockRows must be >= 1");
    }
    double[] mean = new double[d];
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < d; a++) {
        mean[a] += rows[i * d + a];
      }
    }
    for (int a = 0; a < d; a++) {
      mean[a] /= n;
    }
    List<WhitenedBlock> blocks = new ArrayList<>();
    for (int first = 0; first < n; first += blockRows) {
      int count = Math.min(blockRows, n - first);
      blocks.add(new WhitenedBlock(first, count, d, java.util.Arrays.copyOfRange(rows, first * d,
          (first + count) * d), mean));
    }
    BlockNeighbours[] lists = searchBlocks(blocks, k, threads);
    return result(blocks, lists, n, k);
  }

  /**
   * Every block's proven lists: all pairs i ≤ j on {@code threads} threads, then widening of the unproven rows.
   * Memory: the blocks, one product per thread and O(n·k).
   */
  static BlockNeighbours[] searchBlocks(List<WhitenedBlock> blocks, int k, int threads) {
    int nb = blocks.size();
    int dim = blocks.get(0).dim;
    BlockNeighbours[] lists = new BlockNeighbours[nb];
    for (int b = 0; b < nb; b++) {
      lists[b] = new BlockNeighbours(blocks.get(b).count, k);
    }
    List<int[]> pairs = new ArrayList<>();
    for (int i = 0; i < nb; i++) {
      for (int j = i; j < nb; j++) {
        pairs.add(new int[] {i, j});
      }
    }
    int workers = Math.min(threads, pairs.size());
    ThreadLocal<PairScan> scans = ThreadLocal.withInitial(() -> new PairScan(k, dim));
    runAll(pairs, workers, pair -> {
      BlockNeighbours[] partial = scans.get().pair(blocks.get(pair[0]), blocks.get(pair[1]), 1);
      synchronized (lists[pair[0]]) {
        lists[pair[0]].merge(partial[0]);
      }
      if (pair[0] != pair[1]) {
        synchronized (lists[pair[1]]) {
          lists[pair[1]].merge(partial[1]);
        }
      }
    });
    widenUnproven(blocks, lists, k, threads);
    return lists;
  }

  /** Widens, in place, every row of {@code lists} that its bound does not prove. */
  static void widenUnproven(List<WhitenedBlock> blocks, BlockNeighbours[] lists, int k, int threads) {
    int dim = blocks.get(0).dim;
    List<Integer> globals = new ArrayList<>();
    for (int b = 0; b < blocks.size(); b++) {
      for (int r = 0; r < lists[b].count(); r++) {
        if (!lists[b].proven(r)) {
          globals.add(blocks.get(b).first + r);
        }
      }
    }
    if (globals.isEmpty()) {
      return;
    }
    int w = globals.size();
    int[] globalRows = new int[w];
    double[] limits = new double[w];
    double[] x = new double[w * dim];
    int blockRows = blocks.get(0).count;
    for (int i = 0; i < w; i++) {
      int g = globals.get(i);
      globalRows[i] = g;
      int b = g / blockRows;
      int r = g - blocks.get(b).first;
      limits[i] = lists[b].kth(r);
      System.arraycopy(blocks.get(b).exact, r * dim, x, i * dim, dim);
    }
    WhitenedBlock widened = new WhitenedBlock(0, w, dim, x, blocks.get(0).centre);
    BlockNeighbours found = new BlockNeighbours(w, k);
    ThreadLocal<PairScan> scans = ThreadLocal.withInitial(() -> new PairScan(k, dim));
    runAll(blocks, Math.min(threads, blocks.size()), block -> {
      BlockNeighbours part = scans.get().widen(widened, globalRows, limits, block, 1);
      synchronized (found) {
        found.merge(part);
      }
    });
    for (int i = 0; i < w; i++) {
      int b = globalRows[i] / blockRows;
      int r = globalRows[i] - blocks.get(b).first;
      apply(lists[b], r, found, i);
    }
  }

  /**
   * Row r of {@code list} gets widening result row i: its candidates, and its bound in place of the old one; a row
   * still unproven then is an IllegalStateException (a bug: widening recomputes every column the bound allows).
   */
  public static void apply(BlockNeighbours list, int r, BlockNeighbours widened, int i) {
    for (int j = 0; j < widened.size(i); j++) {
      list.offer(r, widened.row(i, j), widened.distance(i, j));
    }
    list.setBound(r, widened.bound(i));
    if (!list.proven(r)) {
      throw new IllegalStateException("row " + r + " still unproven after widening: bound " + widened.bound(i)
          + ", k-th " + list.kth(r));
    }
  }

  private static KnnResult result(List<WhitenedBlock> blocks, BlockNeighbours[] lists, int n, int k) {
    int[] neighbours = new int[n * k];
    double[] distances = new double[n * k];
    for (int b = 0; b < blocks.size(); b++) {
      int first = blocks.get(b).first;
      for (int r = 0; r < lists[b].count(); r++) {
        int base = (first + r) * k;
        for (int j = 0; j < k; j++) {
          neighbours[base + j] = lists[b].row(r, j);
          distances[base + j] = lists[b].distance(r, j);
        }
      }
    }
    return new KnnResult(n, k, neighbours, distances);
  }

  private interface Task<T> {
    void run(T item);
  }

  private static <T> void runAll(List<T> items, int workers, Task<T> task) {
    if (workers <= 1) {
      items.forEach(task::run);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
      Thread thread = new Thread(runnable, "exact-knn");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> task.run(item)));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause);
    } finally {
      pool.shutdownNow();
    }
  }
}
