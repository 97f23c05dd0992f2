package org.tokenstats.jobs.curate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.testing.SparkExtension;
import org.tokenstats.jobs.cli.Tokenstats;

/**
 * The published trajectory end to end: generated submissions for January 2024 and March 2026
 * (scaled down 10^6 times, which leaves ratios unchanged) go through generate, ingest and curate;
 * the March 2026 growth multiple in gold.token_growth must be ~1,400 and equal to the multiple
 * computed independently from the generator's own per-day totals.
 */
@ExtendWith(SparkExtension.class)
class CalibrationTest {

  @Test
  void march2026IsAbout1400TimesJanuary2024(SparkSession spark, @TempDir Path dir)
      throws Exception {
    Path landing = dir.resolve("landing");
    Tokenstats.copyTree(Tokenstats.SAMPLES.resolve("reference"), landing.resolve("reference"));
    Path expected = dir.resolve("expected");
    for (String[] range :
        List.of(
            new String[] {"2024-01-01", "2024-01-31"}, new String[] {"2026-03-01", "2026-03-31"})) {
      Tokenstats.Outcome g =
          Tokenstats.in(
              dir,
              landing,
              "generate",
              "--from",
              range[0],
              "--to",
              range[1],
              "--records-per-day",
              "20",
              "--scale",
              "1e-6",
              "--what",
              "usage",
              "--expected",
              expected.resolve(range[0] + ".csv").toString());
      assertThat(g.status()).as(g.err()).isZero();
    }
    Tokenstats.Outcome nightly = Tokenstats.in(dir, landing, "nightly");
    assertThat(nightly.status()).as(nightly.err()).isZero();

    double jan = monthlyAverage(expected.resolve("2024-01-01.csv"), 31);
    double mar = monthlyAverage(expected.resolve("2026-03-01.csv"), 31);
    Row row =
        spark
            .sql(
                "SELECT growth_multiple, avg_daily_tokens FROM gold.token_growth"
                    + " WHERE period_type = 'month' AND period = '2026-03' AND level = 'national'")
            .head();
    assertThat(row.getDouble(1)).isEqualTo(mar);
    assertThat(row.getDouble(0)).isEqualTo(mar / jan).isBetween(1350.0, 1450.0);
  }

  /** Average daily tokens of a month from the generator's expected-totals file. */
  static double monthlyAverage(Path expectedCsv, int days) throws Exception {
    long total = 0;
    for (String line : Files.readAllLines(expectedCsv).subList(1, days + 1)) {
      String[] c = line.split(",");
      LocalDate.parse(c[0]);
      total = Math.addExact(total, Long.parseLong(c[1]));
    }
    return (double) total / days;
  }
}
