package org.tokenstats.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tokenstats.common.testing.DatasetAssert.row;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.table.BronzeTables;
import org.tokenstats.common.testing.DatasetAssert;
import org.tokenstats.common.testing.SparkExtension;

/**
 * The one-time migration of a {@code bronze.usage} the release before wrote (one row per key,
 * replaced in place), on a warehouse that release really wrote ({@code
 * src/test/resources/legacy-warehouse}, see its ABOUT.md).
 */
@ExtendWith(SparkExtension.class)
class LegacyWarehouseTest {

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  @Test
  void itsFiguresStandAndACorrectionAppliesToIt(SparkSession spark, @TempDir Path dir)
      throws IOException {
    copy(Path.of("src/test/resources/legacy-warehouse"), dir.resolve("warehouse"));
    String usage = dir.resolve("warehouse/bronze/usage").toString();
    // The old code's rerun after a crash between its MERGE and its registration: the rows keep the
    // first run's id, the registration has the second's. Such rows must still count.
    spark.sql(
        "UPDATE delta.`"
            + dir.resolve("warehouse/ops/submissions")
            + "` SET run_id = 'rerun-after-a-crash' WHERE path LIKE '%aurora/2026-03-14%'");
    Landing landing = Landing.withSamples(dir);

    // Not migrated yet: every row is the current version of its key.
    List<Row> before =
        IngestJobTest.currentUsage(dir)
            .select("provider_id", "record_id", "content_hash")
            .collectAsList();
    assertThat(before).hasSize(23); // 25 accepted records, two of them corrections
    DatasetAssert.assertRows(
        spark.read().format("delta").load(usage),
        List.of("provider_id", "record_id", "content_hash"),
        before);

    // The same correction as IngestJobTest's: a-0001 moves from 03-14 to 03-16, a-0003 repeated.
    landing.write(
        "usage/aurora/2026-03-20/part-000.jsonl",
        "{\"record_id\":\"a-0001\",\"provider_id\":\"aurora\",\"event_time\":\"2026-03-16T01:00:00Z\",\"model_id\":\"aurora-chat\",\"region_code\":\"CN-BJ\",\"input_tokens\":2000000,\"output_tokens\":500000}\n"
            + "{\"record_id\":\"a-0003\",\"provider_id\":\"aurora\",\"event_time\":\"2026-03-14T02:05:00Z\",\"model_id\":\"aurora-reason\",\"region_code\":\"CN-NX\",\"datacenter_id\":\"DC-NX-ZW-01\",\"input_tokens\":800000,\"output_tokens\":1200000,\"request_count\":400,\"accelerator_seconds\":600.0,\"energy_kwh\":0.134,\"billed_amount_cny\":11.2}\n");
    IngestReport report = IngestJobTest.ingest(dir, landing);

    Map<String, String> properties =
        spark
            .sql("DESCRIBE DETAIL delta.`" + usage + "`")
            .select("properties")
            .head()
            .getJavaMap(0);
    assertThat(properties)
        .containsEntry(BronzeTables.Usage.LAYOUT, BronzeTables.Usage.VERSIONS)
        .containsKey(BronzeTables.Usage.LEGACY_BEFORE);
    // The samples under the new landing path are the content already ingested: duplicates.
    assertThat(report.withStatus("duplicate").stream().filter(f -> f.feed().equals("usage")))
        .hasSize(6);
    assertThat(report.withStatus("ingested").stream().filter(f -> f.feed().equals("usage")))
        .singleElement();
    // The figures IngestJobTest finds for the same history on a new warehouse.
    DatasetAssert.assertRows(
        spark.sql(
            "SELECT report_date, sum(total_tokens) AS tokens, count(*) AS n FROM usage_current"
                + " GROUP BY report_date"),
        List.of("CAST(report_date AS STRING)", "tokens", "n"),
        List.of(
            row("2026-03-14", 17_000_000L, 10L),
            row("2026-03-15", 25_500_000L, 7L),
            row("2026-03-16", 10_700_000L, 6L)));
    // A second run migrates nothing more and changes nothing.
    String migratedAt = properties.get(BronzeTables.Usage.LEGACY_BEFORE);
    IngestJobTest.ingest(dir, landing);
    assertThat(
            spark
                .sql("DESCRIBE DETAIL delta.`" + usage + "`")
                .select("properties")
                .head()
                .<String, String>getJavaMap(0))
        .containsEntry(BronzeTables.Usage.LEGACY_BEFORE, migratedAt);
  }
}
