package org.causaldensity.report;

import static org.causaldensity.report.HtmlText.escape;
import static org.causaldensity.report.ReportNumbers.HEADLINE_DIGITS;
import static org.causaldensity.report.ReportNumbers.real;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
  static String sentence(SummaryTree robustness) {
    List<SummaryTree> cells = robustness.get("cells").items();
    if (cells.isEmpty()) {
      return "";
    }
    String primary = robustness.at("primary", "verdict").text();
    String grid = "k ∈ {" + join(robustness.get("k_values")) + "} × core below p" + join(robustness.get(
        "core_percentiles")).replace(", ", "/p") + ", with and without the degenerate tokens";
    if ("robust".equals(robustness.get("summary").text())) {
      return " The verdict is robust: all " + cells.size() + " settings of the grid (" + grid + ") give “" + primary
          + "”.";
    }
    List<SummaryTree> differing = robustness.get("differing").items();
    List<String> named = new ArrayList<>();
    for (SummaryTree cell : differing) {
      named.add(cellName(cell) + " → " + cell.get("verdict").text());
    }
    return " The verdict is sensitive to the settings: " + differing.size() + " of " + cells.size()
        + " settings of the grid (" + grid + ") differ from “" + primary + "”: " + String.join("; ", named) + ".";
  }

  /** The section: what the grid is, and the table. Nothing when the run has no robustness block. */
  static void write(SummaryTree robustness, StringBuilder out) {
    List<SummaryTree> cells = robustness.get("cells").items();
    if (cells.isEmpty()) {
      return;
    }
    out.append("<h3 id=\"robustness\">Robustness over k and the core cut-off</h3>\n<p>")
        .append(escape("The answer statistic (median density ratio core/shell, its 95% bootstrap interval and verdict)"
            + " recomputed for other numbers of neighbours k and other core cut-offs, the shell staying p40–p60, from "
            + "the same neighbour pass." + sentence(robustness)))
        .append(" The primary setting is in bold.</p>\n");
    Map<Long, Map<String, SummaryTree>> byK = new LinkedHashMap<>();
    List<String> columns = new ArrayList<>();
    for (SummaryTree cell : cells) {
      String column = column(cell);
      if (!columns.contains(column)) {
        columns.add(column);
      }
      byK.computeIfAbsent(cell.get("k").integer(-1), k -> new LinkedHashMap<>()).put(column, cell);
    }
    out.append("<div class=\"wide\"><table>\n<tr><th>k</th>");
    for (String column : columns) {
      out.append("<th class=\"num\">").append(escape(column)).append("</th>");
    }
    out.append("</tr>\n");
    SummaryTree primary = robustness.get("primary");
    for (Map.Entry<Long, Map<String, SummaryTree>> row : byK.entrySet()) {
      out.append("<tr><th>").append(row.getKey()).append("</th>");
      for (String column : columns) {
        SummaryTree cell = row.getValue().get(column);
        if (cell == null) {
          out.append("<td></td>");
          continue;
        }
        String verdict = cell.get("verdict").text();
        boolean isPrimary = cell.get("k").integer(-1) == primary.get("k").integer(-2)
            && cell.get("core_percentile").integer(-1) == primary.get("core_percentile").integer(-2)
            && !Boolean.TRUE.equals(cell.get("excluding_degenerate").raw());
        List<SummaryTree> ci = cell.get("ci95").items();
        String text = real(cell.get("estimate").number(), HEADLINE_DIGITS) + "× ["
            + (ci.size() == 2 ? real(ci.get(0).number(), HEADLINE_DIGITS) + "–"
                + real(ci.get(1).number(), HEADLINE_DIGITS) : "n/a") + "] " + verdict;
        out.append("<td class=\"num\" style=\"background:").append(COLOURS.getOrDefault(verdict, "#ffffff"))
            .append(isPrimary ? ";font-weight:700" : "").append("\">").append(escape(text)).append("</td>");
      }
      out.append("</tr>\n");
    }
    out.append("</table></div>\n");
  }

  private static String column(SummaryTree cell) {
    return "core < p" + cell.get("core_percentile").integer(-1)
        + (Boolean.TRUE.equals(cell.get("excluding_degenerate").raw()) ? ", excluding degenerate" : ", all tokens");
  }

  private static String cellName(SummaryTree cell) {
    return "k = " + cell.get("k").integer(-1) + ", core < p" + cell.get("core_percentile").integer(-1)
        + (Boolean.TRUE.equals(cell.get("excluding_degenerate").raw()) ? ", excluding degenerate" : ", all tokens");
  }

  private static String join(SummaryTree list) {
    List<String> parts = new ArrayList<>();
    for (SummaryTree item : list.items()) {
      parts.add(String.valueOf(item.integer(-1)));
    }
    return String.join(", ", parts);
  }
}
