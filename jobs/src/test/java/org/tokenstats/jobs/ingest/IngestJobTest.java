package org.tokenstats.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tokenstats.common.testing.DatasetAssert.row;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.table.BronzeTables;
import org.tokenstats.common.table.OpsTables;
import org.tokenstats.common.table.Warehouse;
import org.tokenstats.common.testing.DatasetAssert;
import org.tokenstats.common.testing.SparkExtension;
import org.tokenstats.jobs.cli.Tokenstats;
import org.tokenstats.jobs.testing.JobRuns;

/**
 * Ingestion end to end on real files in a temporary landing: the job called directly, and through
 * the command line where its output is what is checked.
 */
@ExtendWith(SparkExtension.class)
class IngestJobTest {

  static IngestReport ingest(Path dir, Landing landing) {
    IngestReport report =
        JobRuns.run(dir, landing.root, "ingest", context -> new IngestJob(context).run());
    assertThat(SparkExtension.session().conf().contains(IngestWrites.MATERIALIZE_SOURCE))
        .as("ingest leaves the session's MERGE settings as it found them")
        .isFalse();
    currentUsage(dir).createOrReplaceTempView("usage_current");
    return report;
  }

  /**
   * The current version of each usage record (what silver is built from): bronze.usage is an
   * append-only log of versions. {@link #ingest} names it {@code usage_current} for the queries.
   */
  static Dataset<Row> currentUsage(Path dir) {
    return UsageVersions.current(
        Warehouse.open(SparkExtension.session(), dir.resolve("warehouse").toString()),
        org.apache.spark.sql.functions.lit(true));
  }

  /** The files of a report with the given status, as reported. */
  static List<String> files(IngestReport report, String status) {
    return report.withStatus(status).stream().map(IngestReport.File::submission).toList();
  }

  static long version(Path dir, org.tokenstats.common.table.TableDef table) {
    return Warehouse.open(SparkExtension.session(), dir.resolve("warehouse").toString())
        .currentVersion(table);
  }

  @Test
  void theSamplesReconcileFileByFileAndAddUpToTheHandCheckedTotals(
      SparkSession spark, @TempDir Path dir) {
    Landing landing = Landing.withSamples(dir);
    IngestReport report = ingest(dir, landing);
    assertThat(files(report, OpsTables.Submissions.UNREADABLE))
        .anyMatch(f -> f.contains("usage/jade/2026-03-16/part-000.jsonl.gz"));

    // Every submission: read = accepted + quarantined, and its quarantined records are in the
    // quarantine.
    List<Row> mismatches =
        spark
            .sql(
                "SELECT s.path, s.records_read, s.records_accepted, s.records_quarantined, count(q.line_number) AS q"
                    + " FROM ops.submissions s LEFT JOIN bronze.quarantine q"
                    + " ON q.submission = s.path AND q.line_number IS NOT NULL"
                    + " GROUP BY 1, 2, 3, 4"
                    + " HAVING records_read <> records_accepted + records_quarantined OR q <> records_quarantined")
            .collectAsList();
    assertThat(mismatches).isEmpty();

    DatasetAssert.assertRows(
        spark.sql(
            "SELECT report_date, count(*) AS n, sum(total_tokens) AS tokens FROM usage_current GROUP BY report_date"),
        List.of("CAST(report_date AS STRING)", "n", "tokens"),
        List.of(
            row("2026-03-14", 11L, 18_500_000L),
            row("2026-03-15", 7L, 25_500_000L),
            row("2026-03-16", 5L, 8_200_000L)));

    DatasetAssert.assertRows(
        spark.sql(
            "SELECT regexp_extract(submission, 'usage/(.*)$', 1) AS file, line_number, reason_code"
                + " FROM bronze.quarantine WHERE kind = 'usage'"),
        List.of("file", "line_number", "reason_code"),
        List.of(
            row("aurora/2026-03-14/part-000.jsonl", 7L, "NO_OFFSET"),
            row("aurora/2026-03-14/part-000.jsonl", 8L, "MISSING_FIELD"),
            row("aurora/2026-03-14/part-000.jsonl", 9L, "MALFORMED_RECORD"),
            row("aurora/2026-03-14/part-000.jsonl", 10L, "NEGATIVE_VALUE"),
            row("bamboo/2026-03-14/usage.csv", 7L, "UNKNOWN_REGION"),
            row("bamboo/2026-03-14/usage.csv", 8L, "DATACENTER_REGION_MISMATCH"),
            row("bamboo/2026-03-14/usage.csv", 9L, "CACHED_EXCEEDS_INPUT"),
            row("bamboo/2026-03-14/usage.csv", 10L, "OUT_OF_BOUNDS"),
            row("bamboo/2026-03-14/usage.csv", 11L, "BAD_VALUE"),
            row("cinnabar/2026-03-15/part-000.jsonl.gz", 6L, "FUTURE_EVENT"),
            row("cinnabar/2026-03-15/part-000.jsonl.gz", 7L, "TOO_OLD"),
            row("cinnabar/2026-03-15/part-000.jsonl.gz", 8L, "BAD_TIMESTAMP"),
            row("cinnabar/2026-03-15/part-000.jsonl.gz", 9L, "UNKNOWN_DATACENTER"),
            row("cinnabar/2026-03-15/part-000.jsonl.gz", 10L, "UNKNOWN_DATACENTER"),
            row("jade/2026-03-16/part-000.jsonl.gz", null, "CORRUPT_GZIP"),
            row("lotus/2026-03-15/part-000.jsonl", 2L, "UNKNOWN_PROVIDER")));

    // The correction delivered on 03-16 (a-0002: output 500,000 -> 700,000) is the version kept.
    Row a2 =
        spark
            .sql("SELECT output_tokens, submission FROM usage_current WHERE record_id = 'a-0002'")
            .head();
    assertThat(a2.getLong(0)).isEqualTo(700_000L);
    assertThat(a2.getString(1)).endsWith("aurora/2026-03-16/part-000.jsonl");
    Row bamboo =
        spark
            .sql(
                "SELECT unknown_fields['sales_channel'] FROM ops.submissions WHERE path LIKE '%bamboo%'")
            .head();
    assertThat(bamboo.getLong(0)).as("unknown column counted").isEqualTo(5L);

    // Prices: the revision wins, real-time and day-ahead are kept apart, MWh converted to kWh.
    DatasetAssert.assertRows(
        spark.sql(
            "SELECT market, hour(interval_start) AS h, avg(price_cny_per_kwh) AS p, count(*) AS n FROM bronze.prices"
                + " WHERE region_code = 'CN-JS' AND hour(interval_start) IN (9, 10, 12) GROUP BY 1, 2"),
        List.of("market", "h", "CAST(p AS DOUBLE)", "n"),
        List.of(
            row("day_ahead", 9, 0.56, 4L),
            row("day_ahead", 10, 0.52, 4L),
            row("real_time", 10, 0.64, 4L),
            row("day_ahead", 12, 0.2, 4L)));
  }

  @Test
  void aSecondRunAndARedeliveryUnderAnotherPathChangeNothing(SparkSession spark, @TempDir Path dir)
      throws Exception {
    Landing landing = Landing.withSamples(dir);
    ingest(dir, landing);
    long usage = version(dir, BronzeTables.Usage.DEF);
    long quarantined = spark.table("bronze.quarantine").count();

    assertThat(ingest(dir, landing).files()).as("no new submissions").isEmpty();

    Files.copy(
        landing.root.resolve("usage/aurora/2026-03-14/part-000.jsonl"),
        landing.write("usage/aurora/resent/copy.jsonl", ""),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(files(ingest(dir, landing), OpsTables.Submissions.DUPLICATE))
        .singleElement()
        .asString()
        .endsWith("/usage/aurora/resent/copy.jsonl");
    assertThat(version(dir, BronzeTables.Usage.DEF)).as("bronze.usage untouched").isEqualTo(usage);
    assertThat(spark.table("bronze.quarantine").count()).isEqualTo(quarantined);
    Row dup =
        spark
            .sql(
                "SELECT status, records_read FROM ops.submissions WHERE path LIKE '%resent/copy.jsonl'")
            .head();
    assertThat(dup.getString(0)).isEqualTo("duplicate");
    assertThat(dup.getLong(1)).isZero();
  }

  @Test
  void aCorrectionInALaterRunReplacesTheRecordAndMarksOldAndNewDays(
      SparkSession spark, @TempDir Path dir) {
    Landing landing = Landing.withSamples(dir);
    ingest(dir, landing);
    // a-0001 was 1.5 M tokens on 03-14; resubmitted as 2.5 M tokens on 03-16; plus an exact repeat
    // of a-0003.
    Path correction =
        landing.write(
            "usage/aurora/2026-03-20/part-000.jsonl",
            "{\"record_id\":\"a-0001\",\"provider_id\":\"aurora\",\"event_time\":\"2026-03-16T01:00:00Z\",\"model_id\":\"aurora-chat\",\"region_code\":\"CN-BJ\",\"input_tokens\":2000000,\"output_tokens\":500000}\n"
                + "{\"record_id\":\"a-0003\",\"provider_id\":\"aurora\",\"event_time\":\"2026-03-14T02:05:00Z\",\"model_id\":\"aurora-reason\",\"region_code\":\"CN-NX\",\"datacenter_id\":\"DC-NX-ZW-01\",\"input_tokens\":800000,\"output_tokens\":1200000,\"request_count\":400,\"accelerator_seconds\":600.0,\"energy_kwh\":0.134,\"billed_amount_cny\":11.2}\n");
    ingest(dir, landing);

    DatasetAssert.assertRows(
        spark.sql(
            "SELECT report_date, sum(total_tokens) AS tokens, count(*) AS n FROM usage_current GROUP BY report_date"),
        List.of("CAST(report_date AS STRING)", "tokens", "n"),
        List.of(
            row("2026-03-14", 17_000_000L, 10L),
            row("2026-03-15", 25_500_000L, 7L),
            row("2026-03-16", 10_700_000L, 6L)));
    DatasetAssert.assertRows(
        spark.sql(
            "SELECT t.report_date FROM ops.touched_days t JOIN ops.submissions s ON t.submission_sha256 = s.sha256"
                + " WHERE s.path = '"
                + Landing.name(correction)
                + "'"),
        List.of("CAST(report_date AS STRING)"),
        List.of(row("2026-03-14"), row("2026-03-16")));
  }

  @Test
  void unreadableFilesAreQuarantinedWholeAndTheOthersAreIngested(
      SparkSession spark, @TempDir Path dir) {
    Landing landing = Landing.withRegistry(dir);
    String good =
        "{\"record_id\":\"g1\",\"provider_id\":\"aurora\",\"event_time\":\"2026-03-14T10:00:00+08:00\",\"model_id\":\"m\",\"region_code\":\"CN-BJ\",\"input_tokens\":10,\"output_tokens\":5}\n";
    landing.write("usage/aurora/good.jsonl", good);
    landing.write(
        "usage/aurora/latin1.jsonl",
        (good + "{\"record_id\":\"caf\u00e9\"}\n")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    landing.write("usage/aurora/binary.csv", new byte[] {0x50, 0x41, 0x52, 0x31, 0x00, 0x01, 0x02});
    landing.write("usage/aurora/notcsv.csv", "hello world\nfoo bar\n");
    landing.write("usage/aurora/data.json", good);
    landing.write("usage/aurora/fake.jsonl.gz", good);
    landing.write("usage/aurora/_uploading.jsonl", good);
    landing.write("usage/aurora/notjson.jsonl", "<html>\n<body>\n");
    ingest(dir, landing);

    Map<String, String> status = new HashMap<>();
    spark
        .sql("SELECT regexp_extract(path, '[^/]+$', 0), status, detail FROM ops.submissions")
        .collectAsList()
        .forEach(r -> status.put(r.getString(0), r.getString(1) + " " + r.getString(2)));
    assertThat(status.get("good.jsonl")).startsWith("ingested");
    assertThat(status.get("latin1.jsonl")).startsWith("unreadable INVALID_UTF8");
    assertThat(status.get("binary.csv")).startsWith("unreadable");
    assertThat(status.get("notcsv.csv")).startsWith("unreadable WRONG_FORMAT");
    assertThat(status.get("data.json")).startsWith("unreadable UNSUPPORTED_FILE");
    assertThat(status.get("fake.jsonl.gz")).startsWith("unreadable CORRUPT_GZIP");
    assertThat(status.get("notjson.jsonl")).startsWith("unreadable WRONG_FORMAT");
    assertThat(status).doesNotContainKey("_uploading.jsonl");
    assertThat(spark.table("usage_current").count()).as("only the good file's record").isEqualTo(1);
    assertThat(
            spark
                .sql("SELECT count(*) FROM bronze.quarantine WHERE line_number IS NULL")
                .head()
                .getLong(0))
        .isEqualTo(6);
  }

  @Test
  void oneHostileSubmissionCannotStopTheRunOrReadAnotherFeed(SparkSession spark, @TempDir Path dir)
      throws Exception {
    Landing landing = Landing.withRegistry(dir);
    String good =
        "{\"record_id\":\"g1\",\"provider_id\":\"aurora\",\"event_time\":\"2026-03-14T10:00:00+08:00\",\"model_id\":\"m\",\"region_code\":\"CN-BJ\",\"input_tokens\":10,\"output_tokens\":5}\n";
    landing.write("usage/aurora/good.jsonl", good);
    // A small gzip whose one line inflates to 48 MiB (the bound here: 4 MiB a line).
    landing.write("usage/aurora/bomb.jsonl.gz", SubmissionReaderTest.bomb(48L << 20));
    landing.write(
        "prices/CN-BJ/p.csv",
        "region_code,interval_start,interval_minutes,price,unit,market,published_at\n"
            + "CN-BJ,2026-03-14T10:00:00+08:00,60,0.5,CNY/kWh,tariff,2026-03-01T00:00:00+08:00\n");
    Path usage = landing.root.resolve("usage");
    // A loop out of the feed (to the landing folder itself), a loop inside it, another feed.
    Files.createSymbolicLink(usage.resolve("loop"), Path.of(".."));
    Files.createSymbolicLink(usage.resolve("aurora/back"), Path.of(".."));
    Files.createSymbolicLink(usage.resolve("prices-link"), landing.root.resolve("prices"));
    Files.createSymbolicLink(
        usage.resolve("aurora/one.csv"), landing.root.resolve("prices/CN-BJ/p.csv"));

    Tokenstats.Outcome o =
        Tokenstats.in(
            dir, landing.root, "--set", "tokenstats.ingest.max-line-bytes=4 MiB", "ingest");
    assertThat(o.status()).as(o.err()).isZero();
    assertThat(o.out())
        .containsPattern("usage +unreadable .*bomb\\.jsonl\\.gz  \\(TOO_LARGE: line 1 is longer")
        .containsPattern(
            "usage +skipped .*/usage/loop  \\(a link to .*, outside the usage folder\\)")
        .containsPattern(
            "usage +skipped .*/usage/aurora/back  \\(a link back to .*/usage, a folder")
        .containsPattern("usage +skipped .*/usage/prices-link  \\(a link to .*/prices, outside")
        .containsPattern("usage +skipped .*/usage/aurora/one.csv  \\(a link to .*p.csv, outside");

    Map<String, String> status = new HashMap<>();
    spark
        .sql("SELECT path, kind, status, detail FROM ops.submissions WHERE kind <> 'reference'")
        .collectAsList()
        .forEach(
            r ->
                status.put(
                    r.getString(0), r.getString(1) + " " + r.getString(2) + " " + r.getString(3)));
    assertThat(status.get(usage.resolve("aurora/good.jsonl").toString()))
        .startsWith("usage ingested");
    assertThat(status.get(usage.resolve("aurora/bomb.jsonl.gz").toString()))
        .startsWith("usage unreadable TOO_LARGE: line 1 is longer than 4194304 bytes");
    assertThat(status.get(landing.root.resolve("prices/CN-BJ/p.csv").toString()))
        .startsWith("prices ingested");
    assertThat(status).hasSize(3);
    currentUsage(dir).createOrReplaceTempView("usage_current");
    assertThat(spark.table("usage_current").count()).isEqualTo(1);
    assertThat(
            spark
                .sql(
                    "SELECT count(*) FROM bronze.quarantine WHERE reason_code = 'TOO_LARGE' AND"
                        + " line_number IS NULL")
                .head()
                .getLong(0))
        .isEqualTo(1);
  }

  @Test
  void parquetSubmissionsGoThroughTheSameRules(SparkSession spark, @TempDir Path dir)
      throws Exception {
    Landing landing = Landing.withRegistry(dir);
    Path staging = dir.resolve("parquet-out");
    spark
        .sql(
            "SELECT * FROM VALUES"
                + " ('p1', 'aurora', '2026-03-14T10:00:00+08:00', 'M', 'CN-BJ', 'DC-BJ-01', 100L, 50L, CAST(1.5 AS DECIMAL(10,3))),"
                + " ('p2', 'aurora', '2026-03-14T10:00:00', 'M', 'CN-BJ', NULL, 100L, 50L, NULL),"
                + " ('p3', 'aurora', '2026-03-13T16:30:00Z', 'M', 'CN-BJ', NULL, 7L, -1L, NULL)"
                + " AS t(record_id, provider_id, event_time, model_id, region_code, datacenter_id, input_tokens, output_tokens, accelerator_seconds)")
        .coalesce(1)
        .write()
        .parquet(staging.toString());
    Path part;
    try (var files = Files.list(staging)) {
      part = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Files.createDirectories(landing.root.resolve("usage/aurora"));
    Files.copy(part, landing.root.resolve("usage/aurora/batch.parquet"));
    ingest(dir, landing);

    DatasetAssert.assertRows(
        spark.table("usage_current"),
        List.of("record_id", "total_tokens", "CAST(accelerator_seconds AS DOUBLE)", "line_number"),
        List.of(row("p1", 150L, 1.5, 1L)));
    DatasetAssert.assertRows(
        spark.table("bronze.quarantine"),
        List.of("line_number", "reason_code"),
        List.of(row(2L, "NO_OFFSET"), row(3L, "NEGATIVE_VALUE")));
  }

  @Test
  void aRunKilledBeforeItRegisteredItsSubmissionsIsCompletedByTheNext(
      SparkSession spark, @TempDir Path dir) {
    Landing landing = Landing.withSamples(dir);
    ingest(dir, landing);
    List<Row> usage =
        spark.sql("SELECT provider_id, record_id, content_hash FROM usage_current").collectAsList();
    long quarantine = spark.table("bronze.quarantine").count();
    long touched = spark.table("ops.touched_days").count();
    long prices = spark.table("bronze.prices").count();

    // What a kill between the bronze MERGE and the last commit leaves: data in, files not
    // registered.
    spark.sql("DELETE FROM ops.submissions");
    ingest(dir, landing);

    DatasetAssert.assertRows(
        spark.table("usage_current"), List.of("provider_id", "record_id", "content_hash"), usage);
    assertThat(spark.table("bronze.quarantine").count())
        .as("no quarantine row twice")
        .isEqualTo(quarantine);
    assertThat(spark.table("ops.touched_days").count()).isEqualTo(touched);
    assertThat(spark.table("bronze.prices").count()).isEqualTo(prices);
    assertThat(
            spark
                .sql("SELECT count(*) FROM ops.submissions WHERE kind = 'usage'")
                .head()
                .getLong(0))
        .isEqualTo(7);
  }

  @Test
  void aSecondIngestWhileOneRunsIsRefusedAndADeadRunsLockIsTakenOver(
      SparkSession spark, @TempDir Path dir) throws Exception {
    Landing landing = Landing.withRegistry(dir);
    Path lock = dir.resolve("warehouse/_locks/ingest.lock");
    Files.createDirectories(lock.getParent());
    String host = java.net.InetAddress.getLocalHost().getHostName();
    Files.writeString(
        lock,
        "run_id=other\nhost="
            + host
            + "\npid="
            + ProcessHandle.current().pid()
            + "\nstarted_at="
            + java.time.Instant.now()
            + "\n");

    Tokenstats.Outcome refused = Tokenstats.in(dir, landing.root, "ingest");
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.err()).contains("holds the lock").contains("run other");
    assertThat(Files.exists(dir.resolve("warehouse/bronze/regions/_delta_log")))
        .as("nothing ingested")
        .isFalse();

    Files.writeString(
        lock,
        "run_id=dead\nhost="
            + host
            + "\npid=2147483646\nstarted_at="
            + java.time.Instant.now()
            + "\n");
    ingest(dir, landing);
    assertThat(spark.table("bronze.regions").count()).isEqualTo(33);
    assertThat(lock).doesNotExist();
  }

  @Test
  void theRunLogHoldsTheCountsAndVersionsOfAnIngest(SparkSession spark, @TempDir Path dir) {
    ingest(dir, Landing.withSamples(dir));
    Row run =
        spark
            .sql("SELECT counts, table_versions FROM ops.job_runs WHERE command = 'ingest'")
            .head();
    Map<String, Long> counts = run.getJavaMap(0);
    assertThat(counts)
        .containsEntry("usage_records_read", 40L)
        .containsEntry("usage_records_accepted", 25L)
        .containsEntry("usage_records_quarantined", 15L);
    assertThat(run.<String, Long>getJavaMap(1))
        .containsKeys("bronze.usage", "bronze.prices", "ops.submissions", "bronze.quarantine");
    assertThat(OpsTables.Submissions.DEF.constraints()).containsKey("reconciled");
  }
}
