package org.causaldensity.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The PNG plots of a run, rendered headless with JFreeChart. Each method returns the PNG bytes; callers write them
 * through the Hadoop FileSystem.
 */
public final class Plots {
  private static final int WIDTH = 1200;
  private static final int HEIGHT = 650;
  /** Viridis, sampled at 9 points; intermediate colours are interpolated. */
  private static final int[] VIRIDIS = {0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962,
      0xaddc30, 0xfde725};

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Plots() {}

  /**
   * Scatter of a positive per-token value (log y axis) against the causal norm, each point coloured by log10 of its
   * value with a colour bar. Points whose value is not finite and positive cannot sit on a log axis: +Infinity is
   * drawn as a red triangle at the top of the axis, 0 and NaN are left out; the subtitle says how many of each.
   */
  public static byte[] logScatter(double[] norms, double[] values, String title, String valueLabel) {
    requireSameLength(norms, values);
    int finite = 0;
    int infinite = 0;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      if (v == Double.POSITIVE_INFINITY) {
        infinite++;
      } else if (v > 0 && Double.isFinite(v)) {
        finite++;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (finite == 0) {
      lo = 1;
      hi = 10;
    }
    if (hi <= lo) {
      hi = lo * 10;
    }
    double[][] points = new double[3][finite];
    double[][] top = new double[3][infinite];
    double axisTop = hi * 1.5;
    int p = 0;
    int t = 0;
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (v == Double.POSITIVE_INFINITY) {
        top[0][t] = norms[i];
        top[1][t] = axisTop;
        top[2][t++] = Double.NaN;
      } else if (v > 0 && Double.isFinite(v)) {
        points[0][p] = norms[i];
        points[1][p] = v;
        points[2][p++] = Math.log10(v);
      }
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("tokens", points);
    LookupPaintScale scale = viridis(Math.log10(lo), Math.log10(hi));
    XYShapeRenderer renderer = new XYShapeRenderer();
    renderer.setPaintScale(scale);
    renderer.setDefaultShape(new Ellipse2D.Double(-2.5, -2.5, 5, 5));
    renderer.setDrawOutlines(false);

    NumberAxis x = new NumberAxis("Causal norm ‖γ‖_M (logometers)");
    x.setAutoRangeIncludesZero(false);
    LogAxis y = new LogAxis(valueLabel);
    y.setSmallestValue(lo / 2);
    y.setRange(lo / 1.5, axisTop * 1.5);
    // Whole decades when the range spans several, else a nice fraction of one; labels as plain values (2.5E-2),
    // not as fractional powers of ten.
    double decades = Math.log10(axisTop * 1.5) - Math.log10(lo / 1.5);
    y.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(decades > 4 ? Math.ceil(decades / 8)
        : niceStep(decades / 8)));
    y.setNumberFormatOverride(new java.text.DecimalFormat("0.###E0"));
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    if (infinite > 0) {
      DefaultXYZDataset infData = new DefaultXYZDataset();
      infData.addSeries("+Infinity", top);
      XYShapeRenderer infRenderer = new XYShapeRenderer() {
        private static final long serialVersionUID = 1L;

        @Override
        protected Paint getPaint(org.jfree.data.xy.XYDataset dataset, int series, int item) {
          return Color.RED;
        }
      };
      infRenderer.setDefaultShape(triangle(5));
      plot.setDataset(1, infData);
      plot.setRenderer(1, infRenderer);
    }
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    String note = String.format(java.util.Locale.ROOT, "%,d tokens shown", finite)
        + (infinite > 0 ? String.format(java.util.Locale.ROOT,
            "; %,d at +∞ (exact duplicates: mean kNN distance 0) drawn as red triangles at the top", infinite) : "")
        + (values.length - finite - infinite > 0 ? String.format(java.util.Locale.ROOT,
            "; %,d with value 0 or NaN not drawn", values.length - finite - infinite) : "");
    chart.addSubtitle(new TextTitle(note, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
    NumberAxis barAxis = new NumberAxis("log10 " + valueLabel);
    barAxis.setRange(Math.log10(lo), Math.log10(hi) + 1e-9);
    barAxis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(niceStep((Math.log10(hi) - Math.log10(lo)) / 8)));
    PaintScaleLegend legend = new PaintScaleLegend(scale, barAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setMargin(4, 4, 40, 4);
    legend.setStripWidth(14);
    chart.addSubtitle(legend);
    return png(chart, WIDTH, HEIGHT);
  }

  /**
   * The radial profile: mean density per norm bin with a ±1 std band above, the token count per bin below.
   */
  public static byte[] radialProfile(double[] centers, double[] mean, double[] std, long[] count, double binWidth,
      String title) {
    YIntervalSeries band = new YIntervalSeries("mean ± std");
    XYSeries counts = new XYSeries("tokens");
    for (int i = 0; i < centers.length; i++) {
      if (count[i] > 0) { // an empty bin has no mean; the notebook's 0 there would draw a false dip
        band.add(centers[i], mean[i], mean[i] - std[i], mean[i] + std[i]);
      }
      counts.add(centers[i], count[i]);
    }
    YIntervalSeriesCollection bandData = new YIntervalSeriesCollection();
    bandData.addSeries(band);
    DeviationRenderer deviation = new DeviationRenderer(true, true);
    deviation.setSeriesPaint(0, new Color(0x1f, 0x4e, 0xd8));
    deviation.setSeriesFillPaint(0, new Color(0x1f, 0x4e, 0xd8));
    deviation.setSeriesStroke(0, new BasicStroke(2f));
    deviation.setAlpha(0.25f);
    XYPlot top = new XYPlot(bandData, null, new NumberAxis("Mean local density (1/logometers)"), deviation);

    XYSeriesCollection countData = new XYSeriesCollection(counts);
    countData.setIntervalWidth(binWidth);
    XYBarRenderer bars = new XYBarRenderer(0.05);
    bars.setSeriesPaint(0, Color.GRAY);
    bars.setShadowVisible(false);
    bars.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
    XYPlot bottom = new XYPlot(countData, null, new NumberAxis("Token count"), bars);

    NumberAxis x = new NumberAxis("Causal norm ‖γ‖_M (logometers)");
    x.setAutoRangeIncludesZero(false);
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
    plot.add(top, 3);
    plot.add(bottom, 2);
    for (XYPlot sub : new XYPlot[] {top, bottom}) {
      sub.setBackgroundPaint(Color.WHITE);
      sub.setDomainGridlinePaint(Color.LIGHT_GRAY);
      sub.setRangeGridlinePaint(Color.LIGHT_GRAY);
    }
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    return png(chart, WIDTH, 900);
  }

  /**
   * Scatter of a real-valued per-token value (linear y) against the causal norm; non-finite values are left out
   * and counted in the subtitle.
   */
  public static byte[] linearScatter(double[] norms, double[] values, String title, String valueLabel) {
    requireSameLength(norms, values);
    XYSeries series = new XYSeries("tokens", false, true);
    int infinite = 0;
    int other = 0;
    for (int i = 0; i < values.length; i++) {
      if (Double.isFinite(values[i])) {
        series.add(norms[i], values[i]);
      } else if (values[i] == Double.POSITIVE_INFINITY) {
        infinite++;
      } else {
        other++;
      }
    }
    NumberAxis x = new NumberAxis("Causal norm ‖γ‖_M (logometers)");
    x.setAutoRangeIncludesZero(false);
    NumberAxis y = new NumberAxis(valueLabel);
    y.setAutoRangeIncludesZero(false);
    XYShapeRenderer renderer = new XYShapeRenderer() {
      private static final long serialVersionUID = 1L;

      @Override
      protected Paint getPaint(org.jfree.data.xy.XYDataset dataset, int s, int item) {
        return new Color(0x21, 0x91, 0x8c, 120);
      }
    };
    renderer.setDefaultShape(new Ellipse2D.Double(-2, -2, 4, 4));
    renderer.setDrawOutlines(false);
    XYPlot plot = new XYPlot(new XYSeriesCollection(series), x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    chart.addSubtitle(new TextTitle(String.format(java.util.Locale.ROOT, "%,d tokens shown%s%s",
        series.getItemCount(),
        infinite > 0 ? String.format(java.util.Locale.ROOT, "; %,d at +∞ (exact duplicates) not drawn", infinite) : "",
        other > 0 ? String.format(java.util.Locale.ROOT, "; %,d NaN or −∞ not drawn", other) : ""),
        new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
    return png(chart, WIDTH, HEIGHT);
  }

  /**
   * Box plots of log10 density per region (median, quartiles, whiskers, outliers) from the finite densities; each
   * category label gives the region's size and how many densities are +Infinity (not drawable on the axis).
   */
  public static byte[] regionDensities(java.util.Map<String, double[]> densitiesByRegion, String title) {
    org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset data =
        new org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset();
    for (java.util.Map.Entry<String, double[]> region : densitiesByRegion.entrySet()) {
      java.util.List<Double> logs = new java.util.ArrayList<>();
      int infinite = 0;
      for (double v : region.getValue()) {
        if (v == Double.POSITIVE_INFINITY) {
          infinite++;
        } else if (v > 0 && Double.isFinite(v)) {
          logs.add(Math.log10(v));
        }
      }
      String label = String.format(java.util.Locale.ROOT, "%s (n=%,d%s)", region.getKey(), region.getValue().length,
          infinite > 0 ? String.format(java.util.Locale.ROOT, ", %,d at +∞", infinite) : "");
      data.add(box(logs.stream().mapToDouble(Double::doubleValue).toArray()), "log10 density", label);
    }
    org.jfree.chart.renderer.category.BoxAndWhiskerRenderer renderer =
        new org.jfree.chart.renderer.category.BoxAndWhiskerRenderer();
    renderer.setSeriesPaint(0, new Color(0x21, 0x91, 0x8c));
    renderer.setMeanVisible(false);
    renderer.setMaximumBarWidth(0.15);
    org.jfree.chart.plot.CategoryPlot plot = new org.jfree.chart.plot.CategoryPlot(data,
        new org.jfree.chart.axis.CategoryAxis("Region (by causal-norm percentile)"),
        new NumberAxis("log10 local density (1/mean kNN distance)"), renderer);
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    chart.addSubtitle(new TextTitle("box: quartiles and median; whiskers: smallest and largest of the finite "
        + "densities; +∞ densities (exact duplicates) are counted in the labels",
        new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
    return png(chart, WIDTH, HEIGHT);
  }

  /** Quartiles (numpy's linear percentiles), median and the full range as whiskers; no outlier marks. */
  private static org.jfree.data.statistics.BoxAndWhiskerItem box(double[] values) {
    if (values.length == 0) {
      return new org.jfree.data.statistics.BoxAndWhiskerItem(null, null, null, null, null, null, null, null,
          java.util.List.of());
    }
    double[] q = org.causaldensity.stats.NumpyStats.percentiles(values, 0, 25, 50, 75, 100);
    return new org.jfree.data.statistics.BoxAndWhiskerItem(q[2], q[2], q[1], q[3], q[0], q[4], q[0], q[4],
        java.util.List.of());
  }

  /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
  static double niceStep(double raw) {
    if (!(raw > 0) || Double.isInfinite(raw)) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * power >= raw) {
        return m * power;
      }
    }
    return 10 * power;
  }

  private static LookupPaintScale viridis(double lo, double hi) {
    if (!(hi > lo)) {
      hi = lo + 1;
    }
    LookupPaintScale scale = new LookupPaintScale(lo, hi, Color.GRAY);
    int steps = 64;
    for (int s = 0; s < steps; s++) {
      double f = s / (double) (steps - 1);
      scale.add(lo + f * (hi - lo), interpolate(f));
    }
    return scale;
  }

  private static Color interpolate(double f) {
    double pos = f * (VIRIDIS.length - 1);
    int i = Math.min((int) pos, VIRIDIS.length - 2);
    double w = pos - i;
    int a = VIRIDIS[i];
    int b = VIRIDIS[i + 1];
    int r = (int) Math.round(((a >> 16) & 255) * (1 - w) + ((b >> 16) & 255) * w);
    int g = (int) Math.round(((a >> 8) & 255) * (1 - w) + ((b >> 8) & 255) * w);
    int bl = (int) Math.round((a & 255) * (1 - w) + (b & 255) * w);
    return new Color(r, g, bl, 170);
  }

  private static java.awt.Shape triangle(double s) {
    Path2D.Double path = new Path2D.Double();
    path.moveTo(0, -s);
    path.lineTo(s, s);
    path.lineTo(-s, s);
    path.closePath();
    return path;
  }

  private static void requireSameLength(double[] norms, double[] values) {
    if (norms.length != values.length) {
      throw new IllegalArgumentException("norms has " + norms.length + " values but values has " + values.length);
    }
  }

  private static byte[] png(JFreeChart chart, int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, width, height);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
