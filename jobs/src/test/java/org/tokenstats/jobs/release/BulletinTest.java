package org.tokenstats.jobs.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.errors.TokenstatsException;

/**
 * The format-2 bulletin and README are written for people: numbers in words and percentages, a
 * generated headline, what changed and why, the next dates on the calendar, and the publisher from
 * the settings, never as markup.
 */
class BulletinTest {

  @Test
  void numbersForPeople() {
    assertThat(PeopleNumbers.format(Measure.AVG_DAILY_TOKENS, new BigDecimal("140012345678901")))
        .isEqualTo("140.0 trillion tokens a day");
    assertThat(PeopleNumbers.format(Measure.TOTAL_TOKENS, new BigDecimal("4649000000000")))
        .isEqualTo("4.6 trillion tokens");
    assertThat(PeopleNumbers.count(new BigDecimal("1250000000"))).isEqualTo("1.2 billion");
    assertThat(PeopleNumbers.count(new BigDecimal("1234567"))).isEqualTo("1.2 million");
    assertThat(PeopleNumbers.count(new BigDecimal("12345"))).isEqualTo("12,345");
    assertThat(PeopleNumbers.format(Measure.SHARE_OF_NATIONAL, new BigDecimal("0.123456")))
        .isEqualTo("12.3%");
    assertThat(PeopleNumbers.format(Measure.MOM_RATIO, new BigDecimal("1.123000")))
        .isEqualTo("+12.3%");
    assertThat(PeopleNumbers.format(Measure.YOY_RATIO, new BigDecimal("0.900000")))
        .isEqualTo("\u221210.0%");
    assertThat(PeopleNumbers.format(Measure.GROWTH_MULTIPLE, new BigDecimal("1400.250000")))
        .isEqualTo("1,400.2×");
    assertThat(PeopleNumbers.format(Measure.KWH_PER_MILLION_TOKENS, new BigDecimal("0.412345")))
        .isEqualTo("0.412 kWh per million tokens");
    // Small values keep two significant digits instead of reading as zero.
    assertThat(PeopleNumbers.format(Measure.UTILIZATION, new BigDecimal("0.000321")))
        .isEqualTo("0.032%");
    assertThat(PeopleNumbers.format(Measure.CNY_PER_MILLION_TOKENS, new BigDecimal("0.000123")))
        .isEqualTo("0.00012 CNY per million tokens");
    assertThat(PeopleNumbers.format(Measure.UTILIZATION, BigDecimal.ZERO)).isEqualTo("0.0%");
  }

  static Manifest manifest(
      ReleaseBuilder.Content content, String revises, String status, Map<String, String> extra) {
    return manifest(content, revises, status, extra, "2026-04-20");
  }

  static Manifest manifest(
      ReleaseBuilder.Content content,
      String revises,
      String status,
      Map<String, String> extra,
      String asOf) {
    Map<String, String> configuration = new LinkedHashMap<>(ReleaseBuilderTest.VALUE.toMap());
    configuration.putAll(extra);
    return new Manifest(
        "tokens-2026-03-v2",
        ReleaseJob.title(ReleaseBuilderTest.P, status),
        "2026-03",
        2,
        asOf + "T01:02:03Z",
        asOf,
        status,
        revises,
        revises == null ? null : "late data or corrections: 1 submission(s)",
        List.of(),
        Map.of(),
        configuration,
        "test",
        Manifest.FORMAT_2,
        new Manifest.Suppressions(content.primaryCells(), content.secondaryCells()),
        content.changes(),
        List.of());
  }

  static ReleaseBuilder.Content revised() {
    return ReleaseBuilder.build(
        ReleaseBuilderTest.withValue(500),
        ReleaseBuilderTest.VALUE,
        true,
        LocalDate.of(2026, 4, 20),
        ReleaseFormatTest.v1());
  }

  @Test
  void aRevisedProvisionalMonth() {
    ReleaseBuilder.Content content = revised();
    Manifest m =
        manifest(
            content,
            "tokens-2026-03-v1",
            Manifest.REVISED,
            Map.of(
                "tokenstats.release.publisher.name", "Office <b>of</b> Statistics",
                "tokenstats.release.publisher.contact", "stats@office.example",
                "tokenstats.release.publisher.methodology-url", "https://office.example/methods"));
    String page = Bulletin.html(m, content);

    // March nationally: 1000 tokens over 31 days, 2.5 times January; the month-on-month ratio
    // leans on February, which is confidential, so it is suppressed and left out.
    assertThat(page)
        .contains(
            "<p id=\"headline\" class=\"headline\">In March 2026, AI systems in China processed an"
                + " average of 32 tokens a day (provisional). That is 2.5 times the level of"
                + " January 2026 (the baseline). On 2026-03-15, the"
                + " latest day published, the national total was 600 tokens (provisional).</p>");
    assertThat(page)
        .contains(
            "<p id=\"changes\">This release replaces tokens-2026-03-v1. Why: late data or"
                + " corrections: 1 submission(s). 1 figure changed (marked R in the tables;"
                + " revisions.csv has every version of each):</p>")
        .contains(
            "<td>monthly_summary: 2026-01 CN total_tokens</td><td class=\"v\">3,000 tokens</td>"
                + "<td class=\"v\">3,100 tokens</td>");
    assertThat(page)
        .contains(
            "<p id=\"next-release\">Next on the release calendar: the first (provisional)"
                + " release of April 2026 on 2026-05-05; final figures for March 2026 on"
                + " 2026-05-30. A revised version is published whenever late data or corrections"
                + " change a figure.</p>");
    assertThat(page)
        .contains("Published by Office &lt;b&gt;of&lt;/b&gt; Statistics.")
        .contains("Contact: <a href=\"mailto:stats@office.example\">stats@office.example</a>.")
        .contains(
            "Methodology: <a href=\"https://office.example/methods\">"
                + "https://office.example/methods</a>.")
        .doesNotContain("<b>of</b>")
        .contains("<a href=\"revisions.csv\">revisions.csv</a>");
    // Headline figures written for people: the growth multiple with ×.
    assertThat(page).contains("<td class=\"v\">2.5×</td>");

    String readme = ReleaseDocuments.readme(m, content);
    assertThat(readme)
        .contains("Published by:     Office <b>of</b> Statistics\n")
        .contains("Contact:          stats@office.example\n")
        .contains("In March 2026, AI systems in China processed an average of 32 tokens a day\n")
        .contains("  revisions.csv          Every revised figure in each version\n")
        .contains("  Full definitions: https://office.example/methods\n");
    // The generated paragraphs are wrapped for a terminal.
    String paragraphs =
        readme.substring(readme.indexOf("In March 2026"), readme.indexOf("Headline figures"));
    assertThat(paragraphs.lines()).hasSizeGreaterThan(6).allMatch(l -> l.length() <= 78);
  }

  @Test
  void theNextDatesOnTheCalendar() {
    ReleaseBuilder.Content content = revised();
    Manifest fin = manifest(content, "tokens-2026-03-v2", Manifest.FINAL, Map.of(), "2026-05-30");
    assertThat(Bulletin.nextRelease(fin, ReleaseBuilderTest.VALUE, ReleaseBuilderTest.P))
        .startsWith(
            "Next on the release calendar: the first (provisional) release of May 2026 on"
                + " 2026-06-05. ");
    // Published late, long after April's first release: the next one to come is named.
    Manifest late = manifest(content, null, Manifest.FINAL, Map.of(), "2026-11-29");
    assertThat(Bulletin.nextRelease(late, ReleaseBuilderTest.VALUE, ReleaseBuilderTest.P))
        .startsWith(
            "Next on the release calendar: the first (provisional) release of November 2026 on"
                + " 2026-12-05. ");
    assertThat(Bulletin.whatChanged(fin)).doesNotContain("only flags");
  }

  @Test
  void aFirstReleaseWithoutAPublishedAverageSaysWhy() {
    ReleaseBuilder.Content content =
        ReleaseBuilder.build(
            ReleaseBuilderTest.withNonResponse(2),
            ReleaseBuilderTest.NON_RESPONSE,
            true,
            LocalDate.of(2026, 4, 5),
            Map.of());
    Manifest m = manifest(content, null, Manifest.PROVISIONAL, Map.of());
    String page = Bulletin.html(m, content);
    assertThat(page)
        .contains(
            "The average daily tokens of March 2026 are not published: too few days have data to"
                + " estimate the month (5 of 31 days have data).")
        .contains("This is the first release of March 2026, with provisional figures.")
        .contains("Published by tokenstats. Methodology: <a href=\"README.txt\">")
        .doesNotContain("Contact:");
  }

  @Test
  void aPublisherSettingCannotCarryAScript() {
    assertThat(Publisher.of(Settings.defaultsWith(Map.of())))
        .isEqualTo(new Publisher("tokenstats", "", "", "TOKENSTATS"));
    assertThatThrownBy(
            () ->
                Publisher.of(
                    Settings.defaultsWith(
                        Map.of("tokenstats.release.publisher.contact", "javascript:alert(1)"))))
        .isInstanceOf(TokenstatsException.class)
        .hasMessageContaining("tokenstats.release.publisher.contact")
        .hasMessageContaining("neither an e-mail address nor an http(s) URL");
    assertThatThrownBy(
            () ->
                Publisher.of(
                    Settings.defaultsWith(
                        Map.of(
                            "tokenstats.release.publisher.methodology-url",
                            "https://x.example/\"onmouseover=\"alert(1)"))))
        .isInstanceOf(TokenstatsException.class)
        .hasMessageContaining("not an http(s) URL");
    assertThatThrownBy(
            () ->
                Publisher.of(
                    Settings.defaultsWith(
                        Map.of("tokenstats.release.publisher.sdmx-agency", "NBS\"><x"))))
        .isInstanceOf(TokenstatsException.class)
        .hasMessageContaining("not an SDMX agency id");
  }
}
