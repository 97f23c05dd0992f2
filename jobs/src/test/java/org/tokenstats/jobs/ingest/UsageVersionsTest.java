package org.tokenstats.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tokenstats.common.testing.DatasetAssert.row;

import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.table.BronzeTables.UsageSuperseded;
import org.tokenstats.common.testing.DatasetAssert;
import org.tokenstats.common.testing.SparkExtension;
import org.tokenstats.jobs.testing.JobRuns;

/**
 * The append-only bronze.usage: which version of a record counts (latest registered, unless
 * superseded on its day), which supersessions a batch brings, the revision window, and the audit
 * that finds what the window missed.
 */
@ExtendWith(SparkExtension.class)
class UsageVersionsTest {
  private static final String NARROW =
      "provider_id STRING, record_id STRING, report_date DATE, ingested_at TIMESTAMP,"
          + " submission STRING, line_number LONG, run_id STRING";
  private static final StructType ROWS = StructType.fromDDL(NARROW + ", v STRING");
  private static final StructType VERSIONS = StructType.fromDDL(NARROW);
  private static final StructType SUBMISSIONS =
      StructType.fromDDL("path STRING, run_id STRING, status STRING, kind STRING");

  private static final Date D1 = Date.valueOf("2026-03-14");
  private static final Date D2 = Date.valueOf("2026-03-16");
  private static final Timestamp T1 = Timestamp.valueOf("2026-03-15 02:00:00");
  private static final Timestamp T2 = Timestamp.valueOf("2026-03-17 02:00:00");
  private static final Timestamp LEGACY = Timestamp.valueOf("2026-03-16 00:00:00");

  @Test
  void theLatestRegisteredVersionCountsUnlessALaterOneSupersedesItOnItsDay(SparkSession spark) {
    Dataset<Row> rows =
        spark.createDataFrame(
            List.of(
                // moved from D1 to D2 by a later file
                row("p", "k1", D1, T1, "a", 1L, "r1", "k1 old"),
                row("p", "k1", D2, T2, "b", 1L, "r2", "k1 moved"),
                // a later version written by a run that was killed before it registered
                row("p", "k2", D1, T1, "a", 2L, "r1", "k2 registered"),
                row("p", "k2", D1, T2, "b", 2L, "killed", "k2 unregistered"),
                // a migrated table's row: its run's registration does not match, and it counts
                row("p", "k3", D1, T1, "old", 1L, "before-crash", "k3 legacy"),
                // after the migration, a row without its registration never counts
                row("p", "k4", D1, T2, "c", 1L, "killed", "k4 unregistered"),
                // two files of one run on the same day: the later path wins over the later line
                row("p", "k5", D1, T1, "a", 3L, "r1", "k5 earlier path"),
                row("p", "k5", D1, T1, "d", 1L, "r1", "k5 later path"),
                // the same record id of another provider is another record
                row("q", "k1", D1, T1, "a", 4L, "r1", "q k1")),
            ROWS);
    Dataset<Row> superseded =
        spark.createDataFrame(
            List.of(
                row("p", "k1", D1, T2, "b", 1L, "r2"),
                row("p", "k1", D2, T2, "b", 1L, "r2"),
                row("p", "k2", D1, T2, "b", 2L, "killed"),
                row("p", "k5", D1, T1, "d", 1L, "r1")),
            VERSIONS);
    Dataset<Row> submissions =
        spark.createDataFrame(
            List.of(
                row("a", "r1", "ingested", "usage"),
                row("b", "r2", "ingested", "usage"),
                row("d", "r1", "ingested", "usage"),
                row("b", "killed-then-duplicate", "duplicate", "usage"),
                row("old", "after-crash", "ingested", "usage"),
                row("c", "r1", "ingested", "prices")),
            SUBMISSIONS);

    List<Row> current =
        List.of(
            row("k1 moved"),
            row("k2 registered"),
            row("k3 legacy"),
            row("k5 later path"),
            row("q k1"));
    DatasetAssert.assertRows(
        UsageVersions.current(rows, superseded, submissions, LEGACY), List.of("v"), current);
    // The same with the supersessions broadcast (how curate joins a few of them).
    DatasetAssert.assertRows(
        UsageVersions.current(rows, superseded, submissions, LEGACY, true), List.of("v"), current);
    // Without a migration, the legacy row needs its registration like any other.
    DatasetAssert.assertRows(
        UsageVersions.current(rows, superseded, submissions, null),
        List.of("v"),
        List.of(row("k1 moved"), row("k2 registered"), row("k5 later path"), row("q k1")));
  }

  @Test
  void aBatchSupersedesEveryDayHoldingAnEarlierVersionOfItsKeys(SparkSession spark) {
    Dataset<Row> batch =
        spark.createDataFrame(
            List.of(
                row("p", "k1", D2, T2, "b", 1L, "r2"), // moved from D1
                row("p", "k2", D1, T2, "b", 2L, "r2"), // two versions in the batch
                row("p", "k2", D1, T2, "c", 1L, "r2"),
                row("p", "k3", D1, T2, "b", 3L, "r2")), // new: nothing to supersede
            VERSIONS);
    Dataset<Row> history =
        spark.createDataFrame(
            List.of(
                row("p", "k1", D1, T1, "a", 1L, "r1"),
                row("p", "k4", D1, T1, "a", 2L, "r1"), // not in the batch: left alone
                row("p", "k4", D2, T1, "a", 3L, "r1")),
            VERSIONS);
    DatasetAssert.assertRows(
        UsageVersions.supersessions(batch, history),
        List.of("record_id", "CAST(report_date AS STRING)", "submission", "line_number", "run_id"),
        List.of(
            row("k1", "2026-03-14", "b", 1L, "r2"),
            row("k1", "2026-03-16", "b", 1L, "r2"),
            row("k2", "2026-03-14", "c", 1L, "r2")));
  }

  /** A correction of a-0001 (1.5 M tokens on 03-14 in the samples) that moves it to 03-20. */
  private static void moveA0001(Landing landing) {
    landing.write(
        "usage/aurora/2026-03-21/part-000.jsonl",
        "{\"record_id\":\"a-0001\",\"provider_id\":\"aurora\",\"event_time\":\"2026-03-20T01:00:00Z\",\"model_id\":\"aurora-chat\",\"region_code\":\"CN-BJ\",\"input_tokens\":2000000,\"output_tokens\":500000}\n");
  }

  private static List<Row> a0001(Path dir) {
    return IngestJobTest.currentUsage(dir)
        .filter("record_id = 'a-0001'")
        .selectExpr("CAST(report_date AS STRING)", "total_tokens")
        .collectAsList();
  }

  @Test
  void aMoveBeyondTheRevisionWindowIsFoundByTheAuditAndItsOldDayRecomputed(
      SparkSession spark, @TempDir Path dir) {
    Landing landing = Landing.withSamples(dir);
    IngestJobTest.ingest(dir, landing);
    moveA0001(landing);
    JobRuns.run(
        dir,
        landing.root,
        "ingest",
        context -> new IngestJob(context).run(),
        "tokenstats.ingest.revision-window=2");

    // The nightly looked at 03-18 .. 03-22 only: the old version still counts on 03-14.
    assertThat(a0001(dir))
        .containsExactlyInAnyOrder(row("2026-03-14", 1_500_000L), row("2026-03-20", 2_500_000L));

    UsageAudit.Result audit =
        JobRuns.run(dir, landing.root, "maintain", c -> UsageAudit.run(c.warehouse(), c.run()));
    assertThat(audit.days())
        .containsExactly(LocalDate.parse("2026-03-14"), LocalDate.parse("2026-03-20"));
    assertThat(a0001(dir)).containsExactly(row("2026-03-20", 2_500_000L));
    assertThat(
            spark
                .sql(
                    "SELECT CAST(report_date AS STRING) FROM ops.touched_days WHERE feed = '"
                        + UsageAudit.FEED
                        + "' ORDER BY 1")
                .collectAsList())
        .containsExactly(row("2026-03-14"), row("2026-03-20"));

    // A second audit finds nothing more.
    assertThat(
            JobRuns.run(dir, landing.root, "maintain", c -> UsageAudit.run(c.warehouse(), c.run()))
                .added())
        .isZero();
  }

  @Test
  void aMoveWithinTheWindowNeedsNoAudit(SparkSession spark, @TempDir Path dir) {
    Landing landing = Landing.withSamples(dir);
    IngestJobTest.ingest(dir, landing);
    moveA0001(landing);
    IngestJobTest.ingest(dir, landing);

    assertThat(a0001(dir)).containsExactly(row("2026-03-20", 2_500_000L));
    assertThat(
            spark
                .read()
                .format("delta")
                .load(dir.resolve("warehouse/bronze/" + UsageSuperseded.DEF.name()).toString())
                .filter("record_id = 'a-0001'")
                .selectExpr("CAST(report_date AS STRING)")
                .collectAsList())
        .containsExactlyInAnyOrder(row("2026-03-14"), row("2026-03-20"));
    assertThat(
            JobRuns.run(dir, landing.root, "maintain", c -> UsageAudit.run(c.warehouse(), c.run()))
                .added())
        .isZero();
  }
}
