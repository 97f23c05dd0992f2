package org.tokenstats.jobs.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tokenstats.common.testing.DatasetAssert.row;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.testing.DatasetAssert;
import org.tokenstats.common.testing.SparkExtension;
import org.tokenstats.jobs.cli.Tokenstats;
import org.tokenstats.jobs.testing.JobRuns;

/** Nightly ingest + curate on the samples; idempotent re-runs; only touched days recomputed. */
@ExtendWith(SparkExtension.class)
class CurateJobTest {

  @Test
  void nightlyCuratesTheSamplesAndARerunGivesTheSameTables(SparkSession spark, @TempDir Path dir)
      throws Exception {
    Path landing = dir.resolve("landing");
    Tokenstats.copyTree(Tokenstats.SAMPLES, landing);
    Tokenstats.Outcome nightly = Tokenstats.in(dir, landing, "nightly", "--date", "2026-03-16");
    assertThat(nightly.status()).as(nightly.err()).isZero();

    DatasetAssert.assertRows(
        spark.sql("SELECT * FROM gold.token_daily_rollup WHERE level = 'national'"),
        List.of("CAST(report_date AS STRING)", "code", "total_tokens", "providers"),
        List.of(
            row("2026-03-14", "CN", 18_500_000L, 2L),
            row("2026-03-15", "CN", 25_500_000L, 3L),
            row("2026-03-16", "CN", 8_200_000L, 2L)));
    assertThat(spark.sql("SELECT sum(total_tokens) FROM gold.token_daily").head().getLong(0))
        .isEqualTo(52_200_000L);
    List<Row> rollups =
        spark
            .sql(
                "SELECT report_date, level, code, total_tokens, requests, providers, share_of_national FROM gold.token_daily_rollup")
            .collectAsList();
    // Every level adds up to the national figure (hubs leave out hubless regions).
    assertThat(
            spark
                .sql(
                    "SELECT report_date, level, sum(total_tokens) s FROM gold.token_daily_rollup WHERE level IN ('zone', 'region')"
                        + " GROUP BY 1, 2 HAVING s <> (SELECT total_tokens FROM gold.token_daily_rollup n"
                        + " WHERE n.level = 'national' AND n.report_date = gold.token_daily_rollup.report_date)")
                .count())
        .isZero();

    // Energy, by hand from the samples: CN-BJ on 03-14 is a-0001 (0.114 kWh, 1.5 M tokens) and the
    // corrected a-0002 (0.19 kWh, 2.7 M), measured, plus a-0005 (0.4 M tokens, energy unknown);
    // Beijing's flat tariff is 0.61 CNY/kWh: cost 0.304 x 0.61 = 0.18544 CNY.
    DatasetAssert.assertRows(
        spark.sql(
            "SELECT * FROM gold.energy_daily WHERE report_date = DATE'2026-03-14' AND code = 'CN-BJ'"),
        List.of(
            "total_tokens",
            "tokens_energy_unknown",
            "CAST(energy_kwh AS DOUBLE)",
            "kwh_per_million_tokens",
            "CAST(energy_cost_cny AS DOUBLE)",
            "cost_coverage",
            "price_paid_cny_per_kwh",
            "market_price_cny_per_kwh"),
        List.of(row(4_600_000L, 400_000L, 0.304, 0.072380952, 0.18544, 1.0, 0.61, 0.61)));
    // Guangdong has no valid price: its energy is known, its cost is not.
    DatasetAssert.assertRows(
        spark.sql("SELECT * FROM gold.energy_daily WHERE code = 'CN-GD'"),
        List.of("CAST(report_date AS STRING)", "energy_cost_cny", "cost_coverage"),
        List.of(row("2026-03-15", null, 0.0)));
    // Jiangsu's hand-checked hours (data-samples/README.md): the revision, real-time, a negative.
    DatasetAssert.assertRows(
        spark.sql(
            "SELECT * FROM silver.price_hourly WHERE region_code = 'CN-JS' AND report_hour BETWEEN 9 AND 12"),
        List.of("report_hour", "market", "CAST(price_cny_per_kwh AS DOUBLE)"),
        List.of(
            row(9, "day_ahead", 0.56),
            row(10, "real_time", 0.64),
            row(11, "real_time", 0.48),
            row(12, "day_ahead", 0.2)));
    // Utilization adds up from datacenters, and every check passed or was skipped.
    assertThat(
            spark
                .sql(
                    "SELECT report_date FROM gold.utilization_daily GROUP BY report_date HAVING"
                        + " sum(CASE WHEN level = 'datacenter' THEN capacity_accelerator_seconds END)"
                        + " <> sum(CASE WHEN level = 'national' THEN capacity_accelerator_seconds END)")
                .count())
        .isZero();
    assertThat(spark.sql("SELECT * FROM ops.quality_checks WHERE status = 'fail'").count())
        .isZero();
    assertThat(spark.sql("SELECT * FROM gold.model_share_weekly").count()).isEqualTo(12);
    // The inputs a curate caches for one write are dropped after it (a notebook's session lives
    // on).
    assertThat(
            ((org.apache.spark.sql.classic.SparkSession) spark)
                .sharedState()
                .cacheManager()
                .isEmpty())
        .as("cached inputs left behind by curate")
        .isTrue();

    CurateReport again =
        JobRuns.run(
            dir,
            landing,
            "curate",
            context ->
                new CurateJob(context)
                    .run(LocalDate.parse("2026-03-14"), LocalDate.parse("2026-03-16")));
    assertThat(again.failure()).isNull();
    assertThat(again.days())
        .containsExactly(
            LocalDate.parse("2026-03-14"),
            LocalDate.parse("2026-03-15"),
            LocalDate.parse("2026-03-16"));
    assertThat(again.tablesWritten())
        .containsKeys("gold.token_daily", "gold.provider_contributions_daily", "ops.curated_days")
        .doesNotContainKey("gold.geography");
    DatasetAssert.assertRows(
        spark.table("gold.token_daily_rollup"),
        List.of(
            "report_date",
            "level",
            "code",
            "total_tokens",
            "requests",
            "providers",
            "share_of_national"),
        rollups);

    // A later correction of a 03-15 record: nightly recomputes 03-15 only.
    Files.createDirectories(landing.resolve("usage/cinnabar/2026-03-21"));
    Files.writeString(
        landing.resolve("usage/cinnabar/2026-03-21/fix.jsonl"),
        "{\"record_id\":\"c-0004\",\"provider_id\":\"cinnabar\",\"event_time\":\"2026-03-15T21:00:00+08:00\",\"model_id\":\"cinnabar-chat\",\"region_code\":\"CN-HB\",\"input_tokens\":2000000,\"output_tokens\":500000}\n");
    // With quality checks fatal and an energy-coverage floor 03-15 cannot meet (74.5 %), the run
    // fails, the curated tables are restored, and 03-15 stays pending.
    Tokenstats.Outcome strict =
        Tokenstats.in(
            dir,
            landing,
            "--set",
            "tokenstats.quality.fatal=true",
            "--set",
            "tokenstats.quality.min-energy-coverage=0.99",
            "nightly");
    assertThat(strict.status()).as(strict.out()).isEqualTo(1);
    assertThat(strict.err()).contains("data-quality checks failed");
    assertThat(strict.out()).contains("FAILED 2026-03-15 energy_coverage");
    assertThat(
            spark
                .sql(
                    "SELECT total_tokens FROM gold.token_daily_rollup WHERE level = 'national'"
                        + " AND report_date = DATE'2026-03-15'")
                .head()
                .getLong(0))
        .isEqualTo(25_500_000L);
    assertThat(
            spark
                .sql("DESCRIBE HISTORY gold.token_daily_rollup LIMIT 1")
                .select("operation")
                .head()
                .getString(0))
        .isEqualTo("RESTORE");
    Tokenstats.Outcome status = Tokenstats.in(dir, landing, "status");
    assertThat(status.status()).as(status.err()).isZero();
    assertThat(status.out())
        .contains("== pending days (touched, not yet curated): 1: 2026-03-15")
        .contains("| nightly | failed")
        .contains("energy_coverage")
        .contains("== run locks held: none");

    Tokenstats.Outcome fix = Tokenstats.in(dir, landing, "nightly");
    assertThat(fix.status()).as(fix.err()).isZero();
    assertThat(fix.out()).contains("recomputed 1 reporting days 2026-03-15 .. 2026-03-15");
    DatasetAssert.assertRows(
        spark.sql("SELECT * FROM gold.token_daily_rollup WHERE level = 'national'"),
        List.of("CAST(report_date AS STRING)", "total_tokens"),
        List.of(
            row("2026-03-14", 18_500_000L),
            row("2026-03-15", 26_500_000L),
            row("2026-03-16", 8_200_000L)));
  }
}
