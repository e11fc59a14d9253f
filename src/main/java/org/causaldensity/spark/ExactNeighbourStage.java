package org.causaldensity.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HadoopFiles;
import org.causaldensity.io.rowblocks.WhitenedBlockFile;
import org.causaldensity.io.safetensors.Checkpoint;
import org.causaldensity.knn.TokenNeighbours;
import org.causaldensity.knn.exact.BlockNeighbours;
import org.causaldensity.knn.exact.ExactKnn;
import org.causaldensity.knn.exact.PairScan;
import org.causaldensity.knn.exact.WhitenedBlock;
import org.causaldensity.linalg.Whitening;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The matrix-free neighbours (docs/EXACT_KNN.md): (1) one task per block of tokens gathers their unembedding rows,
 * whitens them in float64 with the broadcast factor and stages the block as a file; (2) one task per block pair
 * i ≤ j ({@link PairScan}: float32 GEMM, candidates re-ranked in float64, the fast pass's bound) gives partial lists
 * for the rows of both blocks, merged per block by a shuffle; (3) the driver (O(N·k)) widens the rows the bound did
 * not prove, by chunks of rows against every block. The result has the matrix path's shape: one
 * {@link TokenNeighbours} per token, row = position in the token list.
 *
 * <p>Memory: a pair task holds two blocks (float64 and float32 rows) and their float32 product; the driver holds the
 * lists (O(N·k)) and one widening chunk. The staged blocks live under the run's staging folder, which executors must
 * all see (a shared file system such as HDFS on a multi-node cluster), and are deleted before this returns.
 */
final class ExactNeighbourStage {
  private static final Logger LOG = LoggerFactory.getLogger(ExactNeighbourStage.class);
  /**
   * Float64 bytes of one staged block: 4,096 rows at d = 2560. A pair task then holds 2 × 126 MB of rows and a
   * 64 MB product (≈ 0.4 GB; two tasks fit a 2 GB executor, and the whole vocabulary a 6 GB local heap), and the
   * float32 GEMM of 4,096² × 2,560 runs ~0.5 s per core, long enough that reading the blocks (84 MB each, once per
   * pair) costs a tenth of it.
   */
  static final long BLOCK_BYTES = 80L << 20;
  /** Spark setting overriding the rows per block (tests use small blocks to exercise many pairs). */
  static final String BLOCK_ROWS_SETTING = "spark.causaldensity.exactBlockRows";
  /** Float64 bytes of rows widened per job (broadcast to every task of that job). */
  static final long WIDEN_CHUNK_BYTES = 64L << 20;

  private ExactNeighbourStage() {}

  /**
   * The {@code kept} nearest other tokens of every token (≥ k: the robustness grid's; the notebook's density uses k),
   * exactly (float64 distances, ties by lower row), from the checkpoint's rows of {@code tokenIds} and the metric's
   * whitening; {@code gammaMean} (length d, e.g. the sampled rows' mean) centres the fast pass. Staged files go to
   * {@code stagingDir}, removed at the end.
   */
  static JavaRDD<TokenNeighbours> compute(JavaSparkContext jsc, Checkpoint checkpoint, Broadcast<long[]> tokenIds,
      Whitening whitening, double[] gammaMean, int k, int kept, String stagingDir, Broadcast<HadoopConf> conf) {
    int n = tokenIds.value().length;
    int dim = whitening.dimension();
    int blockRows = jsc.getConf().getInt(BLOCK_ROWS_SETTING,
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, BLOCK_BYTES / (8L * dim))));
    List<RowRange> blocks = RowRange.split(n, Math.max(1, Math.min(blockRows, n)));
    int nb = blocks.size();
    Configuration hadoop = conf.value().get();
    String description = jsc.getLocalProperty("spark.job.description");
    try {
      try {
        HadoopFiles.fileSystem(stagingDir, hadoop).mkdirs(new Path(stagingDir));
      } catch (IOException e) {
        throw CausalDensityException.io(stagingDir, e);
      }
      Broadcast<Whitening> factor = jsc.broadcast(whitening);
      jsc.setJobDescription(String.format(Locale.ROOT, "exact kNN: whitening %,d tokens in %d blocks", n, nb));
      List<Integer> blockIds = new ArrayList<>();
      for (int b = 0; b < nb; b++) {
        blockIds.add(b);
      }
      jsc.parallelize(blockIds, nb).foreach(b -> stageBlock(b, blocks.get(b), checkpoint, tokenIds.value(),
          factor.value(), stagingDir, conf.value()));
      factor.destroy();
      TaskOutput.removeAttempts(stagingDir, hadoop);

      Broadcast<double[]> centre = jsc.broadcast(whitening.whitenVector(gammaMean));
      List<int[]> pairs = new ArrayList<>();
      for (int i = 0; i < nb; i++) {
        for (int j = i; j < nb; j++) {
          pairs.add(new int[] {i, j});
        }
      }
      jsc.setJobDescription(String.format(Locale.ROOT, "exact kNN: %,d block pairs of %,d tokens (k = %d)",
          pairs.size(), n, kept));
      LOG.info("exact kNN: scanning {} block pairs ({} blocks of up to {} rows)", pairs.size(), nb, blockRows);
      Map<Integer, BlockNeighbours> lists = jsc.parallelize(pairs, pairs.size())
          .flatMapToPair(pair -> scanPair(pair, stagingDir, dim, kept, centre.value(), conf.value()).iterator())
          .reduceByKey(BlockNeighbours::merge, Math.max(1, Math.min(nb, jsc.defaultParallelism())))
          .collectAsMap();
      int widened = widen(jsc, lists, blocks, stagingDir, dim, kept, centre, conf);
      LOG.info("exact kNN: {} block pairs, {} of {} rows widened", pairs.size(), widened, n);
      centre.destroy();
      List<TokenNeighbours> rows = new ArrayList<>(n);
      for (int b = 0; b < nb; b++) {
        BlockNeighbours list = lists.get(b);
        int first = (int) blocks.get(b).first();
        for (int r = 0; r < list.count(); r++) {
          int size = list.size(r);
          int[] neighbours = new int[size];
          double[] distances = new double[size];
          for (int i = 0; i < size; i++) {
            neighbours[i] = list.row(r, i);
            distances[i] = list.distance(r, i);
          }
          rows.add(TokenNeighbours.ofExact(first + r, neighbours, distances, list.zeros(r), k));
        }
      }
      return jsc.parallelize(rows, Math.max(1, Math.min(nb, 4 * jsc.defaultParallelism())));
    } finally {
      jsc.setJobDescription(description);
      try {
        HadoopFiles.fileSystem(stagingDir, hadoop).delete(new Path(stagingDir), true);
      } catch (IOException e) {
        LOG.warn("could not delete {}: {}", stagingDir, e.toString());
      }
    }
  }

  static String blockPath(String dir, int block) {
    return String.format(Locale.ROOT, "%s/block-%05d.f64", dir, block);
  }

  private static void stageBlock(int block, RowRange range, Checkpoint checkpoint, long[] tokenIds, Whitening whitening,
      String dir, HadoopConf conf) {
    int count = range.count();
    int d = whitening.inputDimension();
    long[] ids = java.util.Arrays.copyOfRange(tokenIds, (int) range.first(), (int) range.first() + count);
    float[] gamma = new float[count * d];
    checkpoint.gatherRows(ids, gamma, conf.get());
    double[] x = new double[count * whitening.dimension()];
    whitening.whiten(gamma, count, x, 1);
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i]) || !Float.isFinite((float) x[i])) {
        int row = (int) range.first() + i / whitening.dimension();
        throw CausalDensityException.inconsistent(checkpoint.location(), "token id %d (row %d): its unembedding row "
            + "whitens to a non-finite value (NaN or infinite entries in the checkpoint?)", tokenIds[row], row);
      }
    }
    String name = new Path(blockPath(dir, block)).getName();
    String attempt = TaskOutput.attemptPath(dir, name);
    WhitenedBlockFile.write(attempt, conf.get(), range.first(), count, whitening.dimension(), x);
    TaskOutput.publish(attempt, dir, name, conf.get());
  }

  private static WhitenedBlock load(String dir, int block, int dim, double[] centre, HadoopConf conf) {
    WhitenedBlockFile.Block b = WhitenedBlockFile.read(blockPath(dir, block), conf.get(), dim);
    return new WhitenedBlock((int) b.first(), b.count(), dim, b.values(), centre);
  }

  private static List<Tuple2<Integer, BlockNeighbours>> scanPair(int[] pair, String dir, int dim, int k,
      double[] centre, HadoopConf conf) {
    WhitenedBlock a = load(dir, pair[0], dim, centre, conf);
    WhitenedBlock b = pair[0] == pair[1] ? a : load(dir, pair[1], dim, centre, conf);
    BlockNeighbours[] lists = new PairScan(k, dim).pair(a, b, 1);
    return pair[0] == pair[1] ? List.of(new Tuple2<>(pair[0], lists[0]))
        : List.of(new Tuple2<>(pair[0], lists[0]), new Tuple2<>(pair[1], lists[1]));
  }

  /** Widens the unproven rows of {@code lists} in place, by chunks; returns how many rows were widened. */
  private static int widen(JavaSparkContext jsc, Map<Integer, BlockNeighbours> lists, List<RowRange> blocks,
      String dir, int dim, int k, Broadcast<double[]> centre, Broadcast<HadoopConf> conf) {
    List<int[]> unproven = new ArrayList<>(); // {block, local row}
    for (int b = 0; b < blocks.size(); b++) {
      BlockNeighbours list = lists.get(b);
      for (int r = 0; r < list.count(); r++) {
        if (!list.proven(r)) {
          unproven.add(new int[] {b, r});
        }
      }
    }
    int chunkRows = (int) Math.max(1, WIDEN_CHUNK_BYTES / (8L * dim));
    List<Integer> blockIds = new ArrayList<>();
    for (int b = 0; b < blocks.size(); b++) {
      blockIds.add(b);
    }
    for (int c0 = 0; c0 < unproven.size(); c0 += chunkRows) {
      List<int[]> chunk = unproven.subList(c0, Math.min(unproven.size(), c0 + chunkRows));
      int w = chunk.size();
      int[] globalRows = new int[w];
      double[] limits = new double[w];
      double[] x = new double[w * dim];
      for (int i = 0; i < w; ) {
        // Rows are in block order: one positional read of each block's rows.
        int b = chunk.get(i)[0];
        int end = i;
        while (end < w && chunk.get(end)[0] == b) {
          end++;
        }
        int[] local = new int[end - i];
        for (int j = i; j < end; j++) {
          int r = chunk.get(j)[1];
          local[j - i] = r;
          globalRows[j] = (int) blocks.get(b).first() + r;
          limits[j] = lists.get(b).kth(r);
        }
        WhitenedBlockFile.readSome(blockPath(dir, b), conf.value().get(), dim, local, x, i);
        i = end;
      }
      Broadcast<double[]> rows = jsc.broadcast(x);
      jsc.setJobDescription(String.format(Locale.ROOT, "exact kNN: widening %,d rows (%,d to %,d of %,d) against "
          + "%d blocks", w, c0 + 1, c0 + w, unproven.size(), blocks.size()));
      BlockNeighbours found = jsc.parallelize(blockIds, blockIds.size()).map(block -> {
        WhitenedBlock widened = new WhitenedBlock(0, w, dim, rows.value(), centre.value());
        return new PairScan(k, dim).widen(widened, globalRows, limits, load(dir, block, dim, centre.value(),
            conf.value()), 1);
      }).reduce(BlockNeighbours::merge);
      rows.destroy();
      for (int i = 0; i < w; i++) {
        ExactKnn.apply(lists.get(chunk.get(i)[0]), chunk.get(i)[1], found, i);
      }
    }
    return unproven.size();
  }
}
