package org.tokenstats.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.table.BronzeTables;
import org.tokenstats.common.table.TableDef;
import org.tokenstats.common.testing.DatasetAssert;
import org.tokenstats.common.testing.SparkExtension;
import org.tokenstats.jobs.cli.Tokenstats;

/** Operating a warehouse: concurrent curates, a held day lock, backfill, maintenance. */
@ExtendWith(SparkExtension.class)
class OperationsTest {

  static final List<String> ROLLUP =
      List.of("report_date", "level", "code", "total_tokens", "requests", "providers");

  @Test
  void concurrentCuratesOfDisjointDaysBothSucceedAndAHeldDayIsRefused(
      SparkSession spark, @TempDir Path dir) throws Exception {
    Path landing = dir.resolve("landing");
    Tokenstats.copyTree(Tokenstats.SAMPLES, landing);
    assertThat(Tokenstats.in(dir, landing, "nightly").status()).isZero();
    List<Row> rollup =
        spark
            .table("gold.token_daily_rollup")
            .selectExpr(ROLLUP.toArray(String[]::new))
            .collectAsList();
    List<Row> growth = spark.sql("SELECT * FROM gold.token_growth").drop("run_id").collectAsList();

    // Two runs at once over disjoint days of the same month and week: their growth and model-share
    // writes overlap, so one of them meets a Delta conflict and recomputes.
    CompletableFuture<Tokenstats.Outcome> first =
        CompletableFuture.supplyAsync(
            () -> Tokenstats.in(dir, landing, "curate", "--from", "2026-03-14"));
    CompletableFuture<Tokenstats.Outcome> second =
        CompletableFuture.supplyAsync(
            () -> Tokenstats.in(dir, landing, "curate", "--from", "2026-03-16"));
    assertThat(first.get().status()).as(first.get().err()).isZero();
    assertThat(second.get().status()).as(second.get().err()).isZero();
    DatasetAssert.assertRows(spark.table("gold.token_daily_rollup"), ROLLUP, rollup);
    DatasetAssert.assertRows(
        spark.sql("SELECT * FROM gold.token_growth").drop("run_id"),
        List.of(spark.table("gold.token_growth").drop("run_id").columns()),
        growth);

    // A live run holding 2026-03-15 (this process, this host): a curate of it refuses; a backfill
    // of other days proceeds.
    Path lock = dir.resolve("warehouse/_locks/curate-2026-03-15.lock");
    Files.createDirectories(lock.getParent());
    Files.writeString(
        lock,
        "run_id=20260316T000000Z-aaaaaa\nhost="
            + InetAddress.getLocalHost().getHostName()
            + "\npid="
            + ManagementFactory.getRuntimeMXBean().getPid()
            + "\nstarted_at="
            + java.time.Instant.now()
            + "\n");
    Tokenstats.Outcome refused =
        Tokenstats.in(dir, landing, "curate", "--from", "2026-03-14", "--to", "2026-03-16");
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.err()).contains("holds the lock").contains("20260316T000000Z-aaaaaa");
    assertThat(dir.resolve("warehouse/_locks/curate-2026-03-14.lock")).doesNotExist();
    Tokenstats.Outcome backfill =
        Tokenstats.in(dir, landing, "backfill", "--from", "2026-03-16", "--to", "2026-03-16");
    assertThat(backfill.status()).as(backfill.err()).isZero();
    assertThat(backfill.out()).contains("recomputed 1 reporting days 2026-03-16");
    Files.delete(lock);

    // Maintenance with a release pinning version 1 of gold.token_daily: compacts, keeps it.
    Path release = Files.createDirectories(dir.resolve("releases/tokens-2026-03-v1"));
    Files.writeString(
        release.resolve("manifest.json"), "{\"table_versions\": {\"gold.token_daily\": 1}}");
    long before =
        spark.sql("SELECT count(*) FROM gold.token_daily VERSION AS OF 1").head().getLong(0);
    // A table created before bronze.usage declared its statistics columns gets them here.
    spark.sql(
        "ALTER TABLE delta.`"
            + dir.resolve("warehouse/bronze/usage")
            + "` UNSET TBLPROPERTIES ('"
            + TableDef.STATS_COLUMNS
            + "')");
    Tokenstats.Outcome maintain =
        Tokenstats.in(
            dir,
            landing,
            "--set",
            "tokenstats.paths.releases=" + dir.resolve("releases"),
            "maintain");
    assertThat(maintain.status()).as(maintain.err()).isZero();
    assertThat(maintain.out())
        .contains("gold.token_daily")
        .containsPattern(
            "gold\\.token_daily +optimized; vacuumed, keeping 720 h \\(release pins version 1\\)");
    assertThat(spark.sql("SELECT count(*) FROM gold.token_daily VERSION AS OF 1").head().getLong(0))
        .isEqualTo(before);
    assertThat(
            spark.sql("DESCRIBE DETAIL gold.token_daily").select("properties").head().getJavaMap(0))
        .containsEntry("delta.logRetentionDuration", "interval 3650 days");
    assertThat(spark.sql("DESCRIBE DETAIL bronze.usage").select("properties").head().getJavaMap(0))
        .containsEntry(
            TableDef.STATS_COLUMNS,
            BronzeTables.Usage.DEF.properties().get(TableDef.STATS_COLUMNS));
    assertThat(
            Tokenstats.in(
                    dir, landing, "--set", "tokenstats.maintenance.vacuum-retention=1d", "maintain")
                .status())
        .isEqualTo(2);
  }
}
