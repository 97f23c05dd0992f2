package org.tokenstats.jobs.release;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.SimpleDateFormat;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The release's two charts, drawn with JFreeChart from the release's own published observations (a
 * suppressed or missing figure is a gap): national daily tokens in the reference month, and the
 * growth trajectory of average daily tokens since the baseline (log scale). PNG, fixed size, UTC
 * axes, so the same figures always give the same bytes on the same fonts.
 */
final class Charts {
  private Charts() {}

  static final String DAILY = "chart_national_daily_tokens.png";
  static final String GROWTH = "chart_growth_trajectory.png";

  /** The series colour; the bulletin's screenshot test looks for it. */
  static final Color LINE = new Color(0x1f, 0x5f, 0xa8);

  static final int WIDTH = 800;
  static final int HEIGHT = 360;

  static {
    System.setProperty("java.awt.headless", "true");
  }

  static byte[] dailyTokens(List<Observation> nationalDaily, YearMonth period) {
    XYSeries s = new XYSeries("national daily tokens", true, false);
    int missing = 0;
    int suppressed = 0;
    for (Observation o : nationalDaily) {
      if (o.measure() == Measure.TOTAL_TOKENS) {
        s.add(millis(LocalDate.parse(o.period())), o.value() == null ? null : o.value());
        if (!o.confStatus().equals(Observation.FREE)) {
          suppressed++;
        } else if (o.value() == null) {
          missing++;
        }
      }
    }
    NumberAxis y = new NumberAxis("tokens per day");
    y.setAutoRangeIncludesZero(true);
    y.setNumberFormatOverride(grouped());
    // Nothing published (all missing or suppressed): an empty frame, no made-up scale.
    y.setTickLabelsVisible(published(s));
    return png(
        s,
        y,
        "MM-dd",
        "National daily tokens, " + period + " (reporting days)",
        missing + " days without data, " + suppressed + " days suppressed (confidential)");
  }

  private static boolean published(XYSeries s) {
    for (int i = 0; i < s.getItemCount(); i++) {
      if (s.getY(i) != null) {
        return true;
      }
    }
    return false;
  }

  private static DecimalFormat grouped() {
    return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
  }

  static byte[] growthTrajectory(List<Observation> summary, YearMonth baseline) {
    XYSeries s = new XYSeries("average daily tokens", true, false);
    for (Observation o : summary) {
      if (o.measure() == Measure.AVG_DAILY_TOKENS
          && o.geoLevel().equals("national")
          && o.value() != null
          && o.value().signum() > 0) {
        s.add(millis(YearMonth.parse(o.period()).atDay(1)), o.value());
      }
    }
    LogAxis y = new LogAxis("average daily tokens (log scale)");
    y.setBase(10);
    y.setSmallestValue(1);
    y.setNumberFormatOverride(grouped());
    if (s.getItemCount() > 0) {
      // Whole decades around the data, at least one, so that a single month still has a scale.
      double lo = Math.pow(10, Math.floor(Math.log10(s.getMinY())));
      double hi = Math.pow(10, Math.ceil(Math.log10(s.getMaxY())));
      y.setRange(lo, hi > lo ? hi : lo * 10);
      y.setTickUnit(new NumberTickUnit(1));
    }
    return png(
        s,
        y,
        "yyyy-MM",
        "Growth trajectory: national average daily tokens since " + baseline,
        "months published: " + s.getItemCount());
  }

  private static long millis(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  private static byte[] png(
      XYSeries series,
      org.jfree.chart.axis.ValueAxis y,
      String dateFormat,
      String title,
      String subtitle) {
    DateAxis x = new DateAxis(null, TimeZone.getTimeZone("UTC"), Locale.ROOT);
    SimpleDateFormat format = new SimpleDateFormat(dateFormat, Locale.ROOT);
    format.setTimeZone(TimeZone.getTimeZone("UTC"));
    x.setDateFormatOverride(format);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    renderer.setSeriesPaint(0, LINE);
    renderer.setSeriesStroke(0, new BasicStroke(3f));
    XYPlot plot = new XYPlot(new XYSeriesCollection(series), x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    chart.addSubtitle(new TextTitle(subtitle));
    chart.setBackgroundPaint(Color.WHITE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
