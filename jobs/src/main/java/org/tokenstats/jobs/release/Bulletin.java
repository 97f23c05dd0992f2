package org.tokenstats.jobs.release;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The release's {@code bulletin.html} for people (format 2): a generated headline sentence, the
 * response rate and coverage, what changed since the last release and why, the headline figures
 * written for reading, the charts, the files, the next release dates and who publishes it. Every
 * number comes from the release's own published observations, so what is suppressed or missing in
 * the tables is suppressed or missing here too. Registry names and settings reach it only as
 * escaped text.
 */
final class Bulletin {
  private Bulletin() {}

  /**
   * How many changed figures the bulletin lists; the rest are in the manifest and revisions.csv.
   */
  static final int CHANGES_LISTED = 10;

  static String html(Manifest m, ReleaseBuilder.Content content) {
    ReleaseConfig config = ReleaseConfig.fromMap(m.configuration());
    Publisher publisher = Publisher.fromMap(m.configuration());
    YearMonth period = YearMonth.parse(m.referencePeriod());
    National national = new National(content, m.referencePeriod());
    StringBuilder s = new StringBuilder();
    ReleaseDocuments.head(
        s,
        m.title(),
        "h2{font-size:17px;margin:20px 0 6px}\n.headline{font-size:17px;line-height:1.5}\n");
    s.append("<h1>").append(h(m.title())).append("</h1>\n");
    s.append("<p class=\"meta\">")
        .append(h(publisher.name()))
        .append(" &middot; release <b>")
        .append(h(m.releaseId()))
        .append("</b> &middot; <span class=\"status\">")
        .append(h(m.status()))
        .append("</span> &middot; published ")
        .append(h(m.publishedAt().substring(0, 10)))
        .append("</p>\n");
    s.append("<p id=\"headline\" class=\"headline\">")
        .append(h(national.headline(period, config.baseline())))
        .append("</p>\n");
    s.append("<p id=\"completeness\">").append(h(national.completeness(period))).append("</p>\n");

    s.append("<h2>What changed</h2>\n<p id=\"changes\">")
        .append(h(whatChanged(m)))
        .append("</p>\n");
    if (!m.changes().isEmpty()) {
      s.append("<table id=\"changed\">\n<tr><th>Figure</th><th>Was</th><th>Now</th></tr>\n");
      for (ReleaseBuilder.Change c :
          m.changes().subList(0, Math.min(CHANGES_LISTED, m.changes().size()))) {
        s.append("<tr><td>")
            .append(h(c.table() + ": " + c.period() + " " + c.geoCode() + " " + c.measure()))
            .append("</td><td class=\"v\">")
            .append(h(shown(c.measure(), c.previousValue(), c.previousConfStatus())))
            .append("</td><td class=\"v\">")
            .append(h(shown(c.measure(), c.value(), c.confStatus())))
            .append("</td></tr>\n");
      }
      s.append("</table>\n");
    }

    s.append("<h2>Headline figures</h2>\n<table id=\"headlines\">\n");
    s.append("<tr><th>National, ")
        .append(h(monthName(period)))
        .append("</th><th>Value</th><th>Status</th></tr>\n");
    for (Headlines.Line l : Headlines.of(content, m.referencePeriod())) {
      ReleaseDocuments.headlineRow(s, l.label(), l.readable(), l.status());
    }
    s.append("</table>\n<h2>Charts</h2>\n");
    chart(
        s,
        "chart-daily",
        Charts.DAILY,
        SvgChart.DAILY,
        Charts.describeDaily(content.tables().get(ReleaseTable.NATIONAL_DAILY), period));
    chart(
        s,
        "chart-growth",
        Charts.GROWTH,
        SvgChart.GROWTH,
        Charts.describeGrowth(
            content.tables().get(ReleaseTable.MONTHLY_SUMMARY), config.baseline()));

    s.append("<h2>Data</h2>\n<ul>\n");
    for (ReleaseTable t : ReleaseTable.values()) {
      ReleaseDocuments.fileLink(s, t.fileName(), t.metadataFileName(), t.title());
    }
    ReleaseDocuments.fileLink(
        s,
        RevisionTriangle.FILE,
        RevisionTriangle.METADATA_FILE,
        "every revised figure in each of its versions (revision triangle)");
    s.append("<li><a href=\"")
        .append(Manifest.FILE)
        .append("\">")
        .append(Manifest.FILE)
        .append("</a>: sources, settings and checksums</li>\n");
    s.append("<li><a href=\"")
        .append(ReleaseDocuments.README)
        .append("\">")
        .append(ReleaseDocuments.README)
        .append("</a>: how to read the tables, methodology notes</li>\n</ul>\n");

    s.append("<h2>Next release</h2>\n<p id=\"next-release\">")
        .append(h(nextRelease(m, config, period)))
        .append("</p>\n");

    s.append("<footer>\n<p class=\"meta\" id=\"publisher\">Published by ")
        .append(h(publisher.name()))
        .append('.');
    if (publisher.contactHref() != null) {
      s.append(" Contact: <a href=\"")
          .append(h(publisher.contactHref()))
          .append("\">")
          .append(h(publisher.contact()))
          .append("</a>.");
    }
    s.append(" Methodology: <a href=\"")
        .append(
            h(
                publisher.methodologyUrl().isEmpty()
                    ? ReleaseDocuments.README
                    : publisher.methodologyUrl()))
        .append("\">")
        .append(
            publisher.methodologyUrl().isEmpty()
                ? "notes in README.txt"
                : h(publisher.methodologyUrl()))
        .append("</a>.</p>\n");
    s.append("<p class=\"meta\">Status codes: A normal, P provisional, E estimated, O missing (not")
        .append(" collected or not estimable), M missing (cannot exist), Q suppressed (in")
        .append(" revisions.csv); R revised; F free, C confidential, D secondary suppression. ")
        .append(m.disclosure().primarySuppressedCells())
        .append(" cells were suppressed as confidential and ")
        .append(m.disclosure().secondarySuppressedCells())
        .append(" to protect them.</p>\n</footer>\n");
    s.append("</body>\n</html>\n");
    return s.toString();
  }

  /** "Why this version": first release, or what it revises and why, with how many figures. */
  static String whatChanged(Manifest m) {
    YearMonth period = YearMonth.parse(m.referencePeriod());
    if (m.revises() == null) {
      return "This is the first release of "
          + monthName(period)
          + (Manifest.FINAL.equals(m.status())
              ? ", with final figures."
              : ", with provisional figures.");
    }
    StringBuilder s = new StringBuilder("This release replaces ").append(m.revises());
    if (Manifest.FINAL.equals(m.status())) {
      s.append(" with final figures");
    }
    s.append(". Why: ").append(m.revisionReason()).append(". ");
    int n = m.changes().size();
    if (n == 0) {
      // A final release says so in its reason; any other new version changed flags only.
      if (!Manifest.FINAL.equals(m.status())) {
        s.append("No published value changed; only flags did.");
      }
    } else {
      s.append(n)
          .append(n == 1 ? " figure changed" : " figures changed")
          .append(" (marked R in the tables; revisions.csv has every version of each)")
          .append(n > CHANGES_LISTED ? "; the first " + CHANGES_LISTED + " are listed." : ":");
    }
    return s.toString();
  }

  /**
   * The next dates on the calendar after this release: this month's final release while it is
   * provisional, and the next first release of a later month.
   */
  static String nextRelease(Manifest m, ReleaseConfig config, YearMonth period) {
    LocalDate asOf = LocalDate.parse(m.asOf());
    TreeMap<LocalDate, String> next = new TreeMap<>();
    if (!config.isFinal(period, asOf)) {
      next.put(config.finalDate(period), "final figures for " + monthName(period));
    }
    // The next month whose first release is still to come.
    YearMonth following = period.plusMonths(1);
    while (!config.provisionalDate(following).isAfter(asOf)) {
      following = following.plusMonths(1);
    }
    next.put(
        config.provisionalDate(following),
        "the first (provisional) release of " + monthName(following));
    List<String> parts = new ArrayList<>();
    next.forEach((day, what) -> parts.add(what + " on " + day));
    return "Next on the release calendar: "
        + String.join("; ", parts)
        + ". A revised version is published whenever late data or corrections change a figure.";
  }

  private static String shown(String measureId, String value, String conf) {
    if (!Observation.FREE.equals(conf)) {
      return "suppressed (" + conf + ")";
    }
    if (value == null || value.isEmpty()) {
      return "not available";
    }
    for (Measure x : Measure.values()) {
      if (x.id().equals(measureId)) {
        return PeopleNumbers.format(x, new java.math.BigDecimal(value));
      }
    }
    return value;
  }

  /** A chart's image (or sentence), and with an image the link to its SVG edition. */
  private static void chart(
      StringBuilder s, String id, String file, String svg, Charts.Description d) {
    if (d.points() == 0) {
      ReleaseDocuments.chart(s, id, file, d);
      return;
    }
    s.append("<figure>\n");
    ReleaseDocuments.chart(s, id, file, d);
    s.append("<figcaption class=\"meta\">Also as <a href=\"")
        .append(svg)
        .append("\">SVG</a> (scalable, with the description as text).</figcaption>\n</figure>\n");
  }

  static String monthName(YearMonth m) {
    return m.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + m.getYear();
  }

  private static String h(String text) {
    return ReleaseDocuments.html(text);
  }

  /** The reference month's national figures and latest day, as the release publishes them. */
  record National(ReleaseBuilder.Content content, String period) {

    Optional<Observation> month(Measure m) {
      return Headlines.national(content, period, m);
    }

    /** The latest day of the month with a published national total. */
    Optional<Observation> lastDay() {
      Observation last = null;
      for (Observation o : content.tables().get(ReleaseTable.NATIONAL_DAILY)) {
        if (o.measure() == Measure.TOTAL_TOKENS && o.value() != null) {
          last = o;
        }
      }
      return Optional.ofNullable(last);
    }

    static boolean published(Optional<Observation> o) {
      return o.isPresent() && o.get().value() != null;
    }

    static String qualifier(Observation o) {
      return switch (o.obsStatus()) {
        case Observation.ESTIMATED -> " (estimated)";
        case Observation.PROVISIONAL -> " (provisional)";
        default -> "";
      };
    }

    /**
     * The generated headline: the month's average daily level, its multiple of the baseline,
     * month-on-month and year-on-year, and the latest day's level; what is not published is said.
     */
    String headline(YearMonth p, YearMonth baseline) {
      StringBuilder s = new StringBuilder();
      Optional<Observation> avg = month(Measure.AVG_DAILY_TOKENS);
      if (published(avg)) {
        s.append("In ")
            .append(monthName(p))
            .append(", AI systems in China processed an average of ")
            .append(PeopleNumbers.format(Measure.AVG_DAILY_TOKENS, avg.get().value()))
            .append(qualifier(avg.get()))
            .append('.');
        List<String> compared = new ArrayList<>();
        Optional<Observation> growth = month(Measure.GROWTH_MULTIPLE);
        if (published(growth) && !p.equals(baseline)) {
          compared.add(
              PeopleNumbers.grouped(growth.get().value(), 1)
                  + " times the level of "
                  + monthName(baseline)
                  + " (the baseline)");
        }
        Optional<Observation> mom = month(Measure.MOM_RATIO);
        if (published(mom)) {
          compared.add(
              PeopleNumbers.change(mom.get().value()) + " on " + monthName(p.minusMonths(1)));
        }
        Optional<Observation> yoy = month(Measure.YOY_RATIO);
        if (published(yoy)) {
          compared.add(
              PeopleNumbers.change(yoy.get().value()) + " on " + monthName(p.minusYears(1)));
        }
        if (!compared.isEmpty()) {
          s.append(" That is ").append(String.join(", ", compared)).append('.');
        }
      } else {
        s.append("The average daily tokens of ")
            .append(monthName(p))
            .append(" are not published: ")
            .append(whyNot(avg))
            .append('.');
      }
      Optional<Observation> day = lastDay();
      if (day.isPresent()) {
        s.append(" On ")
            .append(day.get().period())
            .append(", the latest day published, the national total was ")
            .append(PeopleNumbers.format(Measure.TOTAL_TOKENS, day.get().value()))
            .append(qualifier(day.get()))
            .append('.');
      } else {
        s.append(" No day of the month has a published national total.");
      }
      return s.toString();
    }

    private String whyNot(Optional<Observation> o) {
      if (o.isEmpty()) {
        return "the month has no figure";
      }
      if (!Observation.FREE.equals(o.get().confStatus())) {
        return "it is suppressed to protect the confidentiality of providers";
      }
      Optional<Observation> days = month(Measure.DAYS_WITH_DATA);
      String covered =
          published(days)
              ? " ("
                  + days.get().publishedValue()
                  + " of "
                  + YearMonth.parse(period).lengthOfMonth()
                  + " days have data)"
              : "";
      return "too few days have data to estimate the month" + covered;
    }

    /** The response rate and the month's coverage in days. */
    String completeness(YearMonth p) {
      StringBuilder s = new StringBuilder();
      Optional<Observation> days = month(Measure.DAYS_WITH_DATA);
      if (published(days)) {
        s.append("Data cover ")
            .append(days.get().publishedValue())
            .append(" of the ")
            .append(p.lengthOfMonth())
            .append(" days of ")
            .append(monthName(p))
            .append('.');
      }
      Optional<Observation> rate = month(Measure.RESPONSE_RATE);
      if (published(rate)) {
        s.append(s.length() > 0 ? " " : "")
            .append("Of the reports expected from providers on those days, ")
            .append(PeopleNumbers.percent(rate.get().value()))
            .append(
                rate.get().value().compareTo(java.math.BigDecimal.ONE) < 0
                    ? " arrived; the missing ones are estimated (flagged E)."
                    : " arrived.");
      }
      return s.length() == 0 ? "Coverage is not published for this month." : s.toString();
    }
  }
}
