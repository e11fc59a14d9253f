package org.causaldensity.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.causaldensity.answer.ComparisonSettings;
import org.causaldensity.answer.CoreDensityAnswer;
import org.causaldensity.answer.IntrinsicDimension;
import org.causaldensity.answer.LevinaBickel;
import org.causaldensity.answer.ParticipationRatio;
import org.causaldensity.answer.RegionComparison;
import org.causaldensity.answer.RobustnessGrid;
import org.causaldensity.answer.TwoNn;
import org.causaldensity.density.KnnDensity;
import org.causaldensity.report.summary.InputsBlock;
import org.causaldensity.report.summary.MetricBlock;
import org.causaldensity.report.summary.OptionsBlock;
import org.causaldensity.report.summary.TokenSelectionBlock;
import org.causaldensity.report.summary.Summary;
import org.causaldensity.stats.NotebookSummary;

/**
 * A summary made by the job's own assembler from the per-token values of a small point cloud: a tight cluster
 * near the origin (the dense core), a wide bulk further out, one group of seven identical core points (density +∞
 * at k = 5) and one identical pair in the bulk. Token strings include HTML, whitespace and a missing token.
 */
final class SyntheticSummary {
  static final int K = 5;
  static final int DIMENSION = 6;
  static final int BINS = 10;
  static final int RESAMPLES = 300;
  static final long SEED = 7L;
  static final ComparisonSettings SETTINGS = ComparisonSettings.defaults().withResamples(RESAMPLES).withSeed(SEED);
  static final String SCRIPT_TOKEN = "<script>alert('x')</script>";
  /** Cycled over the rows; null is a token id the tokenizer has no token for. */
  static final String[] TOKENS = {SCRIPT_TOKEN, " the", "\n", "a&b", null, "\t\"quoted\"", "ü", "", "日本",
      "x\u200By"};

  final double[][] points;
  final long[] tokenIds;
  final String[] tokens;
  final double[] norms;
  final double[][] knn;
  final int[][] knnRows;
  /** Each row's distances to its max(50, K) nearest others, ascending: what the scan keeps for the grid. */
  final float[][] kept;
  final double[] densities;
  final double[] notebookDensities;
  final int[] exactDuplicates;
  final int[][] zeroNeighbours;
  final CoreDensityAnswer answer;
  final NotebookSummary notebook;

  private SyntheticSummary(double[][] points) {
    this.points = points;
    int n = points.length;
    tokenIds = new long[n];
    tokens = new String[n];
    norms = new double[n];
    for (int i = 0; i < n; i++) {
      tokenIds[i] = 100 + 7L * i;
      tokens[i] = TOKENS[i % TOKENS.length];
      norms[i] = Math.sqrt(Arrays.stream(points[i]).map(x -> x * x).sum());
    }
    double[][] all = distances(points);
    knn = new double[n][];
    knnRows = new int[n][];
    kept = new float[n][];
    int keptNeighbours = RobustnessGrid.keptNeighbours(n, K);
    densities = new double[n];
    notebookDensities = new double[n];
    exactDuplicates = new int[n];
    zeroNeighbours = new int[n][];
    for (int i = 0; i < n; i++) {
      double[] others = all[i].clone();
      others[i] = Double.POSITIVE_INFINITY;
      // Nearest first, ties by lower row: the order NeighbourScan gives.
      knnRows[i] = IntStream.range(0, n).boxed().sorted(Comparator.<Integer>comparingDouble(j -> others[j])
          .thenComparingInt(j -> j)).limit(K).mapToInt(Integer::intValue).toArray();
      knn[i] = Arrays.stream(knnRows[i]).mapToDouble(j -> others[j]).toArray();
      double[] nearest = Arrays.stream(others).sorted().limit(keptNeighbours).toArray();
      kept[i] = new float[nearest.length];
      for (int j = 0; j < nearest.length; j++) {
        kept[i][j] = (float) nearest[j];
      }
      densities[i] = 1.0 / Arrays.stream(knn[i]).average().orElseThrow();
      exactDuplicates[i] = (int) Arrays.stream(knn[i]).filter(d -> d == 0).count();
      final int row = i;
      zeroNeighbours[i] = IntStream.range(0, n).filter(j -> j != row && all[row][j] == 0).toArray();
      notebookDensities[i] = notebookDensity(all[i]);
    }
    answer = RegionComparison.compare(norms, densities, exactDuplicates, SETTINGS)
        .withIntrinsicDimension(intrinsicDimension());
    notebook = NotebookSummary.compute(tokenIds, norms, notebookDensities, K, DIMENSION, BINS);
  }

  /** The planted cloud, seeded. */
  static SyntheticSummary planted() {
    Random random = new Random(20240611L);
    List<double[]> points = new ArrayList<>();
    double[] coreCenter = new double[DIMENSION];
    coreCenter[0] = 1.0;
    for (int i = 0; i < 40; i++) {
      points.add(gaussian(random, coreCenter, 0.05));
    }
    for (int copy = 0; copy < 6; copy++) {
      points.add(points.get(3).clone()); // row 3 and six copies: a group of seven, all k = 5 neighbours at 0
    }
    for (int i = 0; i < 320; i++) {
      double[] direction = gaussian(random, new double[DIMENSION], 1.0);
      double length = Math.sqrt(Arrays.stream(direction).map(x -> x * x).sum());
      double radius = 3 + 5 * random.nextDouble();
      points.add(Arrays.stream(direction).map(x -> x * radius / length).toArray());
    }
    points.add(points.get(200).clone()); // an identical pair in the bulk: one zero neighbour each
    return new SyntheticSummary(points.toArray(new double[0][]));
  }

  /** The summary the job's own assembler makes of the cloud's per-token values. */
  Summary summary() {
    int n = points.length;
    double[] logVolumetric = new double[n];
    float[][] neighbourDistances = new float[n][];
    for (int i = 0; i < n; i++) {
      logVolumetric[i] = KnnDensity.logVolumetricDensity(K, DIMENSION, 1.0 / densities[i]);
      neighbourDistances[i] = new float[K];
      for (int j = 0; j < K; j++) {
        neighbourDistances[i][j] = (float) knn[i][j];
      }
    }
    TokenColumns columns = new TokenColumns(tokenIds, tokens, norms, densities, notebookDensities, logVolumetric,
        exactDuplicates, knnRows, neighbourDistances, kept);
    InputsBlock inputs = new InputsBlock("hdfs:///data/distances <x>.npy", "npy", "/data/token_indices.pt",
        "/data/metric.pt", "synthetic/planted-core", "lm_head.weight", "BF16", 151936L, DIMENSION, n,
        "synthetic/planted-core/tokenizer.json");
    OptionsBlock options = new OptionsBlock(K, DIMENSION, "option", BINS, "error", RESAMPLES, "off", 3, SEED, "matrix",
        new TokenSelectionBlock("--token-indices", "token-indices", tokenIds.length, null, null, "t.pt"),
        new MetricBlock("file", "m.pt", null, null), "keep");
    List<String> warnings = List.of("3 rows have a non-zero diagonal entry (self is excluded by index)",
        "token <b>bold</b> & co");
    return SummaryAssembler.assemble(inputs, options, warnings, columns, answer.bounds(), SETTINGS,
        answer.intrinsicDimension().participationRatio(), answer.intrinsicDimension().metricParticipationRatio(),
        DIMENSION, null, null, null);
  }

  private IntrinsicDimension intrinsicDimension() {
    int n = points.length;
    double[] mean = new double[DIMENSION];
    for (double[] p : points) {
      for (int a = 0; a < DIMENSION; a++) {
        mean[a] += p[a] / n;
      }
    }
    double[] covariance = new double[DIMENSION * DIMENSION];
    for (double[] p : points) {
      for (int a = 0; a < DIMENSION; a++) {
        for (int b = 0; b < DIMENSION; b++) {
          covariance[a * DIMENSION + b] += (p[a] - mean[a]) * (p[b] - mean[b]) / (n - 1);
        }
      }
    }
    return new IntrinsicDimension(TwoNn.maximumLikelihood(knn), TwoNn.linearFit(knn, 0.1),
        LevinaBickel.estimate(knn, K), ParticipationRatio.of(covariance, DIMENSION), n, DIMENSION, Double.NaN);
  }

  /** numpy's: the k+1 smallest of the row (self included), zeros dropped, first k averaged; 0 when none is left. */
  private static double notebookDensity(double[] row) {
    double[] sorted = row.clone();
    Arrays.sort(sorted);
    double[] positive = Arrays.stream(Arrays.copyOf(sorted, K + 1)).filter(d -> d > 0).limit(K).toArray();
    if (positive.length == 0) {
      return 0;
    }
    double mean = Arrays.stream(positive).average().orElseThrow();
    return mean > 0 ? 1.0 / mean : 0;
  }

  private static double[][] distances(double[][] points) {
    int n = points.length;
    double[][] d = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double s = 0;
        for (int a = 0; a < points[i].length; a++) {
          double diff = points[i][a] - points[j][a];
          s += diff * diff;
        }
        d[i][j] = Math.sqrt(s);
        d[j][i] = d[i][j];
      }
    }
    return d;
  }

  private static double[] gaussian(Random random, double[] center, double sigma) {
    double[] p = new double[center.length];
    for (int a = 0; a < p.length; a++) {
      p[a] = center[a] + sigma * random.nextGaussian();
    }
    return p;
  }
}
