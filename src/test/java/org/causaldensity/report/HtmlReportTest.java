package org.causaldensity.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.causaldensity.answer.ComparisonSettings;
import org.causaldensity.answer.CoreDensityAnswer;
import org.causaldensity.answer.RegionBounds;
import org.causaldensity.answer.RegionComparison;
import org.causaldensity.report.summary.AnswerBlock;
import org.causaldensity.report.summary.Comparison;
import org.causaldensity.report.summary.DuplicateGroupEntry;
import org.causaldensity.report.summary.NotebookBlock;
import org.causaldensity.report.summary.MetricBlock;
import org.causaldensity.report.summary.DuplicatesPolicyBlock;
import org.causaldensity.report.summary.OptionsBlock;
import org.causaldensity.report.summary.TokenSelectionBlock;
import org.causaldensity.report.summary.Summary;
import org.causaldensity.report.summary.SummaryJson;
import org.causaldensity.stats.RadialProfile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  /** A shown number is the value rounded to its last shown digit: off by at most half a unit there (plus slack). */
  private static final double HALF_UNIT_SLACK = 1 + 1e-9;
  private static final int MIN_SIGNIFICANT_DIGITS = 3;
  private static final ComparisonSettings SETTINGS = ComparisonSettings.defaults().withResamples(400).withSeed(3);
  /** Set to a folder to have the planted page written there for a look in a browser. */
  private static final String CHECK_DIR_PROPERTY = "causaldensity.report.check";
  private static final String NUMBER = "[0-9][0-9,]*(?:\\.[0-9]+)?";
  private static final Pattern RATIO = Pattern.compile(
      "is (" + NUMBER + ")× that of shell tokens.*95% bootstrap interval (" + NUMBER + ")–(" + NUMBER + ")");

  private static SyntheticSummary planted;
  private static Summary summary;
  private static Map<String, byte[]> plots;
  private static String html;

  @BeforeAll
  static void renderPlantedReport() throws IOException {
    planted = SyntheticSummary.planted();
    summary = planted.summary();
    RadialProfile profile = planted.notebook.radialProfile();
    plots = new LinkedHashMap<>();
    plots.put("radial_profile.png", Plots.radialProfile(profile.centers(), profile.meanDensity(),
        profile.stdDensity(), profile.count(), profile.edges()[1] - profile.edges()[0], "Radial profile"));
    plots.put("density_vs_norm.png", Plots.logScatter(planted.norms, planted.densities, "Density vs norm",
        "Local density"));
    plots.put("extra_diagnostic.png", tinyPng());
    html = HtmlReport.render(summary, plots);
  }

  // ------------------------------------------------------------------------------------- planted core

  @Test
  void plantedDenseCoreFirstSentenceGivesVerdictEstimateAndInterval() {
    AnswerBlock answer = summary.answer();
    assertEquals("denser", answer.verdict(), "the planted core is dense: the scenario is what it claims");
    String first = firstParagraphText(html);
    assertTrue(first.startsWith("The core is denser than the shell: "), first);
    assertShowsRatioAndInterval(first, answer.estimate(), answer.ci95()[0], answer.ci95()[1]);
    double coreBelow = answer.normThresholds().coreBelow();
    assertTrue(first.contains("causal norm below p10 = " + String.format(Locale.ROOT, "%.3g", coreBelow)), first);
    // The answer, then whether the robustness grid agrees (its differing cells named when it does not).
    assertEquals(2, sentences(first), first);
    assertTrue(first.contains(summary.robustness().robust() ? " The verdict is robust: all "
        : " The verdict is sensitive to the settings: " + summary.robustness().differing().size() + " of "
            + summary.robustness().cells().size() + " settings"), first);
  }

  @Test
  void plantedContextSaysWhatHappensWithoutDuplicatesAndWhatTheNotebookSays() {
    String context = paragraphTexts(html).get(1);
    AnswerBlock answer = summary.answer();
    Comparison clean = answer.excludingDegenerate();
    assertEquals(7 + 2, answer.degenerateTokens(), "a group of seven and a pair were planted");
    assertTrue(context.startsWith("Without the 9 degenerate tokens"), context);
    assertTrue(context.contains("the ratio is " + threeDigits(clean.estimate()) + "×"), context);
    assertTrue(context.contains("the verdict stays " + clean.verdict()), context);
    NotebookBlock notebook = summary.notebook();
    assertTrue(context.contains("ratio of " + threeDigits(notebook.coreShellRatio()) + "×"), context);
    assertTrue(context.contains("the verdict " + notebook.verdict()), context);
    assertTrue(context.contains("(" + planted.notebook.zeroDensityCount() + " tokens here)"), context);
    assertEquals(7, planted.notebook.zeroDensityCount(), "the seven identical tokens score 0 in the notebook");
  }

  @Test
  void tokenStringsAndEverySummaryStringAreEscaped() {
    assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assertFalse(html.toLowerCase(Locale.ROOT).contains("<script"));
    assertTrue(html.contains("token &lt;b&gt;bold&lt;/b&gt; &amp; co"), "warnings are escaped");
    assertFalse(html.contains("<b>bold</b>"));
    assertTrue(html.contains("hdfs:///data/distances &lt;x&gt;.npy"), "inputs are escaped");
    assertTrue(html.contains("<code class=\"tok\">a&amp;b</code>"));
  }

  @Test
  void tokensShowTheirWhitespaceAndMissingTokensSaySo() {
    assertTrue(html.contains("<code class=\"tok\"><span class=\"ws\">␣</span>the</code>"));
    assertTrue(html.contains("<code class=\"tok\"><span class=\"ws\">\\n</span></code>"));
    assertTrue(html.contains("<span class=\"ws\">\\t</span>&quot;quoted&quot;"));
    assertTrue(html.contains("x<span class=\"ws\">\\u{200B}</span>y"));
    assertTrue(html.contains(HtmlText.NO_TOKEN));
    assertTrue(html.contains(HtmlText.EMPTY_TOKEN));
  }

  @Test
  void everyPlotIsEmbeddedAsAPngDataUri() {
    Matcher images = Pattern.compile("<img src=\"([^\"]*)\"").matcher(html);
    int count = 0;
    while (images.find()) {
      assertTrue(images.group(1).startsWith("data:image/png;base64,"), images.group(1));
      count++;
    }
    assertEquals(plots.size(), count);
    for (Map.Entry<String, byte[]> plot : plots.entrySet()) {
      String uri = "data:image/png;base64," + Base64.getEncoder().encodeToString(plot.getValue());
      assertTrue(html.contains("<img src=\"" + uri + "\" alt=\"" + plot.getKey() + "\">"), plot.getKey());
    }
    assertTrue(html.indexOf("alt=\"density_vs_norm.png\"") < html.indexOf("alt=\"radial_profile.png\""),
        "known plots come in the report's order");
    assertTrue(html.contains("<code>extra_diagnostic.png</code>: Plot written by this run."));
  }

  @Test
  void pageIsSelfContained() {
    String lower = html.toLowerCase(Locale.ROOT);
    assertFalse(lower.contains("http:"), "no http reference");
    assertFalse(lower.contains("https:"), "no https reference");
    assertFalse(lower.contains("<link"));
    assertFalse(lower.contains("<script"));
    assertFalse(lower.contains("url("));
    Matcher sources = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
    while (sources.find()) {
      String target = sources.group(1);
      assertTrue(target.startsWith("data:") || target.startsWith("#"), target);
    }
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.contains("<meta charset=\"utf-8\">"));
  }

  @Test
  void infiniteDensitiesRenderAsInfinity() {
    // Seven core tokens have density +∞, so the ratio of means over all tokens is ∞ and the densest core tokens
    // are listed at ∞.
    assertEquals(Double.POSITIVE_INFINITY, planted.answer.all().ratioOfMeans());
    assertTrue(html.contains("<th>Ratio of mean densities core/shell</th><td class=\"num\">∞</td>"));
    assertTrue(html.contains("<td class=\"num\">∞</td></tr>"), "extreme tokens at density ∞");
    assertFalse(html.contains("Infinity"));
    assertFalse(html.contains("NaN"));
  }

  @Test
  void regionTableShowsBothPassesCounts() {
    CoreDensityAnswer answer = planted.answer;
    String coreRow = "<tr><th>core</th>";
    int start = html.indexOf(coreRow);
    String row = html.substring(start, html.indexOf("</tr>", start));
    List<String> cells = cells(row);
    assertEquals(String.valueOf(answer.all().core().n()), cells.get(2));
    assertEquals(String.valueOf(answer.all().core().infiniteDensities()), cells.get(5));
    assertEquals(String.valueOf(answer.excludingDegenerate().core().n()), cells.get(6));
    assertEquals("0", cells.get(9), "no +∞ density is left without the degenerate tokens");
    assertEquals(7, answer.all().core().infiniteDensities());
  }

  @Test
  void duplicateGroupsListSizeIdsAndTokensBiggestFirst() {
    List<DuplicateGroupEntry> groups = summary.duplicateGroups();
    assertEquals(2, groups.size());
    String section = html.substring(html.indexOf("id=\"duplicates\""), html.indexOf("id=\"extremes\""));
    assertTrue(section.contains("9 of 367 tokens (2.45%) are degenerate"), section);
    assertTrue(section.contains("They form 2 groups of identical embeddings"), section);
    Matcher rows = Pattern.compile("<tr><td class=\"num\">(\\d+)</td>(.*?)</tr>").matcher(section);
    for (DuplicateGroupEntry group : groups) {
      assertTrue(rows.find());
      List<String> cells = cells(rows.group(2));
      assertEquals(String.valueOf(group.size()), cells.get(0));
      assertEquals(ReportNumbers.real(group.causalNorm()), cells.get(1));
      String ids = java.util.Arrays.stream(group.tokenIds()).mapToObj(Long::toString)
          .collect(java.util.stream.Collectors.joining(", "));
      assertEquals(ids, cells.get(2));
    }
    assertFalse(rows.find());
    assertEquals(7, groups.get(0).size());
  }

  @Test
  void intrinsicDimensionTableListsEveryEstimate() {
    String section = html.substring(html.indexOf("id=\"dimension\""), html.indexOf("id=\"inputs\""));
    for (String label : List.of("TwoNN (maximum likelihood)", "TwoNN (linear fit", "Levina–Bickel",
        "Sample participation ratio tr(MC)²/tr(MCMC)", "tr(MC)^2 / tr(MCMC), C = covariance")) {
      assertTrue(section.contains(label), label);
    }
    double twoNn = summary.answer().intrinsicDimension().twonn().estimate();
    assertTrue(section.contains(">" + ReportNumbers.real(twoNn) + "<"), "TwoNN " + twoNn);
    assertTrue(section.contains(">" + summary.answer().intrinsicDimension().twonn().tokensSkipped() + "<"));
  }

  @Test
  void writesThePlantedPageWhenAskedForAVisualCheck() throws IOException {
    String dir = System.getProperty(CHECK_DIR_PROPERTY);
    Assumptions.assumeTrue(dir != null, "set -D" + CHECK_DIR_PROPERTY + "=<folder> to write report.html");
    Path page = Path.of(dir, "report.html");
    Files.createDirectories(page.getParent());
    Files.writeString(page, html, StandardCharsets.UTF_8);
    assertEquals(html, Files.readString(page, StandardCharsets.UTF_8));
  }

  // ------------------------------------------------------------------------------- a real run's summary

  @Test
  void aRealRunsSummaryOpensWithItsVerdictAndNamesTheDuplicates() throws IOException {
    Summary real = SummaryJson.read(Files.readString(
        Path.of("src/test/resources/fixtures/e2e/expected_summary.json"), StandardCharsets.UTF_8));
    String page = HtmlReport.render(real, Map.of());
    String first = firstParagraphText(page);
    assertEquals("denser", real.answer().verdict());
    assertTrue(first.startsWith("The core is denser than the shell only because of exact duplicate tokens: "),
        first);
    assertTrue(first.contains("(" + real.answer().regions().core().infiniteDensities() + " of "
        + real.answer().regions().core().n() + ") have all k = " + real.options().k() + " nearest neighbours"), first);
    String context = paragraphTexts(page).get(1);
    assertTrue(context.contains("the verdict stays " + real.answer().excludingDegenerate().verdict())
        || context.contains("the verdict becomes " + real.answer().excludingDegenerate().verdict()), context);
    assertTrue(context.contains("the verdict " + real.notebook().verdict() + ", contradicting the answer above"),
        context);
    assertTrue(page.contains("<code>" + real.inputs().unembeddingTensor() + "</code>"), "inputs table");
  }

  // ------------------------------------------------------------------------------------ verdict wording

  @Test
  void denserCoreOpensWithDenser() {
    CoreDensityAnswer answer = compare(densities(10, 1, 0.1), new int[100]);
    assertEquals("denser", answer.all().verdict().label());
    String first = firstParagraphText(render(answer));
    assertTrue(first.startsWith("The core is denser than the shell: the median local density of core tokens"),
        first);
    assertShowsRatioAndInterval(first, answer.all().estimate(), answer.all().interval().lower(),
        answer.all().interval().upper());
  }

  @Test
  void sparserCoreOpensWithSparser() {
    CoreDensityAnswer answer = compare(densities(0.1, 1, 0.1), new int[100]);
    assertEquals("sparser", answer.all().verdict().label());
    String first = firstParagraphText(render(answer));
    assertTrue(first.startsWith("The core is sparser than the shell: "), first);
    assertShowsRatioAndInterval(first, answer.all().estimate(), answer.all().interval().lower(),
        answer.all().interval().upper());
  }

  @Test
  void similarCoreNamesTheSimilarBand() {
    CoreDensityAnswer answer = compare(densities(1, 1, 0.1), new int[100]);
    assertEquals("similar", answer.all().verdict().label());
    String first = firstParagraphText(render(answer));
    assertTrue(first.startsWith("The core and the shell have similar density: "), first);
    assertTrue(first.endsWith(", inside the band 0.67–1.5 that counts as similar."), first);
    assertShowsRatioAndInterval(first, answer.all().estimate(), answer.all().interval().lower(),
        answer.all().interval().upper());
  }

  @Test
  void wideCoreIsUndeterminedAndSaysWhichCutOffsTheIntervalSpans() {
    double[] densities = densities(1, 1, 0);
    for (int i = 0; i < 10; i++) {
      densities[i] = i % 2 == 0 ? 0.4 : 4.0;
    }
    CoreDensityAnswer answer = compare(densities, new int[100]);
    assertEquals("undetermined", answer.all().verdict().label());
    String first = firstParagraphText(render(answer));
    assertTrue(first.startsWith("Whether the core is denser or sparser than the shell is undetermined: "), first);
    assertTrue(first.endsWith(" spans both cut-offs, 0.67 (sparser) and 1.5 (denser)."), first);
    assertShowsRatioAndInterval(first, answer.all().estimate(), answer.all().interval().lower(),
        answer.all().interval().upper());
    assertTrue(render(answer).contains("<p class=\"verdict undetermined\">"));
  }

  @Test
  void infiniteEstimateBlamesTheDuplicates() {
    double[] densities = densities(1, 1, 0.1);
    int[] duplicates = new int[100];
    for (int i = 0; i < 9; i++) {
      densities[i] = Double.POSITIVE_INFINITY;
      duplicates[i] = SyntheticSummary.K;
    }
    CoreDensityAnswer answer = compare(densities, duplicates);
    assertEquals(Double.POSITIVE_INFINITY, answer.all().estimate());
    assertEquals("denser", answer.all().verdict().label());
    String first = firstParagraphText(render(answer));
    assertTrue(first.startsWith("The core is denser than the shell only because of exact duplicate tokens: "),
        first);
    assertTrue(first.contains("is infinite, because more than half of them (9 of 10) have all k = 5 nearest "
        + "neighbours at distance 0"), first);
    assertTrue(first.contains("∞× that of shell tokens"), first);
    assertTrue(first.contains("95% bootstrap interval ∞–∞"), first);
  }

  @Test
  void emptyCoreIsUndeterminedWithNotAvailableStatistics() {
    double[] norms = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
    CoreDensityAnswer answer = RegionComparison.compare(norms, densities(2, 1, 0.1), new int[100],
        new RegionBounds(0.5, 40.5, 60.5, 90.5), SETTINGS);
    assertTrue(Double.isNaN(answer.all().estimate()));
    String page = render(answer);
    String first = firstParagraphText(page);
    assertTrue(first.startsWith("Whether the core is denser or sparser than the shell is undetermined: the core "
        + "has 0 tokens and the shell 20, so there is nothing to compare"), first);
    assertTrue(page.contains("<th>Median density ratio core/shell (the answer)</th><td class=\"num\">n/a</td>"),
        "NaN renders as n/a");
    assertTrue(page.contains("<th>95% percentile-bootstrap interval</th><td class=\"num\">n/a</td>"));
    assertFalse(page.contains("NaN"));
  }

  @Test
  void droppingDegenerateTokensThatMadeTheCoreDenseChangesTheVerdict() {
    double[] densities = densities(1, 1, 0.1);
    int[] duplicates = new int[100];
    for (int i = 0; i < 8; i++) {
      densities[i] = 10;
      duplicates[i] = 1;
    }
    CoreDensityAnswer answer = compare(densities, duplicates);
    assertEquals("denser", answer.all().verdict().label());
    assertEquals("similar", answer.excludingDegenerate().verdict().label());
    String context = paragraphTexts(render(answer)).get(1);
    assertTrue(context.startsWith("Without the 8 degenerate tokens (8.00% of 100; "), context);
    assertTrue(context.endsWith("and the verdict becomes similar instead of denser."), context);
  }

  @Test
  void noDuplicatesSaysSoInsteadOfRepeatingTheAnswer() {
    CoreDensityAnswer answer = compare(densities(10, 1, 0.1), new int[100]);
    assertEquals("No token has an exact duplicate, so leaving out degenerate tokens changes nothing.",
        paragraphTexts(render(answer)).get(1));
  }

  // ------------------------------------------------------------------------------------------- edges

  @Test
  void theMatrixFreeDuplicatesPolicySaysWhatWasAnalysedOfWhatWasSelected() {
    assertFalse(html.contains("Duplicates policy"), "the matrix path has no duplicates_policy block");
    DuplicatesPolicyBlock collapse = new DuplicatesPolicyBlock("collapse", 400, 379, 1, 21,
        List.of(new DuplicatesPolicyBlock.Group(10, 22, new long[] {10, 11})));
    String page = HtmlReport.render(summary.withDuplicatesPolicy(collapse), plots);
    assertTrue(page.contains("analysed once, through its lowest id: 379 of the 400 selected rows (1 groups folded, 21 "
        + "rows removed)"), page);
    String kept = HtmlReport.render(summary.withDuplicatesPolicy(new DuplicatesPolicyBlock("keep", 600, 600, 0, 0,
        List.of())), plots);
    assertTrue(kept.contains("Duplicates policy keep: all 600 selected rows were analysed."));
  }

  @Test
  void emptySummaryStillRendersAndSaysThereIsNoAnswer() {
    String page = HtmlReport.render(Summary.empty(), Map.of());
    assertTrue(firstParagraphText(page).startsWith("This run has no answer block"));
    assertTrue(page.contains("This run wrote no plots."));
    assertTrue(page.endsWith("</html>\n"));
  }

  @Test
  void summaryReadBackFromJsonWithNonFiniteStringsRendersTheSame() {
    String json = SummaryJson.render(summary);
    assertTrue(json.contains("\"ratio_of_means\" : \"Infinity\""), "the planted ratio of means is written as a string");
    Summary back = SummaryJson.read(json);
    assertEquals(json, SummaryJson.render(back));
    assertEquals(html, HtmlReport.render(back, plots));
  }

  @Test
  void aPlotThatIsNotAPngIsRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HtmlReport.render(Summary.empty(), Map.of("broken.png", new byte[] {1, 2, 3})));
    assertEquals("plot broken.png is not a PNG: 3 bytes without the 8-byte PNG signature", e.getMessage());
  }

  @Test
  void nullArgumentsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> HtmlReport.render(null, Map.of()));
    assertThrows(IllegalArgumentException.class, () -> HtmlReport.render(Summary.empty(), null));
  }

  // ----------------------------------------------------------------------------------------- helpers

  /** Norms 1..100: core rows 0–9, shell rows 40–59 (strict p40–p60), outer rows 90–99. */
  private static CoreDensityAnswer compare(double[] densities, int[] duplicates) {
    double[] norms = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
    return RegionComparison.compare(norms, densities, duplicates, SETTINGS);
  }

  /** Core rows (0–9) near core, the rest near rest, each scaled by a deterministic jitter within ±spread. */
  private static double[] densities(double core, double rest, double spread) {
    double[] densities = new double[100];
    for (int i = 0; i < 100; i++) {
      double jitter = 1 + spread * (((i * 37) % 11) - 5) / 5.0;
      densities[i] = (i < 10 ? core : rest) * jitter;
    }
    return densities;
  }

  /** The page of a summary holding only the options and this answer. */
  private static String render(CoreDensityAnswer answer) {
    OptionsBlock options = new OptionsBlock(SyntheticSummary.K, SyntheticSummary.DIMENSION, "option",
        SyntheticSummary.BINS, "error", SETTINGS.resamples(), "off", 3, SETTINGS.seed(), "matrix-free",
        new TokenSelectionBlock("all", "all", 100, null, null, null), new MetricBlock("identity", null, null, null),
        "keep");
    return HtmlReport.render(new Summary(Summary.SCHEMA_VERSION, null, options, List.of(), null, null,
        AnswerBlock.of(answer, "keep"), 0, List.of(), null, null, null, null, null), Map.of());
  }

  /** Ratio and interval in the sentence are the values rounded to ≥ 3 significant digits. */
  private static void assertShowsRatioAndInterval(String sentence, double estimate, double lower, double upper) {
    Matcher m = RATIO.matcher(sentence);
    assertTrue(m.find(), sentence);
    assertShows(m.group(1), estimate);
    assertShows(m.group(2), lower);
    assertShows(m.group(3), upper);
    if (!threeDigits(lower).equals(threeDigits(estimate)) && !threeDigits(estimate).equals(threeDigits(upper))) {
      assertTrue(sentence.contains(threeDigits(estimate) + "× that of shell tokens"), sentence);
      assertTrue(sentence.contains("95% bootstrap interval " + threeDigits(lower) + "–" + threeDigits(upper)),
          sentence);
    }
  }

  private static void assertShows(String shown, double value) {
    BigDecimal parsed = new BigDecimal(shown.replace(",", ""));
    assertTrue(parsed.precision() >= MIN_SIGNIFICANT_DIGITS, shown + " has fewer than 3 significant digits");
    double halfUnit = 0.5 * Math.pow(10, -parsed.scale());
    assertEquals(value, parsed.doubleValue(), halfUnit * HALF_UNIT_SLACK, shown + " for " + value);
  }

  private static String threeDigits(double value) {
    return String.format(Locale.ROOT, "%.3g", value);
  }

  private static String firstParagraphText(String page) {
    return paragraphTexts(page).get(0);
  }

  /** The text of each {@code <p>} in order, tags stripped, entities decoded, whitespace collapsed. */
  private static List<String> paragraphTexts(String page) {
    Matcher m = Pattern.compile("<p[ >](.*?)</p>", Pattern.DOTALL).matcher(page);
    List<String> texts = new java.util.ArrayList<>();
    while (m.find()) {
      String inner = m.group(1);
      inner = inner.substring(inner.indexOf('>') + 1);
      texts.add(text(inner));
    }
    return texts;
  }

  private static List<String> cells(String row) {
    Matcher m = Pattern.compile("<t[hd][^>]*>(.*?)</t[hd]>").matcher(row);
    List<String> cells = new java.util.ArrayList<>();
    while (m.find()) {
      cells.add(text(m.group(1)));
    }
    return cells;
  }

  private static String text(String fragment) {
    return fragment.replaceAll("<[^>]*>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
        .replace("&#39;", "'").replace("&amp;", "&").replaceAll("\\s+", " ").trim();
  }

  /** Sentences end in ". " followed by a capital, or at the end. */
  private static int sentences(String text) {
    return text.split("\\. (?=[A-Z])").length;
  }

  private static byte[] tinyPng() throws IOException {
    BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    image.setRGB(1, 1, 0xff0000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
