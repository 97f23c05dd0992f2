package org.tokenstats.jobs.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The SVG charts: well-formed, described for screen readers, readable axes (dates, values in words,
 * a handful of ticks), a line broken where a day is not published, and a sentence instead of an
 * empty frame.
 */
class SvgChartTest {
  static final YearMonth MARCH = YearMonth.of(2026, 3);

  static Observation day(int d, String value, String conf) {
    return new Observation(
        MARCH.atDay(d).toString(),
        "national",
        "CN",
        "China",
        Measure.TOTAL_TOKENS,
        value == null ? null : new BigDecimal(value),
        value == null && conf.equals("F") ? Observation.NOT_AVAILABLE : Observation.PROVISIONAL,
        "",
        conf);
  }

  static Document parse(String svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  static List<String> texts(Document doc, String tag) {
    NodeList n = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.getLength(); i++) {
      out.add(n.item(i).getTextContent());
    }
    return out;
  }

  @Test
  void aMonthWithAGapAndASuppressedDay() throws Exception {
    List<Observation> days = new ArrayList<>();
    for (int d = 1; d <= 31; d++) {
      if (d == 10) {
        days.add(day(d, null, "F")); // no data
      } else if (d == 20) {
        days.add(day(d, null, "C")); // suppressed
      } else {
        days.add(day(d, Long.toString(4_000_000_000_000L + d * 10_000_000_000L), "F"));
      }
    }
    String svg = SvgChart.daily(days, MARCH);
    Document doc = parse(svg);

    assertThat(texts(doc, "desc")).containsExactly(Charts.describeDaily(days, MARCH).text());
    assertThat(texts(doc, "title").get(0))
        .isEqualTo("National daily tokens, 2026-03 (reporting days)");
    // Three runs of published days: 1-9, 11-19, 21-31; a dot on each of the 29 days.
    assertThat(doc.getElementsByTagNameNS("*", "polyline").getLength()).isEqualTo(3);
    assertThat(doc.getElementsByTagNameNS("*", "circle").getLength()).isEqualTo(29);
    List<String> labels = texts(doc, "text");
    assertThat(labels).contains("03-01", "03-08", "03-15", "03-22", "03-29", "tokens per day");
    assertThat(labels).contains("0", "1.0 trillion", "5.0 trillion");
    assertThat(labels.stream().filter(l -> l.endsWith("trillion")).count()).isBetween(3L, 7L);
  }

  @Test
  void nothingPublishedIsASentenceWithoutAxes() throws Exception {
    List<Observation> days = new ArrayList<>();
    for (int d = 1; d <= 31; d++) {
      days.add(day(d, null, d % 2 == 0 ? "C" : "F"));
    }
    Document doc = parse(SvgChart.daily(days, MARCH));
    assertThat(doc.getElementsByTagNameNS("*", "line").getLength()).isZero();
    assertThat(doc.getElementsByTagNameNS("*", "polyline").getLength()).isZero();
    assertThat(String.join(" ", texts(doc, "text")))
        .contains("No national daily total of 2026-03 can be shown: 16 days without data, 15 days")
        .contains("suppressed (confidential).");
  }

  @Test
  void theGrowthTrajectoryOnALogScale() throws Exception {
    List<Observation> months = new ArrayList<>();
    long level = 100_000_000_000L;
    for (YearMonth m = YearMonth.of(2024, 1); !m.isAfter(MARCH); m = m.plusMonths(1)) {
      months.add(
          new Observation(
              m.toString(),
              "national",
              "CN",
              "China",
              Measure.AVG_DAILY_TOKENS,
              BigDecimal.valueOf(level),
              Observation.NORMAL,
              "",
              "F"));
      level = level * 13 / 10;
    }
    Document doc = parse(SvgChart.growth(months, YearMonth.of(2024, 1), MARCH));
    assertThat(doc.getElementsByTagNameNS("*", "circle").getLength()).isEqualTo(27);
    List<String> labels = texts(doc, "text");
    assertThat(labels).contains("2024-01", "100.0 billion", "1.0 trillion", "10.0 trillion");
    assertThat(labels.stream().filter(l -> l.matches("20[0-9]{2}-[0-9]{2}")).count())
        .isBetween(4L, 7L);
  }
}
