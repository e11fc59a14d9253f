package org.causaldensity.spark;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.causaldensity.answer.ComparisonSettings;
import org.causaldensity.answer.ParticipationRatio;
import org.causaldensity.answer.RobustnessGrid;
import org.causaldensity.inputs.AnalysisInputs;
import org.causaldensity.inputs.AnalysisOptions;
import org.causaldensity.inputs.CausalNormCheck;
import org.causaldensity.inputs.MatrixFreeInputs;
import org.causaldensity.inputs.MatrixFreeRequest;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.DaemonThread;
import org.causaldensity.io.OutputFolder;
import org.causaldensity.io.tokenizer.TokenNames;
import org.causaldensity.knn.TokenNeighbours;
import org.causaldensity.linalg.Whitening;
import org.causaldensity.nulls.WhitenedGaussian;
import org.causaldensity.report.RunReports;
import org.causaldensity.report.RunTimings;
import org.causaldensity.report.SummaryAssembler;
import org.causaldensity.report.TokenColumns;
import org.causaldensity.report.summary.InputsBlock;
import org.causaldensity.report.summary.DuplicatesPolicyBlock;
import org.causaldensity.report.summary.OptionsBlock;
import org.causaldensity.selection.AnalysisPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run}, orchestrated: on the matrix-free path first {@link MatrixFreeSetup} (metric estimate, collapse of
 * identical rows), then {@link CausalNormStage} (token names decoded meanwhile), the participation ratio,
 * {@link NeighbourStage} feeding {@link TokensStage} ({@code tokens/}), the driver's {@link TokenColumns} and
 * {@link MatrixChecks}, then {@link RunReports}; everything is committed at once. Inputs are validated by
 * {@link AnalysisInputs} before this starts.
 */
public final class AnalysisJob {
  private static final Logger LOG = LoggerFactory.getLogger(AnalysisJob.class);
  private static final String JOB_GROUP = "causal-density-run";
  /** Staging sub-folder of the matrix-free path's whitened blocks (deleted before the commit). */
  static final String WHITENED_STAGING = "_whitened";

  private final SparkSession spark;
  private final AnalysisOptions options;
  private final AnalysisPath path;
  /** The matrix-free path's request, settled by {@link MatrixFreeSetup} when the job starts; null on the matrix path. */
  private final MatrixFreeRequest request;
  /** The inputs the stages read: given, or made from the matrix-free setup's result when the job starts. */
  private AnalysisInputs inputs;
  private MatrixFreeInputs prepared;
  private final OutputFolder output;
  private final RunTimings timings;
  /** Why token names are missing, when the tokenizer could not be used: the run goes on without them. */
  private final List<String> tokenizerWarnings = new CopyOnWriteArrayList<>();

  /** {@code timings} holds what was timed before (validation, Spark start); the stages add theirs. */
  public AnalysisJob(SparkSession spark, AnalysisOptions options, AnalysisInputs inputs, OutputFolder output,
      RunTimings timings) {
    this(spark, options, AnalysisPath.choose(options.distances(), options.tokenIndices(), null, options.metric(),
        null, null, options.seed()), null, inputs, output, timings);
  }

  private AnalysisJob(SparkSession spark, AnalysisOptions options, AnalysisPath path, MatrixFreeRequest request,
      AnalysisInputs inputs, OutputFolder output, RunTimings timings) {
    this.spark = spark;
    this.options = options;
    this.path = path;
    this.request = request;
    this.inputs = inputs;
    this.output = output;
    this.timings = timings;
  }

  /**
   * The matrix-free path as {@code request} asks it ({@code --tokens}, {@code --metric estimate|identity},
   * {@code --duplicates}): its setup stages run first, then the exact kNN engine on the ids they leave.
   */
  public static AnalysisJob matrixFree(SparkSession spark, AnalysisOptions options, MatrixFreeRequest request,
      OutputFolder output, RunTimings timings) {
    return new AnalysisJob(spark, options, request.path(), request, null, output, timings);
  }

  /** Runs the analysis and commits OUT; on any failure OUT is left untouched and the staging folder removed. */
  public void execute() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setJobGroup(JOB_GROUP, "causal-density run → " + options.out(), false);
    ExecutorService driverThread = DaemonThread.executor("causal-density-driver");
    JavaRDD<TokenNeighbours> neighbours = null;
    try {
      Broadcast<HadoopConf> conf = jsc.broadcast(new HadoopConf(jsc.hadoopConfiguration()));
      if (request != null) {
        // Selection, metric and collapse are settled before the norms: every later stage sees the analysed ids and M.
        prepared = MatrixFreeSetup.prepare(jsc, request, output, timings);
        inputs = AnalysisInputs.matrixFree(prepared);
      }
      // Token names need only the ids: decoded on a driver thread while the executors compute the norms.
      Future<String[]> tokenNames = driverThread.submit(this::tokenStrings);
      long start = System.nanoTime();
      CausalNormStage.Norms norms = CausalNormStage.run(jsc, inputs, options, conf);
      timings.record("causal_norms", start);
      // The metric's participation ratio is d² work; the sample's is d_eff, or else computed on the driver thread
      // while the scan runs.
      double metricRatio = ParticipationRatio.ofMetric(inputs.metric(), inputs.checkpoint().hiddenSize());
      Future<Double> participationRatio = driverThread.submit(() -> timedParticipationRatio(norms));
      double dEff = switch (options.dEffSource()) {
        case SAMPLE_PARTICIPATION_RATIO -> usableDEff(DaemonThread.await(participationRatio), options.model(),
            "the participation ratio of the sampled embeddings");
        case METRIC_PARTICIPATION_RATIO -> usableDEff(metricRatio, options.metric(),
            "the participation ratio of the metric's eigenvalues");
        case OPTION -> options.dEff();
      };
      String[] tokens = DaemonThread.await(tokenNames);

      // One pass over the matrix: the tokens/ write computes the neighbours and keeps them cached (O(max(50, k)) per
      // row: the robustness grid's k values; tokens/ keeps k); the driver's copy comes from that cache, not from
      // reading tokens/ back.
      start = System.nanoTime();
      neighbours = neighbours(jsc, conf, norms).persist(StorageLevel.MEMORY_AND_DISK());
      TokenTable table = new TokenTable(options.k(), dEff, inputs.tokenIds(), norms.norms(), tokens,
          prepared == null ? null : prepared.multiplicities());
      TokensStage.write(jsc, conf, neighbours, table, output.stagingPath("tokens"), inputs.n(),
          options.distancesSource());
      List<TokenNeighbours> scanned = neighbours.collect();
      TokenColumns columns = table.columns(scanned);
      MatrixChecks checks = MatrixChecks.of(scanned);
      timings.record("neighbours_and_densities", start);
      checks.refuseInvalid(options);
      double ratio = DaemonThread.await(participationRatio);

      start = System.nanoTime();
      List<String> warnings = checks.warnings(inputs.warnings());
      warnings.addAll(tokenizerWarnings);
      warnings.forEach(w -> LOG.warn("{}", w));
      ComparisonSettings settings = ComparisonSettings.defaults().withSeed(options.seed())
          .withResamples(options.bootstrapResamples());
      boolean nullModels = options.runNullModels(inputs.n());
      SummaryAssembler.NullModelSetup nulls = nullModels ? nullModelSetup(norms) : null;
      long selected = prepared == null ? inputs.n() : prepared.request().selectedIds().length;
      long covarianceRows = prepared == null ? 0 : prepared.covarianceRows();
      RunReports.write(output, InputsBlock.of(options, inputs, tokens != null),
          OptionsBlock.of(options, dEff, nullModels, path, selected, covarianceRows), warnings, columns, settings,
          ratio, metricRatio, inputs.checkpoint().hiddenSize(), nulls, timings,
          RunProvenance.collect(spark.sparkContext(), options, jscConf()).toMap(),
          prepared == null ? null : DuplicatesPolicyBlock.of(prepared));
      timings.record("reports", start);
      output.write("run_info.json", timings.json().getBytes(StandardCharsets.UTF_8));
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

  /**
   * The neighbours of every token, as many as the robustness grid needs (tokens/ keeps the run's k of them): from
   * the {@code .npy} or the row blocks when a matrix was given, else computed exactly from the checkpoint and the
   * metric (matrix-free: the ids and M the setup settled, M = I written out for {@code --metric identity}; the fast
   * pass is centred on the sampled rows' mean, and its staged blocks live in the staging folder only while it runs).
   */
  private JavaRDD<TokenNeighbours> neighbours(JavaSparkContext jsc, Broadcast<HadoopConf> conf,
      CausalNormStage.Norms norms) {
    int kept = RobustnessGrid.keptNeighbours(inputs.n(), options.k());
    if (inputs.matrix() == null) {
      Whitening whitening = Whitening.of(inputs.metric(), inputs.checkpoint().hiddenSize(), options.metric());
      return ExactNeighbourStage.compute(jsc, inputs.checkpoint(), jsc.broadcast(inputs.tokenIds()), whitening,
          norms.covariance().mean(), options.k(), kept, output.stagingPath(WHITENED_STAGING), conf);
    }
    int n = (int) inputs.matrix().n();
    return inputs.matrix().rowBlocks()
        ? NeighbourStage.fromRowBlocks(jsc, inputs.matrix().path(), n, options.k(), kept, conf)
        : NeighbourStage.fromNpy(jsc, inputs.matrix().path(), n, options.k(), kept, conf);
  }

  /** The Gaussian null's whitened moments (from the norm stage's γ covariance and M) and the null models' threads. */
  private SummaryAssembler.NullModelSetup nullModelSetup(CausalNormStage.Norms norms) {
    int threads = Runtime.getRuntime().availableProcessors();
    try {
      return new SummaryAssembler.NullModelSetup(WhitenedGaussian.of(norms.covariance().mean(),
          norms.covariance().covariance(), inputs.metric(), inputs.checkpoint().hiddenSize(), threads),
          options.nullSeeds(), threads);
    } catch (IllegalArgumentException e) {
      throw CausalDensityException.inconsistent(options.metric(), "cannot whiten for the Gaussian null model: %s "
          + "(use --null-models off)", e.getMessage());
    }
  }

  /** PR of the M-whitened sampled embeddings, timed into run_info.json. */
  private double timedParticipationRatio(CausalNormStage.Norms norms) {
    long start = System.nanoTime();
    double ratio = ParticipationRatio.ofMetricAndCovariance(inputs.metric(), norms.covariance().covariance(),
        inputs.checkpoint().hiddenSize(), Runtime.getRuntime().availableProcessors());
    timings.record("participation_ratio", start);
    return ratio;
  }

  /** A participation ratio used as d_eff; NaN, ≤ 0 or infinite is refused, blaming {@code file}. */
  private static double usableDEff(double participationRatio, String file, String what) {
    if (!(participationRatio > 0) || Double.isInfinite(participationRatio)) {
      throw CausalDensityException.inconsistent(file, "%s is %s, not a usable d_eff; give --d-eff a number", what,
          participationRatio);
    }
    return participationRatio;
  }

  private String[] tokenStrings() {
    String tokenizer = options.tokenizer() != null ? options.tokenizer()
        : TokenNames.inModelFolder(options.model(), jscConf());
    return tokenizer == null ? null
        : TokenNames.decodeOrWarn(tokenizer, jscConf(), inputs.tokenIds(), tokenizerWarnings::add);
  }

  private org.apache.hadoop.conf.Configuration jscConf() {
    return spark.sparkContext().hadoopConfiguration();
  }
}
