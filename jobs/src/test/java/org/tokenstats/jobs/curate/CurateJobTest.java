package org.tokenstats.jobs.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tokenstats.common.testing.DatasetAssert.row;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.testing.DatasetAssert;
import org.tokenstats.common.testing.SparkExtension;
import org.tokenstats.jobs.cli.Tokenstats;

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

    Tokenstats.Outcome again =
        Tokenstats.in(dir, landing, "curate", "--from", "2026-03-14", "--to", "2026-03-16");
    assertThat(again.status()).as(again.err()).isZero();
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
