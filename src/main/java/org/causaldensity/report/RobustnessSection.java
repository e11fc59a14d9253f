package org.causaldensity.report;

import static org.causaldensity.report.HtmlText.escape;
import static org.causaldensity.report.ReportNumbers.HEADLINE_DIGITS;
import static org.causaldensity.report.ReportNumbers.real;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causaldensity.answer.Robustness;
import org.causaldensity.answer.RobustnessCell;

/**
 * The report's reading of the {@code "robustness"} block: one sentence for the first paragraph (is the verdict the
 * same at every setting of the grid?) and the grid as a table, one row per k, coloured by verdict.
 */
final class RobustnessSection {
  /** Background of a cell by its verdict; the verdict is also written in the cell, so colour is not the only cue. */
  private static final Map<String, String> COLOURS = Map.of("denser", "#dafbe1", "sparser", "#ffebe9", "similar",
      "#eaeef2", "undetermined", "#fff8c5");

  private RobustnessSection() {}

  /**
   * " The verdict is robust: …" or " The verdict is sensitive to the settings: …" (plain text, leading space), or ""
   * when the run has no robustness block.
   */
  static String sentence(Robustness robustness) {
    if (robustness == null || robustness.cells() == null || robustness.cells().isEmpty()) {
      return "";
    }
    List<RobustnessCell> cells = robustness.cells();
    String primary = robustness.primary() == null ? "n/a" : robustness.primary().verdict();
    String grid = "k ∈ {" + join(robustness.kValues()) + "} × core below p" + join(robustness.corePercentiles())
        .replace(", ", "/p") + ", with and without the degenerate tokens";
    if (robustness.robust()) {
      return " The verdict is robust: all " + cells.size() + " settings of the grid (" + grid + ") give “" + primary
          + "”.";
    }
    List<RobustnessCell> differing = robustness.differing() == null ? List.of() : robustness.differing();
    List<String> named = new ArrayList<>();
    for (RobustnessCell cell : differing) {
      named.add(cellName(cell) + " → " + cell.verdict());
    }
    return " The verdict is sensitive to the settings: " + differing.size() + " of " + cells.size()
        + " settings of the grid (" + grid + ") differ from “" + primary + "”: " + String.join("; ", named) + ".";
  }

  /** The section: what the grid is, and the table. Nothing when the run has no robustness block. */
  static void write(Robustness robustness, StringBuilder out) {
    if (robustness == null || robustness.cells() == null || robustness.cells().isEmpty()) {
      return;
    }
    List<RobustnessCell> cells = robustness.cells();
    out.append("<h3 id=\"robustness\">Robustness over k and the core cut-off</h3>\n<p>")
        .append(escape("The answer statistic (median density ratio core/shell, its 95% bootstrap interval and verdict)"
            + " recomputed for other numbers of neighbours k and other core cut-offs, the shell staying p40–p60, from "
            + "the same neighbour pass." + sentence(robustness)))
        .append(" The primary setting is in bold.</p>\n");
    Map<Integer, Map<String, RobustnessCell>> byK = new LinkedHashMap<>();
    List<String> columns = new ArrayList<>();
    for (RobustnessCell cell : cells) {
      String column = column(cell);
      if (!columns.contains(column)) {
        columns.add(column);
      }
      byK.computeIfAbsent(cell.k(), k -> new LinkedHashMap<>()).put(column, cell);
    }
    out.append("<div class=\"wide\"><table>\n<tr><th>k</th>");
    for (String column : columns) {
      out.append("<th class=\"num\">").append(escape(column)).append("</th>");
    }
    out.append("</tr>\n");
    RobustnessCell primary = robustness.primary();
    for (Map.Entry<Integer, Map<String, RobustnessCell>> row : byK.entrySet()) {
      out.append("<tr><th>").append(row.getKey()).append("</th>");
      for (String column : columns) {
        RobustnessCell cell = row.getValue().get(column);
        if (cell == null) {
          out.append("<td></td>");
          continue;
        }
        String verdict = cell.verdict();
        boolean isPrimary = primary != null && cell.k() == primary.k()
            && cell.corePercentile() == primary.corePercentile() && !cell.excludingDegenerate();
        List<Double> ci = cell.ci95() == null ? List.of() : cell.ci95();
        String text = real(cell.estimate(), HEADLINE_DIGITS) + "× ["
            + (ci.size() == 2 ? real(ci.get(0), HEADLINE_DIGITS) + "–" + real(ci.get(1), HEADLINE_DIGITS) : "n/a")
            + "] " + verdict;
        out.append("<td class=\"num\" style=\"background:").append(COLOURS.getOrDefault(verdict, "#ffffff"))
            .append(isPrimary ? ";font-weight:700" : "").append("\">").append(escape(text)).append("</td>");
      }
      out.append("</tr>\n");
    }
    out.append("</table></div>\n");
  }

  private static String column(RobustnessCell cell) {
    return "core < p" + cell.corePercentile() + (cell.excludingDegenerate() ? ", excluding degenerate" : ", all tokens");
  }

  private static String cellName(RobustnessCell cell) {
    return "k = " + cell.k() + ", " + column(cell);
  }

  private static String join(List<Integer> values) {
    List<String> parts = new ArrayList<>();
    for (Integer value : values == null ? List.<Integer>of() : values) {
      parts.add(String.valueOf(value));
    }
    return String.join(", ", parts);
  }
}
