package org.tokenstats.jobs.release;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The release's charts as SVG (format 2): the same two series as the PNGs, drawn as text a browser
 * scales and a screen reader reads ({@code <title>} and {@code <desc>} carry the chart's
 * description). Axes are readable: dates on x with a handful of ticks, values on y in words ("4.6
 * trillion") with the unit in the axis title. A chart with nothing published is the sentence saying
 * why, with no axes or frame. Written by hand, so the same figures give the same bytes.
 */
final class SvgChart {
  private SvgChart() {}

  static final String DAILY = "chart_national_daily_tokens.svg";
  static final String GROWTH = "chart_growth_trajectory.svg";

  private static final int LEFT = 96;
  private static final int RIGHT = 24;
  private static final int TOP = 56;
  private static final int BOTTOM = 48;
  private static final String COLOUR = "#1f5fa8";

  /** A point of the series: where it is along x (0 to 1), its value, and its date label. */
  private record Point(double x, BigDecimal y, String label) {}

  /** A label on the x axis at a position from 0 to 1. */
  private record Tick(double x, String label) {}

  /** National daily tokens of the month; a day without a published total breaks the line. */
  static String daily(List<Observation> nationalDaily, YearMonth period) {
    int days = period.lengthOfMonth();
    List<List<Point>> runs = new ArrayList<>();
    List<Point> run = new ArrayList<>();
    for (Observation o : nationalDaily) {
      if (o.measure() != Measure.TOTAL_TOKENS) {
        continue;
      }
      LocalDate day = LocalDate.parse(o.period());
      if (o.value() == null) {
        if (!run.isEmpty()) {
          runs.add(run);
          run = new ArrayList<>();
        }
        continue;
      }
      run.add(new Point(position(day.getDayOfMonth() - 1, days), o.value(), o.period()));
    }
    if (!run.isEmpty()) {
      runs.add(run);
    }
    List<Tick> ticks = new ArrayList<>();
    for (int d = 1; d <= days; d += 7) {
      ticks.add(new Tick(position(d - 1, days), period.atDay(d).toString().substring(5)));
    }
    return render(
        "National daily tokens, " + period + " (reporting days)",
        "tokens per day",
        runs,
        ticks,
        false,
        Charts.describeDaily(nationalDaily, period));
  }

  /** National average daily tokens of every month since the baseline, on a log scale. */
  static String growth(List<Observation> summary, YearMonth baseline, YearMonth period) {
    int months = (int) baseline.until(period, java.time.temporal.ChronoUnit.MONTHS) + 1;
    List<Point> points = new ArrayList<>();
    for (Observation o : summary) {
      if (o.measure() == Measure.AVG_DAILY_TOKENS
          && o.geoLevel().equals("national")
          && o.value() != null
          && o.value().signum() > 0) {
        YearMonth m = YearMonth.parse(o.period());
        int i = (int) baseline.until(m, java.time.temporal.ChronoUnit.MONTHS);
        points.add(new Point(position(i, months), o.value(), o.period()));
      }
    }
    List<Tick> ticks = new ArrayList<>();
    int step = Math.max(1, (months + 5) / 6);
    for (int i = 0; i < months; i += step) {
      ticks.add(new Tick(position(i, months), baseline.plusMonths(i).toString()));
    }
    return render(
        "Growth trajectory: national average daily tokens since " + baseline,
        "average daily tokens (log scale)",
        points.isEmpty() ? List.of() : List.of(points),
        ticks,
        true,
        Charts.describeGrowth(summary, baseline));
  }

  /** Index {@code i} of {@code n} evenly along the axis; a single one in the middle. */
  private static double position(int i, int n) {
    return n <= 1 ? 0.5 : (double) i / (n - 1);
  }

  private static String render(
      String title,
      String yTitle,
      List<List<Point>> runs,
      List<Tick> xTicks,
      boolean log,
      Charts.Description d) {
    int w = Charts.WIDTH;
    int h = Charts.HEIGHT;
    StringBuilder s = new StringBuilder();
    s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(w)
        .append("\" height=\"")
        .append(h)
        .append("\" viewBox=\"0 0 ")
        .append(w)
        .append(' ')
        .append(h)
        .append("\" role=\"img\" aria-labelledby=\"title desc\"")
        .append(" font-family=\"DejaVu Sans, sans-serif\">\n");
    s.append("<title id=\"title\">").append(x(title)).append("</title>\n");
    s.append("<desc id=\"desc\">").append(x(d.text())).append("</desc>\n");
    s.append("<rect width=\"").append(w).append("\" height=\"").append(h);
    s.append("\" fill=\"#ffffff\"/>\n");
    s.append("<text x=\"")
        .append(w / 2)
        .append("\" y=\"24\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">")
        .append(x(title))
        .append("</text>\n");
    if (d.points() == 0) {
      // Nothing published: the sentence, no made-up scale, no empty frame.
      int y = h / 2;
      for (String line : ReleaseDocuments.wrap(d.text()).strip().split("\n")) {
        s.append("<text x=\"")
            .append(w / 2)
            .append("\" y=\"")
            .append(y)
            .append("\" text-anchor=\"middle\" font-size=\"14\" fill=\"#333333\">")
            .append(x(line))
            .append("</text>\n");
        y += 20;
      }
      return s.append("</svg>\n").toString();
    }
    double plotW = w - LEFT - RIGHT;
    double plotH = h - TOP - BOTTOM;
    Scale scale = Scale.of(runs, log);
    // Grid and y labels.
    for (BigDecimal t : scale.ticks()) {
      double y = TOP + plotH * (1 - scale.at(t));
      s.append("<line x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(w - RIGHT)
          .append("\" y1=\"")
          .append(n(y))
          .append("\" y2=\"")
          .append(n(y))
          .append("\" stroke=\"#dddddd\"/>\n");
      s.append("<text x=\"")
          .append(LEFT - 6)
          .append("\" y=\"")
          .append(n(y + 4))
          .append("\" text-anchor=\"end\" font-size=\"11\">")
          .append(x(PeopleNumbers.count(t)))
          .append("</text>\n");
    }
    s.append("<text transform=\"translate(16 ")
        .append(n(TOP + plotH / 2))
        .append(") rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">")
        .append(x(yTitle))
        .append("</text>\n");
    // x axis and its ticks.
    s.append("<line x1=\"")
        .append(LEFT)
        .append("\" x2=\"")
        .append(w - RIGHT)
        .append("\" y1=\"")
        .append(n(TOP + plotH))
        .append("\" y2=\"")
        .append(n(TOP + plotH))
        .append("\" stroke=\"#555555\"/>\n");
    for (Tick t : xTicks) {
      double xx = LEFT + plotW * t.x();
      s.append("<line x1=\"")
          .append(n(xx))
          .append("\" x2=\"")
          .append(n(xx))
          .append("\" y1=\"")
          .append(n(TOP + plotH))
          .append("\" y2=\"")
          .append(n(TOP + plotH + 5))
          .append("\" stroke=\"#555555\"/>\n");
      s.append("<text x=\"")
          .append(n(xx))
          .append("\" y=\"")
          .append(n(TOP + plotH + 20))
          .append("\" text-anchor=\"middle\" font-size=\"11\">")
          .append(x(t.label()))
          .append("</text>\n");
    }
    // The series: a line through each run of published points, a dot on each point.
    for (List<Point> run : runs) {
      if (run.size() > 1) {
        s.append("<polyline fill=\"none\" stroke=\"")
            .append(COLOUR)
            .append("\" stroke-width=\"3\" points=\"");
        for (int i = 0; i < run.size(); i++) {
          Point p = run.get(i);
          s.append(i == 0 ? "" : " ")
              .append(n(LEFT + plotW * p.x()))
              .append(',')
              .append(n(TOP + plotH * (1 - scale.at(p.y()))));
        }
        s.append("\"/>\n");
      }
      for (Point p : run) {
        s.append("<circle cx=\"")
            .append(n(LEFT + plotW * p.x()))
            .append("\" cy=\"")
            .append(n(TOP + plotH * (1 - scale.at(p.y()))))
            .append("\" r=\"4\" fill=\"")
            .append(COLOUR)
            .append("\"><title>")
            .append(x(p.label() + ": " + PeopleNumbers.count(p.y())))
            .append("</title></circle>\n");
      }
    }
    return s.append("</svg>\n").toString();
  }

  /** The y axis: linear from zero to a round top, or whole decades on a log scale. */
  private record Scale(boolean log, double lo, double hi, List<BigDecimal> ticks) {

    static Scale of(List<List<Point>> runs, boolean log) {
      double min = Double.MAX_VALUE;
      double max = 0;
      for (List<Point> run : runs) {
        for (Point p : run) {
          min = Math.min(min, p.y().doubleValue());
          max = Math.max(max, p.y().doubleValue());
        }
      }
      List<BigDecimal> ticks = new ArrayList<>();
      if (log) {
        int lo = (int) Math.floor(Math.log10(min));
        int hi = Math.max(lo + 1, (int) Math.ceil(Math.log10(max)));
        int step = Math.max(1, (hi - lo + 5) / 6);
        for (int e = lo; e <= hi; e += step) {
          ticks.add(BigDecimal.TEN.pow(e, java.math.MathContext.DECIMAL128));
        }
        return new Scale(true, lo, hi, ticks);
      }
      // Linear: a 1, 2 or 5 step giving at most six intervals from zero over the maximum.
      double raw = max <= 0 ? 1 : max / 5;
      double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
      double step = magnitude;
      for (double f : new double[] {1, 2, 5, 10}) {
        if (f * magnitude >= raw) {
          step = f * magnitude;
          break;
        }
      }
      double top = Math.ceil(max / step) * step;
      if (top <= 0) {
        top = step;
      }
      BigDecimal st = BigDecimal.valueOf(step);
      for (BigDecimal t = BigDecimal.ZERO; t.doubleValue() <= top + step / 2; t = t.add(st)) {
        ticks.add(t.stripTrailingZeros());
      }
      return new Scale(false, 0, top, ticks);
    }

    /** Where {@code v} sits from the bottom (0) to the top (1). */
    double at(BigDecimal v) {
      if (log) {
        return (Math.log10(v.doubleValue()) - lo) / (hi - lo);
      }
      return (v.doubleValue() - lo) / (hi - lo);
    }
  }

  private static String n(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String x(String text) {
    return ReleaseDocuments.html(text);
  }
}
