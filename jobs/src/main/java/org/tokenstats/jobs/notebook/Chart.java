package org.tokenstats.jobs.notebook;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.DateTickUnit;
import org.jfree.chart.axis.DateTickUnitType;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.tokenstats.common.errors.Errors;

/**
 * A chart of a Dataset for a notebook cell, drawn with JFreeChart (the library the releases' charts
 * use) as a PNG: {@code Chart.line(df, "month", "avg_daily_tokens").by("code").logScale()}, or
 * {@code Chart.bar(df, "hub", "kwh_per_million_tokens")}. Dates (DATE, TIMESTAMP, or text like
 * 2026-03 and 2026-03-14) go on a time axis; a null value is a gap, never a zero. {@link #mark}
 * overlays points, e.g. the figures a release published on top of the curated series.
 */
public final class Chart {
  private static final Color[] PALETTE = {
    new Color(0x1f, 0x5f, 0xa8),
    new Color(0xd9, 0x5f, 0x02),
    new Color(0x1b, 0x9e, 0x77),
    new Color(0x75, 0x70, 0xb3),
    new Color(0xe7, 0x29, 0x8a),
    new Color(0x66, 0xa6, 0x1e),
    new Color(0xa6, 0x76, 0x1d),
    new Color(0x66, 0x66, 0x66)
  };
  private static final Color MARK = new Color(0xc0, 0x10, 0x10);

  private enum Kind {
    LINE,
    BAR
  }

  private record Marks(Dataset<Row> data, String x, String y, String label) {}

  private final Kind kind;
  private final Dataset<Row> data;
  private final String x;
  private final String y;
  private String by;
  private String title;
  private String yLabel;
  private boolean log;
  private final List<Marks> marks = new ArrayList<>();
  private int width = 860;
  private int height = 400;

  private Chart(Kind kind, Dataset<Row> data, String x, String y) {
    this.kind = kind;
    this.data = data;
    this.x = x;
    this.y = y;
    this.yLabel = y;
    this.title = y + " by " + x;
  }

  /** A line per series over a time (or numeric) axis. */
  public static Chart line(Dataset<Row> data, String x, String y) {
    return new Chart(Kind.LINE, data, x, y);
  }

  /** Bars per category (and per series, side by side). */
  public static Chart bar(Dataset<Row> data, String category, String y) {
    return new Chart(Kind.BAR, data, category, y);
  }

  /** One series per value of this column (a legend names them). */
  public Chart by(String column) {
    this.by = column;
    return this;
  }

  public Chart title(String text) {
    this.title = text;
    return this;
  }

  public Chart yLabel(String text) {
    this.yLabel = text;
    return this;
  }

  /** A base-10 log scale (growth over orders of magnitude); values at or below 0 are left out. */
  public Chart logScale() {
    this.log = true;
    return this;
  }

  /** Overlays {@code (x, y)} points of another Dataset as red dots, named {@code label}. */
  public Chart mark(Dataset<Row> points, String px, String py, String label) {
    marks.add(new Marks(points, px, py, label));
    return this;
  }

  public Chart size(int w, int h) {
    this.width = w;
    this.height = h;
    return this;
  }

  /** The chart as PNG bytes. */
  public byte[] png() {
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot(), true);
    chart.setBackgroundPaint(Color.WHITE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, width, height);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return "Chart[" + title + "]";
  }

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Plot plot() {
    return kind == Kind.BAR ? barPlot() : linePlot();
  }

  private Plot linePlot() {
    XYSeriesCollection series = new XYSeriesCollection();
    boolean[] dates = {false};
    for (Map.Entry<String, List<Object[]>> s : points(data, x, y, by).entrySet()) {
      series.addSeries(xySeries(s.getKey(), s.getValue(), dates));
    }
    int lines = series.getSeriesCount();
    for (Marks m : marks) {
      for (List<Object[]> p : points(m.data(), m.x(), m.y(), null).values()) {
        series.addSeries(xySeries(m.label(), p, dates));
      }
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < series.getSeriesCount(); i++) {
      if (i < lines) {
        // Small dots on the line, so that a month or a day standing alone is still seen.
        renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        renderer.setSeriesStroke(i, new BasicStroke(2.5f));
        renderer.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
      } else {
        renderer.setSeriesLinesVisible(i, false);
        renderer.setSeriesShapesVisible(i, true);
        renderer.setSeriesShape(i, new Ellipse2D.Double(-5, -5, 10, 10));
        renderer.setSeriesPaint(i, MARK);
      }
    }
    ValueAxis xAxis = dates[0] ? dateAxis(series) : numberAxis(series);
    ValueAxis yAxis = valueAxis();
    if (log) {
      decades(series, yAxis);
    }
    XYPlot plot = new XYPlot(series, xAxis, yAxis, renderer);
    style(plot);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    return plot;
  }

  private Plot barPlot() {
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    for (Map.Entry<String, List<Object[]>> s : points(data, x, y, by).entrySet()) {
      for (Object[] p : s.getValue()) {
        Double v = number(p[1]);
        dataset.addValue(log && v != null && v <= 0 ? null : v, s.getKey(), String.valueOf(p[0]));
      }
    }
    BarRenderer renderer = new BarRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    for (int i = 0; i < dataset.getRowCount(); i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
    }
    CategoryAxis categories = new CategoryAxis(x);
    if (dataset.getColumnCount() > 8) {
      categories.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    }
    CategoryPlot plot = new CategoryPlot(dataset, categories, valueAxis(), renderer);
    plot.setOrientation(PlotOrientation.VERTICAL);
    style(plot);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    return plot;
  }

  private static final long DAY = 86_400_000L;

  /**
   * A time axis in UTC whose ticks are whole days or longer (the data are days or months, never
   * hours), labelled yyyy-MM when every point is a month's first day; one point gets a month either
   * side instead of a zero-width range.
   */
  private DateAxis dateAxis(XYSeriesCollection series) {
    TimeZone utc = TimeZone.getTimeZone("UTC");
    DateAxis axis = new DateAxis(x, utc, Locale.ROOT);
    boolean months = true;
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (int s = 0; s < series.getSeriesCount(); s++) {
      for (int i = 0; i < series.getItemCount(s); i++) {
        double v = series.getXValue(s, i);
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
        LocalDate day = Instant.ofEpochMilli((long) v).atZone(ZoneOffset.UTC).toLocalDate();
        months &= day.getDayOfMonth() == 1;
      }
    }
    String pattern = months ? "yyyy-MM" : "yyyy-MM-dd";
    TickUnits units = new TickUnits();
    for (int days : new int[] {1, 2, 7, 14}) {
      if (!months) {
        units.add(new DateTickUnit(DateTickUnitType.DAY, days, format(pattern, utc)));
      }
    }
    for (int n : new int[] {1, 3, 6}) {
      units.add(new DateTickUnit(DateTickUnitType.MONTH, n, format(pattern, utc)));
    }
    for (int n : new int[] {1, 2, 5, 10}) {
      units.add(new DateTickUnit(DateTickUnitType.YEAR, n, format(pattern, utc)));
    }
    axis.setStandardTickUnits(units);
    if (lo <= hi) {
      double pad = hi - lo < DAY ? 30.0 * DAY : (hi - lo) * 0.03;
      axis.setRange(lo - pad, hi + pad);
    }
    return axis;
  }

  private static java.text.DateFormat format(String pattern, TimeZone zone) {
    java.text.SimpleDateFormat f = new java.text.SimpleDateFormat(pattern, Locale.ROOT);
    f.setTimeZone(zone);
    return f;
  }

  private NumberAxis numberAxis(XYSeriesCollection series) {
    NumberAxis axis = new NumberAxis(x);
    axis.setAutoRangeIncludesZero(false);
    if (series.getSeriesCount() > 0
        && series.getDomainLowerBound(false) == series.getDomainUpperBound(false)) {
      double v = series.getDomainLowerBound(false);
      axis.setRange(v - 1, v + 1);
    }
    return axis;
  }

  /** Whole decades around the data on a log axis, at least one, so one point still has a scale. */
  private static void decades(XYSeriesCollection series, ValueAxis axis) {
    double lo = Double.MAX_VALUE;
    double hi = 0;
    for (int s = 0; s < series.getSeriesCount(); s++) {
      for (int i = 0; i < series.getItemCount(s); i++) {
        Number y = series.getY(s, i);
        if (y != null && y.doubleValue() > 0) {
          lo = Math.min(lo, y.doubleValue());
          hi = Math.max(hi, y.doubleValue());
        }
      }
    }
    if (hi > 0) {
      double from = Math.pow(10, Math.floor(Math.log10(lo)));
      double to = Math.pow(10, Math.ceil(Math.log10(hi)));
      LogAxis logAxis = (LogAxis) axis;
      logAxis.setRange(from, to > from ? to : from * 10);
      logAxis.setTickUnit(new NumberTickUnit(1));
      if (from >= 1) {
        logAxis.setNumberFormatOverride(
            new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
      }
    }
  }

  private ValueAxis valueAxis() {
    if (log) {
      LogAxis axis = new LogAxis(yLabel + " (log scale)");
      axis.setBase(10);
      axis.setSmallestValue(1e-12);
      return axis;
    }
    // JFreeChart's own tick units format both 0.0000002 and 25,000,000 readably.
    return new NumberAxis(yLabel);
  }

  private static void style(Plot plot) {
    plot.setBackgroundPaint(Color.WHITE);
  }

  private XYSeries xySeries(String name, List<Object[]> points, boolean[] dates) {
    XYSeries s = new XYSeries(name, true, true);
    for (Object[] p : points) {
      Long millis = millis(p[0]);
      double xv;
      if (millis != null) {
        dates[0] = true;
        xv = millis;
      } else if (number(p[0]) != null) {
        xv = number(p[0]);
      } else {
        throw Errors.usage(
            "Chart.line needs dates or numbers on its x axis; column " + x + " has " + p[0] + ".",
            "Use Chart.bar for categories.");
      }
      Double v = number(p[1]);
      s.add(xv, log && v != null && v <= 0 ? null : v);
    }
    return s;
  }

  /** Collects (x, y) per series, in the Dataset's x order (sorted by x). */
  private static Map<String, List<Object[]>> points(
      Dataset<Row> data, String x, String y, String by) {
    Map<String, List<Object[]>> out = new LinkedHashMap<>();
    Dataset<Row> picked =
        by == null ? data.select(x, y).orderBy(x) : data.select(by, x, y).orderBy(by, x);
    for (Row r : picked.collectAsList()) {
      String series = by == null ? y : String.valueOf(r.get(0));
      int o = by == null ? 0 : 1;
      if (r.isNullAt(o)) {
        continue;
      }
      out.computeIfAbsent(series, k -> new ArrayList<>())
          .add(new Object[] {r.get(o), r.get(o + 1)});
    }
    return out;
  }

  private static Long millis(Object v) {
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
    if (v instanceof LocalDate d) {
      return d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
    if (v instanceof Timestamp t) {
      return t.getTime();
    }
    if (v instanceof Instant i) {
      return i.toEpochMilli();
    }
    if (v instanceof String s) {
      if (s.matches("\\d{4}-\\d{2}")) {
        return millis(YearMonth.parse(s).atDay(1));
      }
      if (s.matches("\\d{4}-\\d{2}-\\d{2}")) {
        return millis(LocalDate.parse(s));
      }
    }
    return null;
  }

  private static Double number(Object v) {
    return v instanceof Number n ? Double.valueOf(n.doubleValue()) : null;
  }
}
