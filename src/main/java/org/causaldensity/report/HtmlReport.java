package org.causaldensity.report;

import static org.causaldensity.report.HtmlText.escape;
import static org.causaldensity.report.ReportNumbers.HEADLINE_DIGITS;
import static org.causaldensity.report.ReportNumbers.count;
import static org.causaldensity.report.ReportNumbers.countOrReal;
import static org.causaldensity.report.ReportNumbers.percent;
import static org.causaldensity.report.ReportNumbers.real;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import com.fasterxml.jackson.databind.JsonNode;
import org.causaldensity.answer.DimensionEstimate;
import org.causaldensity.answer.MannWhitney;
import org.causaldensity.stats.RegionBands;
import org.causaldensity.answer.RegionBounds;
import org.causaldensity.answer.RegionSummary;
import org.causaldensity.report.summary.AnswerBlock;
import org.causaldensity.report.summary.Comparison;
import org.causaldensity.report.summary.DuplicateGroupEntry;
import org.causaldensity.report.summary.ExtremesBlock;
import org.causaldensity.report.summary.InputsBlock;
import org.causaldensity.report.summary.IntrinsicDimensionBlock;
import org.causaldensity.report.summary.NotebookBlock;
import org.causaldensity.report.summary.DuplicatesPolicyBlock;
import org.causaldensity.report.summary.OptionsBlock;
import org.causaldensity.report.summary.ProductBlock;
import org.causaldensity.report.summary.Summary;
import org.causaldensity.report.summary.SummaryJson;

/**
 * report.html: one self-contained page (inline CSS, plots as base64 data: URIs, no script, no external resource)
 * that answers "is the core of the token unembedding dense or sparse?" in its first sentence, then shows the
 * evidence and the caveats. Every string taken from the summary is escaped.
 */
public final class HtmlReport {
  /** Plots the report knows, in the order it shows them; any other plot follows, sorted by name. */
  static final List<String> KNOWN_PLOTS = List.of("density_vs_norm.png", "region_densities.png",
      "radial_profile.png", "log_volumetric_density_vs_norm.png");

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final String[] REGIONS = {"core", "shell", "outer"};
  private static final String DASH = "—";

  private static final String CSS = """
      body{margin:0;background:#fff;color:#1f2328;font:15px/1.5 "DejaVu Sans","Segoe UI",Helvetica,Arial,sans-serif}
      main{max-width:1080px;margin:0 auto;padding:24px 32px 64px}
      h1{font-size:25px;margin:0 0 14px}
      h2{font-size:20px;border-bottom:1px solid #d0d7de;padding-bottom:4px;margin:36px 0 12px}
      h3{font-size:17px;margin:28px 0 8px}
      h4{font-size:15px;margin:18px 0 6px}
      p.verdict{font-size:18px;line-height:1.45;margin:0 0 12px;padding:12px 16px;border-left:6px solid #1f6feb;
        background:#eef5ff}
      p.verdict.undetermined{border-left-color:#9a6700;background:#fff8e5}
      p.context{margin:0 0 12px}
      .meta{color:#57606a;font-size:13px;margin-bottom:8px}
      nav{font-size:14px;margin:8px 0 0}
      nav a{color:#0969da;margin-right:14px;text-decoration:none}
      .warnings{border:1px solid #d4a72c;background:#fff8c5;padding:6px 16px;margin:12px 0}
      .warnings h2{border:0;margin:6px 0;font-size:17px}
      table{border-collapse:collapse;margin:6px 0 14px;font-size:13.5px}
      th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
      th{background:#f6f8fa;font-weight:600}
      td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
      td.num{white-space:nowrap}
      .wide{overflow-x:auto}
      td.ids{font-size:12.5px;max-width:260px}
      code{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12.5px}
      code.tok{background:#f3f4f6;border:1px solid #d8dee4;border-radius:3px;padding:0 3px;white-space:pre-wrap;
        word-break:break-all}
      .ws{color:#bc4c00}
      .note{color:#6e7781;font-style:italic}
      figure{margin:14px 0 26px}
      figure img{display:block;max-width:100%;height:auto;border:1px solid #d8dee4}
      figcaption{font-size:13.5px;color:#3d444d;margin-top:6px}
      .pair{display:grid;grid-template-columns:1fr 1fr;gap:18px;align-items:start}
      @media (max-width:820px){.pair{grid-template-columns:1fr}}
      .pair table{width:100%}
      ul.caveats li{margin-bottom:8px}
      """;

  private HtmlReport() {}

  /**
   * The page for a summary and its plots (file name → PNG bytes, in any order; may be empty). A block missing from
   * the summary (null) leaves its section out or says it is missing; a missing answer block makes the first sentence
   * say so. A null summary or plot map, or a plot whose bytes are null or not a PNG, is an IllegalArgumentException
   * naming it.
   */
  public static String render(Summary summary, Map<String, byte[]> plots) {
    if (summary == null) {
      throw new IllegalArgumentException("summary must not be null");
    }
    if (plots == null) {
      throw new IllegalArgumentException("plots must not be null (pass an empty map for none)");
    }
    plots.forEach(HtmlReport::checkPng);
    StringBuilder html = new StringBuilder(1 << 16);
    new Page(summary, html).write(orderedPlots(plots));
    return html.toString();
  }

  private static void checkPng(String name, byte[] bytes) {
    if (bytes == null) {
      throw new IllegalArgumentException("plot " + name + " has no bytes (null)");
    }
    boolean png = bytes.length >= PNG_SIGNATURE.length;
    for (int i = 0; png && i < PNG_SIGNATURE.length; i++) {
      png = bytes[i] == PNG_SIGNATURE[i];
    }
    if (!png) {
      throw new IllegalArgumentException("plot " + name + " is not a PNG: " + bytes.length
          + " bytes without the 8-byte PNG signature");
    }
  }

  private static Map<String, byte[]> orderedPlots(Map<String, byte[]> plots) {
    Map<String, byte[]> ordered = new LinkedHashMap<>();
    for (String known : KNOWN_PLOTS) {
      plots.forEach((name, bytes) -> {
        if (baseName(name).equals(known)) {
          ordered.put(name, bytes);
        }
      });
    }
    new TreeMap<>(plots).forEach(ordered::putIfAbsent);
    return ordered;
  }

  /** The file name after the last '/', so "plots/radial_profile.png" gets the caption of "radial_profile.png". */
  static String baseName(String name) {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  /** One page being written: the summary's blocks and the output. */
  private static final class Page {
    private final Summary root;
    private final AnswerBlock answer;
    private final NotebookBlock notebook;
    private final OptionsBlock options;
    private final long k;
    private final StringBuilder out;

    Page(Summary root, StringBuilder out) {
      this.root = root;
      this.answer = root.answer();
      this.notebook = root.notebook();
      this.options = root.options();
      this.k = options != null && options.k() > 0 ? options.k() : notebook != null ? notebook.k() : -1;
      this.out = out;
    }

    void write(Map<String, byte[]> plots) {
      String verdict = answer == null ? null : answer.verdict();
      out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .append("<title>Core density of the token unembedding: ")
          .append(escape(verdict == null ? "no answer" : verdict)).append("</title>\n<style>\n").append(CSS)
          .append("</style>\n</head>\n<body>\n<main>\n");
      out.append("<h1>Is the core of the token unembedding dense or sparse?</h1>\n");
      out.append("<p class=\"verdict").append("undetermined".equals(verdict) ? " undetermined" : "").append("\">")
          .append(escape(AnswerSentences.verdict(answer, k) + RobustnessSection.sentence(root.robustness())))
          .append("</p>\n");
      String context = (AnswerSentences.withoutDegenerate(answer) + " "
          + AnswerSentences.notebookContrast(notebook, answer)).trim();
      if (!context.isEmpty()) {
        out.append("<p class=\"context\">").append(escape(context)).append("</p>\n");
      }
      meta();
      warnings();
      out.append("<nav><a href=\"#plots\">Plots</a><a href=\"#regions\">Regions</a>")
          .append("<a href=\"#statistics\">Statistics</a><a href=\"#robustness\">Robustness</a>")
          .append("<a href=\"#null-models\">Null models</a>")
          .append("<a href=\"#duplicates\">Duplicates</a>")
          .append("<a href=\"#extremes\">Densest and sparsest tokens</a>")
          .append("<a href=\"#dimension\">Intrinsic dimension</a><a href=\"#inputs\">Inputs and options</a>")
          .append("<a href=\"#caveats\">Caveats</a></nav>\n");
      out.append("<h2 id=\"evidence\">Evidence</h2>\n");
      plots(plots);
      regions();
      statistics();
      RobustnessSection.write(root.robustness(), out);
      NullModelsSection.write(root.nullModels(), options, out);
      duplicates();
      extremes();
      intrinsicDimension();
      inputsAndOptions();
      caveats();
      out.append("</main>\n</body>\n</html>\n");
    }

    private void meta() {
      InputsBlock inputs = root.inputs();
      List<String> parts = new ArrayList<>();
      if (inputs != null && inputs.model() != null) {
        parts.add("model " + inputs.model());
      }
      if (inputs != null) {
        parts.add(count(inputs.nTokens()) + " tokens");
      }
      if (k > 0) {
        parts.add("k = " + k + " nearest neighbours");
      }
      if (options != null) {
        parts.add("d_eff = " + countOrReal(options.dEff()));
      }
      if (!parts.isEmpty()) {
        out.append("<div class=\"meta\">").append(escape(String.join(" · ", parts))).append("</div>\n");
      }
    }

    private void warnings() {
      List<String> warnings = root.warnings() == null ? List.of() : root.warnings();
      if (warnings.isEmpty()) {
        return;
      }
      out.append("<div class=\"warnings\"><h2>Warnings</h2><ul>\n");
      for (String w : warnings) {
        out.append("<li>").append(escape(w == null ? DASH : w)).append("</li>\n");
      }
      out.append("</ul></div>\n");
    }

    // ---------------------------------------------------------------------------------------------- plots

    private void plots(Map<String, byte[]> plots) {
      out.append("<h3 id=\"plots\">Plots</h3>\n");
      if (plots.isEmpty()) {
        out.append("<p class=\"note\">This run wrote no plots.</p>\n");
        return;
      }
      Base64.Encoder base64 = Base64.getEncoder();
      for (Map.Entry<String, byte[]> plot : plots.entrySet()) {
        String caption = caption(baseName(plot.getKey()));
        out.append("<figure><img src=\"data:image/png;base64,").append(base64.encodeToString(plot.getValue()))
            .append("\" alt=\"").append(escape(plot.getKey())).append("\">\n<figcaption><code>")
            .append(escape(plot.getKey())).append("</code>: ").append(escape(caption))
            .append("</figcaption></figure>\n");
      }
    }

    private String caption(String name) {
      String kText = k > 0 ? "k = " + k : "k";
      RegionBounds t = answer == null ? null : answer.normThresholds();
      String bands = t != null
          ? " Core: causal norm below " + real(t.coreBelow(), HEADLINE_DIGITS) + "; shell: between "
              + real(t.shellAbove(), HEADLINE_DIGITS) + " and " + real(t.shellBelow(), HEADLINE_DIGITS)
              + "; outer: above " + real(t.outerAbove(), HEADLINE_DIGITS) + "."
          : "";
      switch (name) {
        case "density_vs_norm.png":
          return "Local density of every token (1/mean distance to its " + kText + " nearest other tokens, log "
              + "scale) against its causal norm. Tokens whose nearest neighbours are all exact duplicates have "
              + "density +∞ and are drawn as red triangles at the top." + bands;
        case "region_densities.png":
          return "Local densities of the core, shell and outer regions, the distributions whose medians the answer "
              + "compares." + bands;
        case "radial_profile.png":
          return "The notebook's radial profile: mean ± 1 std of the notebook's density per causal-norm bin ("
              + (options == null ? DASH : count(options.bins())) + " bins), token counts below. The notebook's "
              + "estimator scores tokens whose nearest neighbours are all exact duplicates as 0, and means are "
              + "dominated by a few very dense tokens, so read it next to the medians in the tables.";
        case "log_volumetric_density_vs_norm.png":
          return "Log volumetric density log(k / V_d(r)) (natural log) with d = d_eff = "
              + (options == null ? DASH : countOrReal(options.dEff())) + " and r the mean kNN distance, against "
              + "causal norm. It equals d_eff · log(local density) plus a constant, so it orders tokens exactly as "
              + "the local density does; only the scale changes (see the caveats).";
        default:
          return "Plot written by this run.";
      }
    }

    // -------------------------------------------------------------------------------------------- regions

    private void regions() {
      out.append("<h3 id=\"regions\">Regions</h3>\n");
      if (answer == null) {
        out.append("<p class=\"note\">No answer block: no region comparison.</p>\n");
        return;
      }
      out.append("<p>Local density = 1/(mean distance to the ").append(k > 0 ? "k = " + k : "k")
          .append(" nearest other tokens). The mean of log10 density leaves out the +∞ densities, which are "
              + "counted in their own column; medians rank them above every finite density.</p>\n");
      out.append("<div class=\"wide\"><table>\n<tr><th rowspan=\"2\">Region</th><th rowspan=\"2\">Causal norm</th>")
          .append("<th colspan=\"4\">All tokens</th><th colspan=\"4\">Excluding degenerate tokens</th></tr>\n<tr>");
      for (int i = 0; i < 2; i++) {
        out.append("<th class=\"num\">Tokens</th><th class=\"num\">Median density</th>")
            .append("<th class=\"num\">Mean log10 density</th><th class=\"num\">+∞</th>");
      }
      out.append("</tr>\n");
      for (String region : REGIONS) {
        out.append("<tr><th>").append(region).append("</th><td class=\"num\">").append(escape(band(region)))
            .append("</td>");
        for (Comparison comparison : new Comparison[] {answer.all(), answer.excludingDegenerate()}) {
          RegionSummary block = region(comparison, region);
          if (block == null) {
            out.append(num(DASH)).append(num(DASH)).append(num(DASH)).append(num(DASH));
            continue;
          }
          out.append(num(count(block.n()))).append(num(real(block.medianDensity())))
              .append(num(real(block.meanLog10Density()))).append(num(count(block.infiniteDensities())));
        }
        out.append("</tr>\n");
      }
      out.append("</table></div>\n");
    }

    /** The region's causal-norm band from the answer's thresholds and the settings' percentiles. */
    private String band(String region) {
      RegionBounds t = answer.normThresholds();
      switch (region) {
        case "core":
          return "< " + real(t.coreBelow()) + " (p" + AnswerSentences.percentile(RegionBands.CORE_PERCENTILE) + ")";
        case "shell":
          return real(t.shellAbove()) + " – " + real(t.shellBelow()) + " (p"
              + AnswerSentences.percentile(RegionBands.SHELL_LOWER_PERCENTILE) + "–p"
              + AnswerSentences.percentile(RegionBands.SHELL_UPPER_PERCENTILE) + ")";
        default:
          return "> " + real(t.outerAbove()) + " (p" + AnswerSentences.percentile(RegionBands.OUTER_PERCENTILE)
              + ")";
      }
    }

    // ----------------------------------------------------------------------------------------- statistics

    private void statistics() {
      out.append("<h3 id=\"statistics\">Statistics</h3>\n");
      if (answer != null) {
        comparisonTable();
      }
      if (notebook != null) {
        notebookRegions();
      }
      densityDistributions();
    }

    private void comparisonTable() {
      Comparison all = answer.all();
      Comparison clean = answer.excludingDegenerate();
      AnswerSentences.Ratio a = AnswerSentences.Ratio.of(all);
      AnswerSentences.Ratio c = AnswerSentences.Ratio.of(clean);
      out.append("<table>\n<tr><th>Core against shell</th><th class=\"num\">All tokens</th>")
          .append("<th class=\"num\">Excluding degenerate tokens</th>")
          .append("<th class=\"num\">Notebook (duplicates scored 0)</th></tr>\n");
      row("Median density ratio core/shell (the answer)", a.ratio(), c.ratio(), DASH);
      row("95% percentile-bootstrap interval", interval(a), interval(c), DASH);
      row("Verdict", text(all.verdict()), clean == null ? DASH : text(clean.verdict()),
          notebook == null ? DASH : text(notebook.verdict()));
      row("Ratio of mean densities core/shell", real(all.ratioOfMeans()), clean == null ? DASH
          : real(clean.ratioOfMeans()), notebook == null ? DASH : real(notebook.coreShellRatio()));
      row("Mean log10 density, core − shell (finite densities)", real(all.meanLog10DensityDifference()),
          clean == null ? DASH : real(clean.meanLog10DensityDifference()), DASH);
      row("Mann–Whitney U (core vs shell)", statisticU(mannWhitney(all).u()), statisticU(mannWhitney(clean).u()),
          DASH);
      row("Mann–Whitney two-sided p (normal approximation)", ReportNumbers.pValue(mannWhitney(all).pValue()),
          ReportNumbers.pValue(mannWhitney(clean).pValue()), DASH);
      row("Bootstrap resamples", bootstrap(all, b -> count(b.resamples())), bootstrap(clean,
          b -> count(b.resamples())), DASH);
      row("Resamples with an undefined ratio (∞/∞), left out", bootstrap(all, b -> count(b.undefinedResamples())),
          bootstrap(clean, b -> count(b.undefinedResamples())), DASH);
      row("Bootstrap seed", bootstrap(all, b -> Long.toString(b.seed())), bootstrap(clean,
          b -> Long.toString(b.seed())), DASH);
      out.append("</table>\n");
    }

    private static MannWhitney.Result mannWhitney(Comparison c) {
      return c == null || c.mannWhitney() == null ? new MannWhitney.Result(Double.NaN, Double.NaN) : c.mannWhitney();
    }

    private static String bootstrap(Comparison c, java.util.function.Function<Comparison.Bootstrap, String> cell) {
      return c == null || c.bootstrap() == null ? DASH : cell.apply(c.bootstrap());
    }

    /** U is a whole or half number: "2,701" or "2,701.5". */
    private static String statisticU(double u) {
      if (!Double.isFinite(u) || Math.abs(u) >= 1e15) {
        return real(u);
      }
      return u == Math.rint(u) ? count((long) u) : String.format(Locale.ROOT, "%,.1f", u);
    }

    private String interval(AnswerSentences.Ratio c) {
      return c.interval() == null ? ReportNumbers.NOT_AVAILABLE : c.interval();
    }

    private void notebookRegions() {
      NotebookBlock.RegionsBlock regions = notebook.regions();
      if (regions == null) {
        return;
      }
      out.append("<h4>The notebook's region table (its estimator: duplicates scored 0; means)</h4>\n")
          .append("<table>\n<tr><th>Region</th><th class=\"num\">Tokens</th><th class=\"num\">Mean density</th>")
          .append("<th class=\"num\">Std density</th></tr>\n");
      for (String region : REGIONS) {
        NotebookBlock.Region r = switch (region) {
          case "core" -> regions.core();
          case "shell" -> regions.shell();
          default -> regions.outer();
        };
        out.append("<tr><th>").append(region).append("</th>").append(num(count(r.n())))
            .append(num(real(r.meanDensity()))).append(num(real(r.stdDensity()))).append("</tr>\n");
      }
      out.append("</table>\n");
    }

    private void densityDistributions() {
      ProductBlock product = root.product();
      if (product == null && notebook == null) {
        return;
      }
      out.append("<h4>Density distributions over all tokens</h4>\n<table>\n<tr><th>Quantity</th>")
          .append("<th class=\"num\">Finite values</th><th class=\"num\">+∞</th><th class=\"num\">Min</th>")
          .append("<th class=\"num\">Median</th><th class=\"num\">Mean</th><th class=\"num\">Max</th></tr>\n");
      if (product != null) {
        productRow("Local density 1/mean kNN distance (exact duplicates +∞)", product.density());
        productRow("Log volumetric density, natural log", product.logVolumetricDensity());
      }
      if (notebook != null) {
        NotebookBlock.Stats d = notebook.density();
        out.append("<tr><th>Notebook density (").append(escape(count(notebook.nZeroDensity())))
            .append(" tokens scored 0)</th>").append(num(count(notebook.nTokens()))).append(num(DASH))
            .append(num(real(d.min()))).append(num(real(d.median()))).append(num(real(d.mean())))
            .append(num(real(d.max()))).append("</tr>\n");
        NotebookBlock.LogVolumetricStats lv = notebook.logVolumetricDensity();
        out.append("<tr><th>Notebook log volumetric density (valid entries)</th>")
            .append(num(count(lv.valid()))).append(num(DASH)).append(num(real(lv.min())))
            .append(num(real(lv.median()))).append(num(real(lv.mean()))).append(num(real(lv.max())))
            .append("</tr>\n");
      }
      out.append("</table>\n");
    }

    private void productRow(String label, ProductBlock.Described d) {
      out.append("<tr><th>").append(escape(label)).append("</th>").append(num(count(d.nFinite())))
          .append(num(count(d.nInfinite()))).append(num(real(d.minFinite()))).append(num(real(d.medianFinite())))
          .append(num(DASH)).append(num(real(d.maxFinite()))).append("</tr>\n");
    }

    // ----------------------------------------------------------------------------------------- duplicates

    private void duplicates() {
      out.append("<h3 id=\"duplicates\">Duplicate tokens</h3>\n");
      long tokens = answer != null ? answer.tokens() : root.inputs() != null ? root.inputs().nTokens() : 0;
      Long degenerate = degenerateTokens(root);
      List<DuplicateGroupEntry> groups = root.duplicateGroups() == null ? List.of() : root.duplicateGroups();
      StringBuilder summary = new StringBuilder();
      if (degenerate != null) {
        summary.append(count(degenerate)).append(" of ").append(count(tokens)).append(" tokens (")
            .append(percent(degenerate, tokens))
            .append(") are degenerate: at least one other token lies at distance exactly 0 (an identical "
                + "embedding under the causal metric).");
      }
      if (answer != null || root.product() != null) {
        summary.append(" They form ").append(count(root.nDuplicateGroups())).append(" groups of identical embeddings");
        summary.append(groups.isEmpty() ? "." : "; the " + count(groups.size()) + " largest are listed.");
      }
      out.append("<p>").append(escape(summary.toString().trim().isEmpty() ? "This run reports no duplicate counts."
          : summary.toString().trim())).append("</p>\n");
      duplicatesPolicy(root.duplicatesPolicy());
      if (groups.isEmpty()) {
        return;
      }
      out.append("<table>\n<tr><th class=\"num\">#</th><th class=\"num\">Size</th>")
          .append("<th class=\"num\">Mean causal norm</th><th>Token ids</th><th>Tokens</th></tr>\n");
      int index = 1;
      for (DuplicateGroupEntry g : groups) {
        long[] ids = g.tokenIds() == null ? new long[0] : g.tokenIds();
        StringBuilder idText = new StringBuilder();
        for (long id : ids) {
          idText.append(idText.length() == 0 ? "" : ", ").append(id);
        }
        if (g.size() > ids.length) {
          idText.append(" … (").append(count(ids.length)).append(" of ").append(count(g.size())).append(" listed)");
        }
        out.append("<tr>").append(num(Integer.toString(index++))).append(num(count(g.size())))
            .append(num(real(g.causalNorm()))).append("<td class=\"ids\">")
            .append(escape(idText.toString())).append("</td><td>");
        if (g.tokens() == null) {
          out.append("<span class=\"note\">(no tokenizer)</span>");
        } else {
          for (int i = 0; i < g.tokens().size(); i++) {
            out.append(i == 0 ? "" : " ").append(HtmlText.token(g.tokens().get(i)));
          }
        }
        out.append("</td></tr>\n");
      }
      out.append("</table>\n");
    }

    /** The matrix-free path's {@code --duplicates}: what was analysed of what was selected (nothing on the matrix path). */
    private void duplicatesPolicy(DuplicatesPolicyBlock policy) {
      if (policy == null) {
        return;
      }
      String text = "collapse".equals(policy.policy())
          ? String.format(Locale.ROOT, "Duplicates policy collapse: each group of bit-identical embeddings was analysed "
              + "once, through its lowest id: %s of the %s selected rows (%s groups folded, %s rows removed). Each "
              + "counts once in every statistic; its multiplicity is in tokens/.", count(policy.nAnalysed()),
              count(policy.nSelected()), count(policy.nCollapsedGroups()), count(policy.rowsRemoved()))
          : String.format(Locale.ROOT, "Duplicates policy %s: all %s selected rows were analysed.", policy.policy(),
              count(policy.nSelected()));
      out.append("<p>").append(escape(text)).append("</p>\n");
    }

    // ------------------------------------------------------------------------------------------- extremes

    private void extremes() {
      out.append("<h3 id=\"extremes\">Densest and sparsest tokens per region</h3>\n");
      ExtremesBlock extremes = root.extremes();
      if (extremes == null) {
        out.append("<p class=\"note\">This run lists no extreme tokens.</p>\n");
        return;
      }
      out.append("<p>Tokens are shown with spaces as <code class=\"tok\"><span class=\"ws\">")
          .append(HtmlText.VISIBLE_SPACE).append("</span></code> and newlines as <code class=\"tok\">")
          .append("<span class=\"ws\">\\n</span></code>; a density of ∞ means all nearest neighbours are exact ")
          .append("duplicates.</p>\n");
      for (String region : REGIONS) {
        ExtremesBlock.Region r = switch (region) {
          case "core" -> extremes.core();
          case "shell" -> extremes.shell();
          default -> extremes.outer();
        };
        if (r == null) {
          continue;
        }
        out.append("<h4>").append(Character.toUpperCase(region.charAt(0))).append(region.substring(1))
            .append(answer != null && answer.normThresholds() != null ? ": causal norm " + escape(band(region)) : "")
            .append("</h4>\n<div class=\"pair\">\n");
        extremeTable("Densest", r.densest());
        extremeTable("Sparsest", r.sparsest());
        out.append("</div>\n");
      }
    }

    private void extremeTable(String title, List<ExtremesBlock.Token> tokens) {
      out.append("<table>\n<tr><th colspan=\"5\">").append(title).append("</th></tr>\n")
          .append("<tr><th class=\"num\">Row</th><th class=\"num\">Token id</th><th>Token</th>")
          .append("<th class=\"num\">Causal norm</th><th class=\"num\">Density</th></tr>\n");
      if (tokens == null || tokens.isEmpty()) {
        out.append("<tr><td colspan=\"5\" class=\"note\">none</td></tr>\n");
        tokens = List.of();
      }
      for (ExtremesBlock.Token t : tokens) {
        out.append("<tr>").append(num(Integer.toString(t.row()))).append(num(Long.toString(t.tokenId())))
            .append("<td>").append(HtmlText.token(t.token())).append("</td>")
            .append(num(real(t.causalNorm()))).append(num(real(t.density()))).append("</tr>\n");
      }
      out.append("</table>\n");
    }

    // -------------------------------------------------------------------------------- intrinsic dimension

    private void intrinsicDimension() {
      out.append("<h3 id=\"dimension\">Intrinsic dimension</h3>\n");
      IntrinsicDimensionBlock dimension = answer == null ? null : answer.intrinsicDimension();
      if (dimension == null || dimension.isEmpty()) {
        out.append("<p class=\"note\">Not computed in this run.</p>\n");
        return;
      }
      out.append("<p>Estimates of the dimension of the token cloud, for comparison with d_eff = ")
          .append(escape(options == null ? DASH : countOrReal(options.dEff())))
          .append(" used by the volumetric density.</p>\n")
          .append("<table>\n<tr><th>Estimator</th><th class=\"num\">Estimate</th><th class=\"num\">Tokens used</th>")
          .append("<th class=\"num\">Tokens skipped</th><th>Method</th></tr>\n");
      estimateRow("TwoNN (maximum likelihood)", dimension.twonn());
      estimateRow("TwoNN (linear fit, largest ratios discarded)", dimension.twonnLinearFit());
      estimateRow("Levina–Bickel (MLE, MacKay–Ghahramani average)", dimension.levinaBickel());
      IntrinsicDimensionBlock.Participation pr = dimension.participationRatio();
      if (pr != null) {
        out.append("<tr><th>").append(escape("Sample participation ratio tr(MC)²/tr(MCMC)")).append("</th>")
            .append(num(real(pr.estimate()))).append(num(count(pr.samples()))).append(num(DASH))
            .append("<td><code>").append(escape(pr.method())).append("</code> (rows sampled; ambient dimension ")
            .append(escape(count(pr.ambientDimension()))).append(")").append(definition(pr.definition()))
            .append("</td></tr>\n");
      }
      IntrinsicDimensionBlock.MetricParticipation metric = dimension.metricParticipationRatio();
      if (metric != null) {
        out.append("<tr><th>").append(escape("Metric participation ratio tr(M)²/tr(M²) (the notebook's d_eff)"))
            .append("</th>").append(num(real(metric.estimate()))).append(num(DASH)).append(num(DASH))
            .append("<td><code>").append(escape(metric.method())).append("</code> (eigenvalues of the ")
            .append(escape(count(metric.ambientDimension()))).append("×")
            .append(escape(count(metric.ambientDimension()))).append(" metric)")
            .append(definition(metric.definition())).append("</td></tr>\n");
      }
      out.append("</table>\n<p class=\"note\">TwoNN and Levina–Bickel skip tokens whose nearest neighbour is at ")
          .append("distance 0 (an exact duplicate): their distance ratios are undefined.</p>\n");
    }

    private static String definition(String text) {
      return text == null ? "" : "<br>" + escape(text);
    }

    private void estimateRow(String label, DimensionEstimate e) {
      if (e == null) {
        return;
      }
      out.append("<tr><th>").append(escape(label)).append("</th>").append(num(real(e.estimate())))
          .append(num(count(e.tokensUsed()))).append(num(count(e.tokensSkipped()))).append("<td><code>")
          .append(escape(e.method())).append("</code></td></tr>\n");
    }

    // ------------------------------------------------------------------------------------ inputs, options

    private void inputsAndOptions() {
      out.append("<h3 id=\"inputs\">Inputs and options</h3>\n<div class=\"pair\">\n");
      keyValueTable("Inputs", root.inputs());
      keyValueTable("Options", options);
      out.append("</div>\n");
    }

    /** Every key of a block as written to summary.json, so a key added to the record shows without a change here. */
    private void keyValueTable(String title, Object block) {
      out.append("<table>\n<tr><th colspan=\"2\">").append(title).append("</th></tr>\n");
      if (block == null) {
        out.append("<tr><td colspan=\"2\" class=\"note\">not recorded</td></tr>\n");
      } else {
        SummaryJson.tree(block).properties().forEach(field -> out.append("<tr><th><code>")
            .append(escape(field.getKey())).append("</code></th><td>").append(value(field.getValue()))
            .append("</td></tr>\n"));
      }
      out.append("</table>\n");
    }

    /** A scalar or list as HTML: numbers formatted, strings escaped in code, null as a dash. */
    private static String value(JsonNode v) {
      if (v == null || v.isNull() || v.isMissingNode()) {
        return DASH;
      }
      if (v.isArray()) {
        List<String> parts = new ArrayList<>();
        v.forEach(item -> parts.add(value(item)));
        return String.join(", ", parts);
      }
      if (v.isIntegralNumber()) {
        return escape(count(v.longValue()));
      }
      if (v.isNumber()) {
        return escape(countOrReal(v.doubleValue()));
      }
      if (v.isTextual()) {
        return "<code>" + escape(v.textValue()) + "</code>";
      }
      return escape(v.toString());
    }

    // -------------------------------------------------------------------------------------------- caveats

    private void caveats() {
      out.append("<h2 id=\"caveats\">Caveats</h2>\n<ul class=\"caveats\">\n");
      for (String caveat : Caveats.all(root, k)) {
        out.append("<li>").append(escape(caveat)).append("</li>\n");
      }
      out.append("</ul>\n");
    }

    // ---------------------------------------------------------------------------------------------- cells

    private void row(String label, String all, String clean, String notebookValue) {
      out.append("<tr><th>").append(escape(label)).append("</th>").append(num(all)).append(num(clean))
          .append(num(notebookValue)).append("</tr>\n");
    }

    private static String num(String text) {
      return "<td class=\"num\">" + escape(text) + "</td>";
    }

    private static String text(String value) {
      return value == null ? DASH : value;
    }
  }

  /** A region of a comparison; null when the comparison or its regions are absent. */
  static RegionSummary region(Comparison c, String region) {
    if (c == null || c.regions() == null) {
      return null;
    }
    return switch (region) {
      case "core" -> c.regions().core();
      case "shell" -> c.regions().shell();
      default -> c.regions().outer();
    };
  }

  /** Tokens with at least one exact duplicate: the answer's count, else the product's; null when neither is there. */
  static Long degenerateTokens(Summary root) {
    if (root.answer() != null) {
      return (long) root.answer().degenerateTokens();
    }
    return root.product() == null ? null : root.product().tokensWithExactDuplicates();
  }
}
