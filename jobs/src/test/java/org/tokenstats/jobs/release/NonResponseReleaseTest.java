package org.tokenstats.jobs.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.testing.SparkExtension;
import org.tokenstats.jobs.cli.Tokenstats;

/**
 * Non-response end to end: five providers report every day of March 2026 with steady shares of a
 * growing total (c's 0.5 % above it on the day it misses); provider c (14 %) sends nothing for 20
 * March. The first release estimates that day within 1 %, flags it {@code E} with a response rate
 * of 4/5; gold keeps what was reported. When c's file arrives, the next nightly publishes the
 * reported figure, marked revised.
 */
@ExtendWith(SparkExtension.class)
class NonResponseReleaseTest {

  /** provider -> region and share of the national total. */
  static final Map<String, Map.Entry<String, Double>> PROVIDERS =
      new TreeMap<>(
          Map.of(
              "a", Map.entry("CN-BJ", 0.30),
              "b", Map.entry("CN-HE", 0.25),
              "c", Map.entry("CN-NX", 0.14),
              "d", Map.entry("CN-TJ", 0.17),
              "e", Map.entry("CN-NM", 0.14)));

  static final int MISSING_DAY = 20;

  /** c's share that day is 0.5 % above its usual one: the estimate is close, not exact. */
  static long tokens(String provider, int day) {
    double drift = provider.equals("c") && day == MISSING_DAY ? 1.005 : 1.0;
    return Math.round(
        1_000_000_000L * Math.pow(1.02, day) * PROVIDERS.get(provider).getValue() * drift);
  }

  static long nationalTruth(int day) {
    return PROVIDERS.keySet().stream().mapToLong(p -> tokens(p, day)).sum();
  }

  static String record(String provider, int day) {
    return String.format(
        "%s-%02d,%s,2026-03-%02dT12:00:00+08:00,m1,%s,%d,0%n",
        provider, day, provider, day, PROVIDERS.get(provider).getKey(), tokens(provider, day));
  }

  @Test
  void aMissingProviderIsEstimatedFlaggedAndRevisedWhenItsDataArrive(
      SparkSession spark, @TempDir Path dir) throws Exception {
    Path landing = dir.resolve("landing");
    DisclosureByDifferencingTest.writeRegistry(landing.resolve("reference"));
    for (String p : PROVIDERS.keySet()) {
      StringBuilder csv = new StringBuilder(DisclosureByDifferencingTest.HEADER);
      for (int day = 1; day <= 31; day++) {
        if (!(p.equals("c") && day == MISSING_DAY)) {
          csv.append(record(p, day));
        }
      }
      Path file = landing.resolve("usage/" + p + "/2026-04-01/march.csv");
      Files.createDirectories(file.getParent());
      Files.writeString(file, csv.toString());
    }

    Tokenstats.Outcome v1 = Tokenstats.in(dir, landing, "nightly", "--date", "2026-04-05");
    assertThat(v1.status()).as(v1.out() + v1.err()).isZero();
    Path releases = dir.resolve("releases");
    Map<String, List<String>> daily1 =
        ReleaseJobTest.rows(releases.resolve("tokens-2026-03-v1/national_daily.csv"));
    String day = "2026-03-" + MISSING_DAY + "|national|CN|";
    List<String> estimate = daily1.get(day + "total_tokens");
    long truth = nationalTruth(MISSING_DAY);
    assertThat(Double.parseDouble(estimate.get(0))).isCloseTo(truth, within(truth * 0.01));
    assertThat(Long.parseLong(estimate.get(0))).isNotEqualTo(truth - tokens("c", MISSING_DAY));
    assertThat(estimate.subList(1, 4)).containsExactly("E", "", "F");
    assertThat(daily1.get(day + "response_rate")).containsExactly("0.800000", "P", "", "F");
    assertThat(daily1.get("2026-03-19|national|CN|total_tokens"))
        .containsExactly(Long.toString(nationalTruth(19)), "P", "", "F");
    assertThat(daily1.get("2026-03-19|national|CN|response_rate").get(0)).isEqualTo("1.000000");
    List<String> month =
        ReleaseJobTest.rows(releases.resolve("tokens-2026-03-v1/monthly_summary.csv"))
            .get("2026-03|national|CN|total_tokens");
    assertThat(month.get(1)).as("a month with an estimated day").isEqualTo("E");
    ReleaseJobTest.checkBulletin(
        releases.resolve("tokens-2026-03-v1"),
        Path.of("target", "bulletin-nonresponse.png").toAbsolutePath(),
        true);

    // Gold keeps the reported figure; the estimate and the respondents sit beside it.
    Row gold =
        spark
            .read()
            .format("delta")
            .load(dir.resolve("warehouse/gold/token_daily_rollup").toString())
            .filter("level = 'national' AND report_date = DATE'2026-03-20'")
            .selectExpr("total_tokens", "imputed_tokens", "respondents", "expected_respondents")
            .head();
    assertThat(gold.getLong(0)).isEqualTo(truth - tokens("c", MISSING_DAY));
    assertThat(gold.getLong(0) + gold.getLong(1)).isEqualTo(Long.parseLong(estimate.get(0)));
    assertThat(gold.getLong(2)).isEqualTo(4);
    assertThat(gold.getLong(3)).isEqualTo(5);

    // c's file for the day arrives: the next release publishes what was reported, revised.
    Path late = landing.resolve("usage/c/2026-04-06/late.csv");
    Files.createDirectories(late.getParent());
    Files.writeString(late, DisclosureByDifferencingTest.HEADER + record("c", MISSING_DAY));
    Tokenstats.Outcome v2 = Tokenstats.in(dir, landing, "nightly", "--date", "2026-04-06");
    assertThat(v2.status()).as(v2.out() + v2.err()).isZero();
    assertThat(v2.out()).contains("published tokens-2026-03-v2");
    Map<String, List<String>> daily2 =
        ReleaseJobTest.rows(releases.resolve("tokens-2026-03-v2/national_daily.csv"));
    assertThat(daily2.get(day + "total_tokens"))
        .containsExactly(Long.toString(truth), "P", "R", "F");
    assertThat(daily2.get(day + "response_rate")).containsExactly("1.000000", "P", "R", "F");
    assertThat(
            ReleaseJobTest.rows(releases.resolve("tokens-2026-03-v2/monthly_summary.csv"))
                .get("2026-03|national|CN|total_tokens"))
        .containsExactly(
            Long.toString(
                java.util.stream.IntStream.rangeClosed(1, 31)
                    .mapToLong(NonResponseReleaseTest::nationalTruth)
                    .sum()),
            "P",
            "R",
            "F");
  }
}
