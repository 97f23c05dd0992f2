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
import org.jfree.chart.axis.DateTickUnit;
import org.jfree.chart.axis.DateTickUnitType;
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

  /**
   * What a chart can show: its points, and in words what it shows (the image's alt text) or, when
   * nothing is published, why not (the sentence a reader sees instead of an empty frame).
   */
  record Description(int points, String text) {}

  static Description describeDaily(List<Observation> nationalDaily, YearMonth period) {
    XYSeries s = dailySeries(nationalDaily);
    Gaps gaps = gaps(nationalDaily);
    int missing = gaps.missing();
    int suppressed = gaps.suppressed();
    int points = count(s);
    if (points == 0) {
      return new Description(
          0,
          "No national daily total of "
              + period
              + " can be shown: "
              + missing
              + " days without data, "
              + suppressed
              + " days suppressed (confidential).");
    }
    return new Description(
        points,
        "Line chart of national daily tokens in "
            + period
            + ": "
            + points
            + " days published, "
            + extremes(s, "MM-dd")
            + (missing + suppressed > 0
                ? "; " + missing + " days without data, " + suppressed + " suppressed"
                : "")
            + ".");
  }

  static Description describeGrowth(List<Observation> summary, YearMonth baseline) {
    XYSeries s = growthSeries(summary);
    int points = count(s);
    if (points == 0) {
      return new Description(
          0,
          "No national average daily tokens since "
              + baseline
              + " can be shown: no month has a published figure.");
    }
    return new Description(
        points,
        "Line chart, log scale, of national average daily tokens by month since "
            + baseline
            + ": "
            + points
            + " months published, "
            + extremes(s, "yyyy-MM")
            + ".");
  }

  /** "lowest V on D, highest V on D" of a series with points. */
  private static String extremes(XYSeries s, String dateFormat) {
    int lo = 0;
    int hi = 0;
    for (int i = 0; i < s.getItemCount(); i++) {
      if (s.getY(i) == null) {
        continue;
      }
      if (s.getY(lo) == null || s.getY(i).doubleValue() < s.getY(lo).doubleValue()) {
        lo = i;
      }
      if (s.getY(hi) == null || s.getY(i).doubleValue() > s.getY(hi).doubleValue()) {
        hi = i;
      }
    }
    SimpleDateFormat f = utc(dateFormat);
    DecimalFormat n = grouped();
    return "lowest "
        + n.format(s.getY(lo))
        + " on "
        + f.format(s.getX(lo).longValue())
        + ", highest "
        + n.format(s.getY(hi))
        + " on "
        + f.format(s.getX(hi).longValue());
  }

  /** Days of the month without a published total: missing (no data) or suppressed. */
  private record Gaps(int missing, int suppressed) {}

  private static Gaps gaps(List<Observation> nationalDaily) {
    int missing = 0;
    int suppressed = 0;
    for (Observation o : nationalDaily) {
      if (o.measure() == Measure.TOTAL_TOKENS) {
        if (!o.confStatus().equals(Observation.FREE)) {
          suppressed++;
        } else if (o.value() == null) {
          missing++;
        }
      }
    }
    return new Gaps(missing, suppressed);
  }

  private static XYSeries dailySeries(List<Observation> nationalDaily) {
    XYSeries s = new XYSeries("national daily tokens", true, false);
    for (Observation o : nationalDaily) {
      if (o.measure() == Measure.TOTAL_TOKENS) {
        s.add(millis(LocalDate.parse(o.period())), o.value() == null ? null : o.value());
      }
    }
    return s;
  }

  /**
   * @param sayWhenEmpty draw the sentence of {@link #describeDaily} when nothing is published
   *     (releases from the non-response methodology on); before it, an empty frame, kept so that
   *     those releases reproduce byte for byte
   * @param readable axes for people (format 2): a date tick a week, values in words ("1.8
   *     billion"); before, JFreeChart's automatic ticks and grouped digits, kept likewise
   */
  static byte[] dailyTokens(
      List<Observation> nationalDaily, YearMonth period, boolean sayWhenEmpty, boolean readable) {
    XYSeries s = dailySeries(nationalDaily);
    Gaps gaps = gaps(nationalDaily);
    NumberAxis y = new NumberAxis("tokens per day");
    y.setAutoRangeIncludesZero(true);
    y.setNumberFormatOverride(readable ? new InWords() : grouped());
    // Nothing published (all missing or suppressed): no made-up scale.
    y.setTickLabelsVisible(count(s) > 0);
    return png(
        sayWhenEmpty && count(s) == 0 ? null : s,
        y,
        readable ? new DateTickUnit(DateTickUnitType.DAY, 7, utc("MM-dd")) : null,
        "MM-dd",
        "National daily tokens, " + period + " (reporting days)",
        gaps.missing()
            + " days without data, "
            + gaps.suppressed()
            + " days suppressed (confidential)",
        describeDaily(nationalDaily, period).text());
  }

  private static int count(XYSeries s) {
    int n = 0;
    for (int i = 0; i < s.getItemCount(); i++) {
      if (s.getY(i) != null) {
        n++;
      }
    }
    return n;
  }

  private static DecimalFormat grouped() {
    return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
  }

  private static XYSeries growthSeries(List<Observation> summary) {
    XYSeries s = new XYSeries("average daily tokens", true, false);
    for (Observation o : summary) {
      if (o.measure() == Measure.AVG_DAILY_TOKENS
          && o.geoLevel().equals("national")
          && o.value() != null
          && o.value().signum() > 0) {
        s.add(millis(YearMonth.parse(o.period()).atDay(1)), o.value());
      }
    }
    return s;
  }

  /**
   * @param sayWhenEmpty as for {@link #dailyTokens}
   * @param readable as for {@link #dailyTokens}: at most about six month ticks, values in words
   */
  static byte[] growthTrajectory(
      List<Observation> summary, YearMonth baseline, boolean sayWhenEmpty, boolean readable) {
    XYSeries s = growthSeries(summary);
    LogAxis y = new LogAxis("average daily tokens (log scale)");
    y.setBase(10);
    y.setSmallestValue(1);
    y.setNumberFormatOverride(readable ? new InWords() : grouped());
    if (s.getItemCount() > 0) {
      // Whole decades around the data, at least one, so that a single month still has a scale.
      double lo = Math.pow(10, Math.floor(Math.log10(s.getMinY())));
      double hi = Math.pow(10, Math.ceil(Math.log10(s.getMaxY())));
      y.setRange(lo, hi > lo ? hi : lo * 10);
      y.setTickUnit(new NumberTickUnit(1));
    }
    DateTickUnit months = null;
    if (readable && s.getItemCount() > 0) {
      long span = monthOf(s.getMaxX()) - monthOf(s.getMinX());
      months =
          new DateTickUnit(
              DateTickUnitType.MONTH, (int) Math.max(1, (span + 5) / 6), utc("yyyy-MM"));
    }
    return png(
        sayWhenEmpty && s.getItemCount() == 0 ? null : s,
        y,
        months,
        "yyyy-MM",
        "Growth trajectory: national average daily tokens since " + baseline,
        "months published: " + s.getItemCount(),
        describeGrowth(summary, baseline).text());
  }

  /** Months since year 0 of a chart's x value (UTC milliseconds). */
  private static long monthOf(double millis) {
    LocalDate d =
        java.time.Instant.ofEpochMilli((long) millis).atZone(ZoneOffset.UTC).toLocalDate();
    return d.getYear() * 12L + d.getMonthValue();
  }

  private static long millis(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  private static SimpleDateFormat utc(String pattern) {
    SimpleDateFormat format = new SimpleDateFormat(pattern, Locale.ROOT);
    format.setTimeZone(TimeZone.getTimeZone("UTC"));
    return format;
  }

  /**
   * A null series draws no axes or frame, only {@code emptyText} in the plot's place; a null {@code
   * xTicks} lets JFreeChart choose the date ticks.
   */
  private static byte[] png(
      XYSeries series,
      org.jfree.chart.axis.ValueAxis y,
      DateTickUnit xTicks,
      String dateFormat,
      String title,
      String subtitle,
      String emptyText) {
    DateAxis x = new DateAxis(null, TimeZone.getTimeZone("UTC"), Locale.ROOT);
    x.setDateFormatOverride(utc(dateFormat));
    if (xTicks != null) {
      x.setTickUnit(xTicks);
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    renderer.setSeriesPaint(0, LINE);
    renderer.setSeriesStroke(0, new BasicStroke(3f));
    XYPlot plot =
        new XYPlot(
            series == null ? new XYSeriesCollection() : new XYSeriesCollection(series),
            x,
            y,
            renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    if (series == null) {
      x.setVisible(false);
      y.setVisible(false);
      plot.setOutlineVisible(false);
      plot.setDomainGridlinesVisible(false);
      plot.setRangeGridlinesVisible(false);
      plot.setNoDataMessage(emptyText);
    }
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    if (series != null) {
      chart.addSubtitle(new TextTitle(subtitle));
    }
    chart.setBackgroundPaint(Color.WHITE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Axis values in words, as the bulletin writes them ({@link PeopleNumbers#count}). */
  private static final class InWords extends java.text.NumberFormat {
    @Override
    public StringBuffer format(double number, StringBuffer out, java.text.FieldPosition pos) {
      // 0.0 is "0": the tick is the value, not a measured decimal.
      java.math.BigDecimal v = java.math.BigDecimal.valueOf(number).stripTrailingZeros();
      return out.append(PeopleNumbers.count(v.scale() < 0 ? v.setScale(0) : v));
    }

    @Override
    public StringBuffer format(long number, StringBuffer out, java.text.FieldPosition pos) {
      return out.append(PeopleNumbers.count(java.math.BigDecimal.valueOf(number)));
    }

    @Override
    public Number parse(String source, java.text.ParsePosition pos) {
      throw new UnsupportedOperationException("axis labels are only written");
    }
  }
}
