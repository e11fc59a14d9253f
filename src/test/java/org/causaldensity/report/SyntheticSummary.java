package org.causaldensity.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.causaldensity.answer.ComparisonSettings;
import org.causaldensity.answer.CoreDensityAnswer;
import org.causaldensity.answer.DuplicateGroups;
import org.causaldensity.answer.IntrinsicDimension;
import org.causaldensity.answer.LevinaBickel;
import org.causaldensity.answer.ParticipationRatio;
import org.causaldensity.answer.RegionBounds;
import org.causaldensity.answer.RegionComparison;
import org.causaldensity.answer.TwoNn;
import org.causaldensity.density.KnnDensity;
import org.causaldensity.stats.NotebookSummary;

/**
 * A summary map built the way the job builds it, from real computations on a small point cloud: a tight cluster
 * near the origin (the dense core), a wide bulk further out, one group of seven identical core points (density +∞
 * at k = 5) and one identical pair in the bulk. Token strings include HTML, whitespace and a missing token.
 */
final class SyntheticSummary {
  static final int K = 5;
  static final int DIMENSION = 6;
  static final int BINS = 10;
  static final int RESAMPLES = 300;
  static final long SEED = 7L;
  static final String SCRIPT_TOKEN = "<script>alert('x')</script>";
  /** Cycled over the rows; null is a token id the tokenizer has no token for. */
  static final String[] TOKENS = {SCRIPT_TOKEN, " the", "\n", "a&b", null, "\t\"quoted\"", "ü", "", "日本",
      "x\u200By"};

  final double[][] points;
  final long[] tokenIds;
  final String[] tokens;
  final double[] norms;
  final double[][] knn;
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
    densities = new double[n];
    notebookDensities = new double[n];
    exactDuplicates = new int[n];
    zeroNeighbours = new int[n][];
    for (int i = 0; i < n; i++) {
      double[] others = all[i].clone();
      others[i] = Double.POSITIVE_INFINITY;
      double[] sorted = others.clone();
      Arrays.sort(sorted);
      knn[i] = Arrays.copyOf(sorted, K);
      densities[i] = 1.0 / Arrays.stream(knn[i]).average().orElseThrow();
      exactDuplicates[i] = (int) Arrays.stream(knn[i]).filter(d -> d == 0).count();
      final int row = i;
      zeroNeighbours[i] = IntStream.range(0, n).filter(j -> j != row && all[row][j] == 0).toArray();
      notebookDensities[i] = notebookDensity(all[i]);
    }
    ComparisonSettings settings = ComparisonSettings.defaults().withResamples(RESAMPLES).withSeed(SEED);
    answer = RegionComparison.compare(norms, densities, exactDuplicates, settings)
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

  /** The summary map with the job's top-level keys. */
  Map<String, Object> summary() {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("inputs", inputs());
    summary.put("options", options());
    summary.put("warnings", List.of("3 rows have a non-zero diagonal entry (self is excluded by index)",
        "token <b>bold</b> & co"));
    summary.put("notebook", notebook.toMap());
    summary.put("product", product());
    summary.put("answer", answer.toMap());
    List<DuplicateGroups.Group> groups = DuplicateGroups.build(zeroNeighbours, tokenIds, norms);
    List<Map<String, Object>> groupMaps = new ArrayList<>();
    for (DuplicateGroups.Group g : groups) {
      Map<String, Object> map = new LinkedHashMap<>(g.toMap());
      map.put("token_ids", g.tokenIds());
      List<String> names = new ArrayList<>();
      for (long id : g.tokenIds()) {
        names.add(tokens[(int) ((id - 100) / 7)]);
      }
      map.put("tokens", names);
      groupMaps.add(map);
    }
    summary.put("duplicate_groups", groupMaps);
    summary.put("n_duplicate_groups", (long) groups.size());
    summary.put("extremes", extremes(answer.bounds(), 3));
    return summary;
  }

  private Map<String, Object> inputs() {
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("distances", "hdfs:///data/distances <x>.npy");
    inputs.put("distances_format", "npy");
    inputs.put("token_indices", "/data/token_indices.pt");
    inputs.put("metric", "/data/metric.pt");
    inputs.put("model", "synthetic/planted-core");
    inputs.put("unembedding_tensor", "lm_head.weight");
    inputs.put("unembedding_dtype", "BF16");
    inputs.put("vocab_size", 151936L);
    inputs.put("hidden_size", DIMENSION);
    inputs.put("n_tokens", points.length);
    return inputs;
  }

  private static Map<String, Object> options() {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("k", K);
    options.put("d_eff", (double) DIMENSION);
    options.put("d_eff_source", "option");
    options.put("bins", BINS);
    options.put("on_invalid", "error");
    options.put("bootstrap_resamples", RESAMPLES);
    options.put("seed", SEED);
    return options;
  }

  private Map<String, Object> product() {
    double[] logVolumetric = new double[densities.length];
    for (int i = 0; i < densities.length; i++) {
      logVolumetric[i] = KnnDensity.logVolumetricDensity(K, DIMENSION, 1.0 / densities[i]);
    }
    Map<String, Object> product = new LinkedHashMap<>();
    product.put("density", describe(densities));
    product.put("log_volumetric_density", describe(logVolumetric));
    product.put("tokens_with_exact_duplicates", Arrays.stream(exactDuplicates).filter(c -> c > 0).count());
    return product;
  }

  private static Map<String, Object> describe(double[] values) {
    double[] finite = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("n_finite", finite.length);
    block.put("n_infinite", Arrays.stream(values).filter(v -> v == Double.POSITIVE_INFINITY).count());
    block.put("min_finite", finite[0]);
    block.put("max_finite", finite[finite.length - 1]);
    int m = finite.length / 2;
    block.put("median_finite", finite.length % 2 == 1 ? finite[m] : (finite[m - 1] + finite[m]) / 2);
    return block;
  }

  /** Densest and sparsest {@code count} tokens of each region, ties by row. */
  Map<String, Object> extremes(RegionBounds bounds, int count) {
    Map<String, Object> extremes = new LinkedHashMap<>();
    for (String region : new String[] {"core", "shell", "outer"}) {
      List<Integer> rows = new ArrayList<>();
      for (int i = 0; i < norms.length; i++) {
        boolean in = region.equals("core") ? bounds.isCore(norms[i])
            : region.equals("shell") ? bounds.isShell(norms[i]) : bounds.isOuter(norms[i]);
        if (in) {
          rows.add(i);
        }
      }
      Comparator<Integer> byDensity = Comparator.comparingDouble(i -> densities[i]);
      List<Integer> sparsest = rows.stream().sorted(byDensity).limit(count).toList();
      List<Integer> densest = rows.stream().sorted(byDensity.reversed()).limit(count).toList();
      Map<String, Object> block = new LinkedHashMap<>();
      block.put("densest", densest.stream().map(this::tokenEntry).toList());
      block.put("sparsest", sparsest.stream().map(this::tokenEntry).toList());
      extremes.put(region, block);
    }
    return extremes;
  }

  private Map<String, Object> tokenEntry(int row) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("row", (long) row);
    entry.put("token_id", tokenIds[row]);
    entry.put("token", tokens[row]);
    entry.put("causal_norm", norms[row]);
    entry.put("density", densities[row]);
    return entry;
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
