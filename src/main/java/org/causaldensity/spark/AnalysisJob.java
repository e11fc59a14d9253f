package org.causaldensity.spark;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.causaldensity.answer.ComparisonSettings;
import org.causaldensity.answer.CoreDensityAnswer;
import org.causaldensity.answer.CovarianceAccumulator;
import org.causaldensity.answer.ParticipationRatio;
import org.causaldensity.answer.RegionBounds;
import org.causaldensity.answer.RegionComparison;
import org.causaldensity.inputs.AnalysisInputs;
import org.causaldensity.inputs.AnalysisOptions;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HadoopFiles;
import org.causaldensity.io.OutputFolder;
import org.causaldensity.io.tokens.TokensParquet;
import org.causaldensity.io.tokenizer.TokenNames;
import org.causaldensity.knn.TokenNeighbours;
import org.causaldensity.linalg.Gemm;
import org.causaldensity.report.HtmlReport;
import org.causaldensity.report.Plots;
import org.causaldensity.report.RadialProfileCsv;
import org.causaldensity.report.RunSummary;
import org.causaldensity.report.SummaryJson;
import org.causaldensity.report.TokenColumns;
import org.causaldensity.selection.AnalysisPath;
import org.causaldensity.stats.NotebookSummary;
import org.causaldensity.stats.RadialProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run}: causal norms (token names decoded meanwhile) → neighbours and densities per token → {@code tokens/} →
 * summary, profile, plots and report, committed all at once. Inputs are validated by {@link AnalysisInputs} before
 * this starts.
 */
public final class AnalysisJob {
  private static final Logger LOG = LoggerFactory.getLogger(AnalysisJob.class);
  private static final String JOB_GROUP = "causal-density-run";

  private final SparkSession spark;
  private final AnalysisOptions options;
  private final AnalysisPath path;
  private final AnalysisInputs inputs;
  private final OutputFolder output;
  private final Map<String, Double> timings;
  private double dEff;
  private double participationRatio;
  private CovarianceAccumulator covariance;
  private Future<Double> participationRatioDone;
  private volatile double participationRatioSeconds;

  /** {@code timings} holds what was timed before (validation, Spark start); the stages add theirs. */
  public AnalysisJob(SparkSession spark, AnalysisOptions options, AnalysisInputs inputs, OutputFolder output,
      Map<String, Double> timings) {
    this(spark, options, AnalysisPath.matrix(options.tokenIndices(), options.metric()), inputs, output, timings);
  }

  /** As above, with the path's choices as {@link AnalysisPath#choose} checked them (matrix path). */
  public AnalysisJob(SparkSession spark, AnalysisOptions options, AnalysisPath path, AnalysisInputs inputs,
      OutputFolder output, Map<String, Double> timings) {
    this.path = path;
    this.timings = timings;
    this.spark = spark;
    this.options = options;
    this.inputs = inputs;
    this.output = output;
  }

  /** Runs the analysis and commits OUT; on any failure OUT is left untouched and the staging folder removed. */
  public void execute() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setJobGroup(JOB_GROUP, "causal-density run → " + options.out(), false);
    ExecutorService driverThread = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "causal-density-driver");
      thread.setDaemon(true);
      return thread;
    });
    JavaRDD<TokenNeighbours> neighbours = null;
    try {
      Broadcast<HadoopConf> conf = jsc.broadcast(new HadoopConf(spark.sparkContext().hadoopConfiguration()));
      // Token names need only the ids: decoded on a driver thread while the executors compute the norms. The same
      // thread computes the participation ratio during the scan when d_eff does not depend on it.
      Future<String[]> tokenNames = driverThread.submit(this::tokenStrings);
      double[] norms = causalNorms(jsc, conf);
      chooseDEff(driverThread);
      String[] tokens = await(tokenNames);
      // One pass over the matrix: the tokens/ write computes the neighbours and keeps them cached (O(k) per row);
      // the driver's copy comes from that cache, not from reading tokens/ back.
      long start = System.nanoTime();
      neighbours = neighbours(jsc, conf).persist(StorageLevel.MEMORY_AND_DISK());
      TokenTable table = new TokenTable(options.k(), dEff, inputs.tokenIds(), norms, tokens);
      writeTokens(jsc, conf, neighbours, table);
      TokenValues values = TokenValues.of(neighbours.collect(), table);
      timings.put("neighbours_and_densities", seconds(start));
      if (values.invalidTotal > 0 && options.onInvalid() == AnalysisOptions.OnInvalid.ERROR) {
        throw CausalDensityException.inconsistent(options.distances(), "%d distances are NaN, infinite or negative; "
            + "the first is at row %d, column %d (use --on-invalid skip to leave them out)", values.invalidTotal,
            values.firstInvalidRow, values.firstInvalidColumn);
      }
      if (participationRatioDone != null) {
        participationRatio = await(participationRatioDone);
      }
      timings.put("participation_ratio", participationRatioSeconds);
      covariance = null;
      writeReports(values);
      output.commit();
      LOG.info("wrote {}", options.out());
    } catch (RuntimeException e) {
      jsc.cancelJobGroup(JOB_GROUP);
      output.abort();
      throw e;
    } finally {
      driverThread.shutdownNow();
      if (neighbours != null) {
        neighbours.unpersist(false);
      }
      jsc.clearJobGroup();
    }
  }

  /** The neighbours of every matrix row, from the {@code .npy} or the row blocks. */
  private JavaRDD<TokenNeighbours> neighbours(JavaSparkContext jsc, Broadcast<HadoopConf> conf) {
    int n = (int) inputs.matrix().n();
    return inputs.matrix().rowBlocks()
        ? NeighbourStage.fromRowBlocks(jsc, inputs.matrix().path(), n, options.k(), conf)
        : NeighbourStage.fromNpy(jsc, inputs.matrix().path(), n, options.k(), conf);
  }

  /** The value of a driver thread's work; its failure is rethrown with its cause chain (exit codes live there). */
  private static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a driver thread", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }

  private double[] causalNorms(JavaSparkContext jsc, Broadcast<HadoopConf> conf) {
    long start = System.nanoTime();
    Broadcast<long[]> ids = jsc.broadcast(inputs.tokenIds());
    Broadcast<float[]> metric = jsc.broadcast(inputs.metric());
    CausalNormStage.Result result = CausalNormStage.compute(jsc, inputs.checkpoint(), ids, metric, conf);
    metric.destroy();
    double[] squared = result.squaredNorms();
    double[] norms = new double[squared.length];
    int negative = 0;
    int first = -1;
    for (int i = 0; i < squared.length; i++) {
      if (!(squared[i] >= 0)) {
        if (negative++ == 0) {
          first = i;
        }
      }
      norms[i] = Math.sqrt(squared[i]);
    }
    if (negative > 0) {
      throw CausalDensityException.inconsistent(options.metric(), "M is not positive semi-definite: %d of %d tokens "
          + "have γᵀMγ < 0 or NaN (first: row %d, token id %d, γᵀMγ = %.6g)", negative, squared.length, first,
          inputs.tokenIds()[first], squared[first]);
    }
    timings.put("causal_norms", seconds(start));
    covariance = result.covariance();
    return norms;
  }

  /**
   * d_eff, and the participation ratio: computed now when it is d_eff, else on the driver thread while the scan runs
   * (then {@link #participationRatioDone} must be awaited before the reports).
   */
  private void chooseDEff(ExecutorService driverThread) {
    if (options.dEffFromParticipationRatio()) {
      participationRatio = timedParticipationRatio();
      dEff = participationRatio;
      if (!(dEff > 0) || Double.isInfinite(dEff)) {
        throw CausalDensityException.inconsistent(options.model(), "the participation ratio of the sampled embeddings "
            + "is %s, not a usable d_eff; give --d-eff a number", dEff);
      }
    } else {
      dEff = options.dEff();
      participationRatioDone = driverThread.submit(this::timedParticipationRatio);
    }
  }

  private double timedParticipationRatio() {
    long start = System.nanoTime();
    double ratio = participationRatio(covariance);
    participationRatioSeconds = seconds(start);
    return ratio;
  }

  /** PR of the M-whitened sampled embeddings: tr(MC)² / tr(MCMC), with MC from the GEMM kernel. */
  private double participationRatio(CovarianceAccumulator covariance) {
    int d = inputs.checkpoint().hiddenSize();
    double[] cov = covariance.covariance();
    float[] c = new float[cov.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = (float) cov[i];
    }
    float[] mc = new float[c.length];
    Gemm.multiply(inputs.metric(), d, c, d, d, mc, Runtime.getRuntime().availableProcessors());
    return ParticipationRatio.ofMetricProduct(mc, d);
  }

  private String[] tokenStrings() {
    String tokenizer = options.tokenizer() != null ? options.tokenizer()
        : TokenNames.inModelFolder(options.model(), spark.sparkContext().hadoopConfiguration());
    return tokenizer == null ? null
        : TokenNames.decode(tokenizer, spark.sparkContext().hadoopConfiguration(), inputs.tokenIds());
  }

  /**
   * tokens/ from the neighbours and the table (norms, token names and d_eff): one Parquet file per partition, written by the
   * task under a name of its attempt and renamed into place (a retried or speculative attempt writes the same bytes,
   * and never leaves half a file under the final name); then _SUCCESS. Parquet's own writer rather than Spark SQL's:
   * the same schema and bytes a reader sees, without ~2 s of query planning and code generation in a 12 s run.
   */
  private void writeTokens(JavaSparkContext jsc, Broadcast<HadoopConf> conf, JavaRDD<TokenNeighbours> neighbours,
      TokenTable rows) {
    Broadcast<TokenTable> table = jsc.broadcast(rows);
    String dir = output.stagingPath("tokens");
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    try {
      HadoopFiles.fileSystem(dir, hadoop).mkdirs(new org.apache.hadoop.fs.Path(dir));
    } catch (java.io.IOException e) {
      throw CausalDensityException.io(dir, e);
    }
    Map<String, String> metadata = Map.of(SPARK_SCHEMA_KEY, TokenTable.SCHEMA.json());
    LOG.info("tokens/: scanning the matrix and writing {} parts", neighbours.getNumPartitions());
    long written = neighbours.mapPartitions(it -> List.of(writeTokenPart(it, dir, table.value(), metadata,
        conf.value())).iterator()).collect().stream().mapToLong(Long::longValue).sum();
    table.destroy();
    TaskOutput.removeAttempts(dir, hadoop);
    if (written != inputs.matrix().n()) {
      throw CausalDensityException.inconsistent(options.distances(), "tokens/ got %d rows, expected %d", written,
          inputs.matrix().n());
    }
    try {
      HadoopFiles.create(dir + "/" + OutputFolder.SUCCESS, hadoop).close();
    } catch (java.io.IOException e) {
      throw CausalDensityException.io(dir + "/" + OutputFolder.SUCCESS, e);
    }
  }

  /** Spark's key for its own schema in a Parquet footer: Spark then reads the types exactly as it wrote them. */
  static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

  private static long writeTokenPart(java.util.Iterator<TokenNeighbours> rows, String dir, TokenTable table,
      Map<String, String> metadata, HadoopConf conf) {
    String name = String.format(Locale.ROOT, "part-%05d.parquet", TaskContext.get().partitionId());
    String attempt = TaskOutput.attemptPath(dir, name);
    long count;
    try (TokensParquet.Writer writer = new TokensParquet.Writer(attempt, conf.get(), metadata)) {
      while (rows.hasNext()) {
        writer.write(table.row(rows.next()));
      }
      count = writer.rows();
    }
    TaskOutput.publish(attempt, dir, name, conf.get());
    return count;
  }

  private void writeReports(TokenValues values) {
    long start = System.nanoTime();
    TokenColumns tokens = values.columns;
    ComparisonSettings settings = ComparisonSettings.defaults().withSeed(options.seed())
        .withResamples(options.bootstrapResamples());
    RegionBounds bounds = RegionBounds.fromPercentiles(tokens.causalNorms(), settings);
    RadialProfile profile = RadialProfile.of(tokens.causalNorms(), tokens.notebookDensities(), options.bins());
    // The plots depend on nothing the summary computes: they render on another core meanwhile.
    ExecutorService plotThread = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "causal-density-plots");
      thread.setDaemon(true);
      return thread;
    });
    try {
      Future<Map<String, byte[]>> plotsRendered = plotThread.submit(() -> plots(tokens, profile, bounds));
      NotebookSummary notebook = NotebookSummary.compute(inputs.tokenIds(), tokens.causalNorms(),
          tokens.notebookDensities(), options.k(), dEff, options.bins());
      CoreDensityAnswer answer = RegionComparison.compare(tokens.causalNorms(), tokens.densities(),
          tokens.exactDuplicates(), bounds, settings).withIntrinsicDimension(
              RunSummary.intrinsicDimension(tokens, options.k(), participationRatio, tokens.size(),
                  inputs.checkpoint().hiddenSize()));
      List<Map<String, Object>> groups = RunSummary.duplicateGroups(tokens);

      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("inputs", inputsBlock(tokens));
      summary.put("options", optionsBlock());
      summary.put("warnings", warnings(values));
      summary.put("notebook", notebook.toMap());
      summary.put("product", RunSummary.productBlock(tokens));
      Map<String, Object> answerBlock = new LinkedHashMap<>(answer.toMap());
      answerBlock.put("duplicates_policy", path.duplicates().spelling());
      summary.put("answer", answerBlock);
      summary.put("n_duplicate_groups", (long) groups.size());
      summary.put("duplicate_groups", RunSummary.listed(groups));
      summary.put("extremes", RunSummary.extremes(tokens, answer.bounds()));
      output.write("summary.json", SummaryJson.render(summary).getBytes(StandardCharsets.UTF_8));
      output.write("radial_profile.csv", RadialProfileCsv.render(profile.edges(), profile.centers(),
          profile.count(), profile.meanDensity(), profile.stdDensity()).getBytes(StandardCharsets.UTF_8));
      Map<String, byte[]> plots = await(plotsRendered);
      plots.forEach((name, png) -> output.write("plots/" + name, png));
      output.write("report.html", HtmlReport.render(summary, plots).getBytes(StandardCharsets.UTF_8));
    } finally {
      plotThread.shutdownNow();
    }
    timings.put("reports", seconds(start));
    output.write("run_info.json", SummaryJson.render(Map.of("timings_seconds", timings))
        .getBytes(StandardCharsets.UTF_8));
  }

  private Map<String, byte[]> plots(TokenColumns tokens, RadialProfile profile, RegionBounds bounds) {
    int n = tokens.size();
    Map<String, byte[]> plots = new LinkedHashMap<>();
    plots.put("density_vs_norm.png", Plots.logScatter(tokens.causalNorms(), tokens.densities(),
        String.format(Locale.ROOT, "Local density vs causal norm (N=%,d, k=%d)", n, options.k()),
        "Local density 1/mean kNN distance (1/logometers)"));
    Map<String, double[]> regions = new LinkedHashMap<>();
    double[] norms = tokens.causalNorms();
    double[] densities = tokens.densities();
    regions.put("core", IntStream.range(0, n).filter(i -> bounds.isCore(norms[i])).mapToDouble(i -> densities[i])
        .toArray());
    regions.put("shell", IntStream.range(0, n).filter(i -> bounds.isShell(norms[i])).mapToDouble(i -> densities[i])
        .toArray());
    regions.put("outer", IntStream.range(0, n).filter(i -> bounds.isOuter(norms[i])).mapToDouble(i -> densities[i])
        .toArray());
    plots.put("region_densities.png", Plots.regionDensities(regions, "Local density by region"));
    double[] edges = profile.edges();
    plots.put("radial_profile.png", Plots.radialProfile(profile.centers(), profile.meanDensity(),
        profile.stdDensity(), profile.count(), edges.length > 1 ? edges[1] - edges[0] : 1,
        "Radial density profile (notebook estimator: exact duplicates scored 0)"));
    plots.put("log_volumetric_density_vs_norm.png", Plots.linearScatter(tokens.causalNorms(),
        tokens.logVolumetricDensities(),
        String.format(Locale.ROOT, "Log volumetric density vs causal norm (d_eff=%s)", trim(dEff)),
        "log ρ = log k − log V_d(r)  (natural log)"));
    return plots;
  }

  private Map<String, Object> inputsBlock(TokenColumns tokens) {
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("distances", options.distances());
    block.put("distances_format", inputs.matrix().rowBlocks() ? "row-blocks" : "npy");
    block.put("token_indices", options.tokenIndices());
    block.put("metric", options.metric());
    block.put("model", options.model());
    block.put("unembedding_tensor", inputs.checkpoint().tensorName());
    block.put("unembedding_dtype", String.valueOf(inputs.checkpoint().dtype()));
    block.put("vocab_size", inputs.checkpoint().vocabSize());
    block.put("hidden_size", inputs.checkpoint().hiddenSize());
    block.put("n_tokens", inputs.matrix().n());
    block.put("tokenizer", tokens.tokens() == null ? null
        : options.tokenizer() != null ? options.tokenizer() : options.model() + "/tokenizer.json");
    return block;
  }

  private Map<String, Object> optionsBlock() {
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("k", options.k());
    block.put("d_eff", dEff);
    block.put("d_eff_source", options.dEffFromParticipationRatio() ? "participation-ratio" : "option");
    block.put("bins", options.bins());
    block.put("on_invalid", options.onInvalid().name().toLowerCase(Locale.ROOT));
    block.put("bootstrap_resamples", options.bootstrapResamples());
    block.put("seed", options.seed());
    block.putAll(path.toSummary(inputs.matrix().n(), 0));
    return block;
  }

  private List<String> warnings(TokenValues values) {
    List<String> all = new ArrayList<>(inputs.warnings());
    if (values.nonZeroDiagonal > 0) {
      all.add(String.format(Locale.ROOT, "%d rows have a non-zero diagonal entry (self is excluded by index)",
          values.nonZeroDiagonal));
    }
    if (values.invalidTotal > 0) {
      all.add(String.format(Locale.ROOT, "%d NaN, infinite or negative distances were left out of the neighbours",
          values.invalidTotal));
    }
    all.forEach(w -> LOG.warn("{}", w));
    return all;
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }

  /** Seconds since {@code startNanos}, to the millisecond. */
  public static double seconds(long startNanos) {
    return Math.round((System.nanoTime() - startNanos) / 1e6) / 1e3;
  }
}
