package org.causaldensity.spark;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.causaldensity.inputs.AnalysisInputs;
import org.causaldensity.inputs.AnalysisOptions;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.OutputFolder;
import org.causaldensity.report.Plots;
import org.causaldensity.report.RadialProfileCsv;
import org.causaldensity.report.SummaryJson;
import org.causaldensity.stats.NotebookSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run}: causal norms → neighbours and densities per token → {@code tokens/} → summary, profile and plots,
 * committed all at once. Inputs are validated by {@link AnalysisInputs} before this starts.
 */
public final class AnalysisJob {
  private static final Logger LOG = LoggerFactory.getLogger(AnalysisJob.class);

  private final SparkSession spark;
  private final AnalysisOptions options;
  private final AnalysisInputs inputs;
  private final OutputFolder output;
  private final Map<String, Double> timings = new LinkedHashMap<>();

  public AnalysisJob(SparkSession spark, AnalysisOptions options, AnalysisInputs inputs, OutputFolder output) {
    this.spark = spark;
    this.options = options;
    this.inputs = inputs;
    this.output = output;
  }

  /** Runs the analysis and commits OUT; on any failure OUT is left untouched and the staging folder removed. */
  public void execute() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setJobGroup("causal-density-run", "causal-density run → " + options.out(), false);
    try {
      Broadcast<HadoopConf> conf = jsc.broadcast(new HadoopConf(spark.sparkContext().hadoopConfiguration()));
      double[] norms = causalNorms(jsc, conf);
      TokenValues tokens = writeTokens(jsc, conf, norms);
      writeReports(tokens);
      output.commit();
      LOG.info("wrote {}", options.out());
    } catch (RuntimeException e) {
      output.abort();
      throw e;
    } finally {
      jsc.clearJobGroup();
    }
  }

  private double[] causalNorms(JavaSparkContext jsc, Broadcast<HadoopConf> conf) {
    long start = System.nanoTime();
    Broadcast<long[]> ids = jsc.broadcast(inputs.tokenIds());
    Broadcast<float[]> metric = jsc.broadcast(inputs.metric());
    double[] squared = CausalNormStage.squaredNorms(jsc, inputs.checkpoint(), ids, metric, conf);
    metric.destroy();
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
    return norms;
  }

  private TokenValues writeTokens(JavaSparkContext jsc, Broadcast<HadoopConf> conf, double[] norms) {
    long start = System.nanoTime();
    int n = (int) inputs.matrix().n();
    Broadcast<TokenTable> table = jsc.broadcast(new TokenTable(options.k(), options.dEff(), inputs.tokenIds(), norms,
        null));
    JavaRDD<Row> rows = inputs.matrix().rowBlocks()
        ? NeighbourStage.fromRowBlocks(spark, inputs.matrix().path(), n, options.k(), table)
        : NeighbourStage.fromNpy(jsc, inputs.matrix().path(), n, options.k(), table, conf);
    String tokensPath = output.stagingPath("tokens");
    spark.createDataFrame(rows, TokenTable.SCHEMA).write().parquet(tokensPath);
    timings.put("neighbours_and_densities", seconds(start));
    TokenValues values = TokenValues.collect(spark, tokensPath, n);
    checkDistances(values);
    return values;
  }

  private void checkDistances(TokenValues values) {
    if (values.invalidTotal() > 0 && options.onInvalid() == AnalysisOptions.OnInvalid.ERROR) {
      throw CausalDensityException.inconsistent(options.distances(), "%d distances are NaN, infinite or negative; "
          + "the first is at row %d, column %d (use --on-invalid skip to leave them out)", values.invalidTotal(),
          values.firstInvalidRow(), values.firstInvalidColumn());
    }
  }

  private void writeReports(TokenValues tokens) {
    long start = System.nanoTime();
    NotebookSummary notebook = NotebookSummary.compute(inputs.tokenIds(), tokens.causalNorms(),
        tokens.notebookDensities(), options.k(), options.dEff(), options.bins());
    Map<String, Object> notebookBlock = notebook.toMap();

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("inputs", inputsBlock());
    summary.put("options", optionsBlock());
    summary.put("warnings", warnings(tokens));
    summary.put("notebook", notebookBlock);
    summary.put("product", tokens.productBlock());
    output.write("summary.json", SummaryJson.render(summary).getBytes(StandardCharsets.UTF_8));

    @SuppressWarnings("unchecked")
    Map<String, Object> profile = (Map<String, Object>) notebookBlock.get("radial_profile");
    double[] edges = (double[]) profile.get("edges");
    double[] centers = (double[]) profile.get("centers");
    double[] mean = (double[]) profile.get("mean_density");
    double[] std = (double[]) profile.get("std_density");
    long[] count = (long[]) profile.get("count");
    output.write("radial_profile.csv", RadialProfileCsv.render(edges, centers, count, mean, std)
        .getBytes(StandardCharsets.UTF_8));
    writePlots(tokens, edges, centers, mean, std, count);
    timings.put("reports", seconds(start));
    output.write("run_info.json", SummaryJson.render(Map.of("timings_seconds", timings))
        .getBytes(StandardCharsets.UTF_8));
  }

  private void writePlots(TokenValues tokens, double[] edges, double[] centers, double[] mean, double[] std,
      long[] count) {
    int n = tokens.causalNorms().length;
    output.write("plots/density_vs_norm.png", Plots.logScatter(tokens.causalNorms(), tokens.densities(),
        String.format(Locale.ROOT, "Local density vs causal norm (N=%,d, k=%d)", n, options.k()),
        "Local density 1/mean kNN distance (1/logometers)"));
    output.write("plots/radial_profile.png", Plots.radialProfile(centers, mean, std, count,
        edges.length > 1 ? edges[1] - edges[0] : 1,
        "Radial density profile (notebook estimator: exact duplicates scored 0)"));
    output.write("plots/log_volumetric_density_vs_norm.png", Plots.linearScatter(tokens.causalNorms(),
        tokens.logVolumetricDensities(),
        String.format(Locale.ROOT, "Log volumetric density vs causal norm (d_eff=%s)", trim(options.dEff())),
        "log ρ = log k − log V_d(r)  (natural log)"));
  }

  private Map<String, Object> inputsBlock() {
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
    return block;
  }

  private Map<String, Object> optionsBlock() {
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("k", options.k());
    block.put("d_eff", options.dEff());
    block.put("bins", options.bins());
    block.put("on_invalid", options.onInvalid().name().toLowerCase(Locale.ROOT));
    return block;
  }

  private List<String> warnings(TokenValues tokens) {
    List<String> all = new ArrayList<>(inputs.warnings());
    if (tokens.nonZeroDiagonal() > 0) {
      all.add(String.format(Locale.ROOT, "%d rows have a non-zero diagonal entry (self is excluded by index)",
          tokens.nonZeroDiagonal()));
    }
    if (tokens.invalidTotal() > 0) {
      all.add(String.format(Locale.ROOT, "%d NaN, infinite or negative distances were left out of the neighbours",
          tokens.invalidTotal()));
    }
    all.forEach(w -> LOG.warn("{}", w));
    return all;
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  private static double seconds(long startNanos) {
    return Math.round((System.nanoTime() - startNanos) / 1e6) / 1e3;
  }
}
