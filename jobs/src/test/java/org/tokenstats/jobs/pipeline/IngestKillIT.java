package org.tokenstats.jobs.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tokenstats.common.table.BronzeTables;
import org.tokenstats.common.table.OpsTables;
import org.tokenstats.common.table.OpsTables.TouchedDays;
import org.tokenstats.common.table.TableDef;
import org.tokenstats.common.testing.DatasetAssert;
import org.tokenstats.common.testing.SparkExtension;
import org.tokenstats.jobs.cli.Tokenstats;

/**
 * {@code kill -9} of an {@code ingest} after each commit of the usage feed's path
 * (docs/ingestion.md, "Versions": append, quarantine, supersessions, touched days, then the
 * registration that makes the records count), then a normal ingest: the current versions, the
 * quarantine, the register and the touched days must be those of an ingest that was never
 * interrupted. The landing folder is the samples plus a correction of one of them in the same
 * batch, so that every step writes: one record revised on its day, one moved to the next day (three
 * supersessions: one on the first record's day, one on each day that holds a version of the
 * second).
 */
@ExtendWith(SparkExtension.class)
class IngestKillIT {
  private static final String CORRECTION = "usage/aurora/2026-03-14/part-001.jsonl";

  @TempDir static Path shared;
  private static Path landing;
  private static Path reference;

  /** The landing folder and the uninterrupted ingest, shared by every kill point. */
  @BeforeAll
  static void referenceIngest() throws Exception {
    landing = shared.resolve("landing");
    // Usage and the registry only: the kills are all in the usage feed, and prices would only
    // lengthen every run.
    for (String folder : List.of("usage", "reference")) {
      Tokenstats.copyTree(Tokenstats.SAMPLES.resolve(folder), landing.resolve(folder));
    }
    List<String> original =
        Files.readAllLines(landing.resolve("usage/aurora/2026-03-14/part-000.jsonl"));
    Files.write(
        landing.resolve(CORRECTION),
        List.of(
            original.get(0).replace("\"input_tokens\": 1200000", "\"input_tokens\": 1250000"),
            original.get(3).replace("2026-03-14T06:40:00Z", "2026-03-14T18:40:00Z")));
    reference = shared.resolve("reference");
    Tokenstats.Outcome ingest = Tokenstats.in(reference, landing, "ingest");
    assertThat(ingest.status()).as(ingest.err()).isZero();
    // The samples' own corrections (a-0002, a-0003 on their day), a-0001 on its day, and a-0004 on
    // each of its two days.
    assertThat(ingest.out() + ingest.err()).contains("usage_versions_superseded=5");
  }

  @ParameterizedTest(name = "killed after: {0}")
  @ValueSource(
      strings = {
        "wrote bronze.usage version", // appended; nothing else
        "wrote bronze.quarantine version", // and quarantined
        "wrote bronze.usage_superseded version", // and the supersessions recorded
        "wrote ops.touched_days version" // all but the registration
      })
  void anIngestKilledAfterAnyStepIsCompletedByTheNext(
      String killPoint, SparkSession spark, @TempDir Path dir) throws Exception {
    Path log = dir.resolve("killed.log");
    Process run = PackagedApp.start(dir, landing, log, "ingest");
    try {
      PackagedApp.waitAfter(log, "stage usage: started", killPoint, 300);
    } finally {
      run.destroyForcibly(); // SIGKILL
      run.waitFor(30, TimeUnit.SECONDS);
    }
    String killed = Files.readString(log);
    String usage = killed.substring(killed.indexOf("stage usage: started"));
    assertThat(killed).doesNotContain("tokenstats ingest: succeeded");
    assertThat(usage)
        .as("killed before the usage files were registered")
        .doesNotContain("wrote ops.submissions version");

    Tokenstats.Outcome next = Tokenstats.in(dir, landing, "ingest");
    assertThat(next.status()).as(next.err()).isZero();

    Path actual = dir.resolve("warehouse");
    Path expected = reference.resolve("warehouse");
    same(spark, actual, expected, BronzeTables.Usage.DEF);
    same(spark, actual, expected, BronzeTables.Quarantine.DEF);
    same(spark, actual, expected, OpsTables.Submissions.DEF);
    DatasetAssert.assertSameRows(
        touchedDays(spark, actual),
        touchedDays(spark, expected),
        List.of(TouchedDays.REPORT_DATE, TouchedDays.FEED, TouchedDays.SUBMISSION_SHA256));
  }

  private static void same(SparkSession spark, Path actual, Path expected, TableDef t) {
    Dataset<Row> want = PackagedApp.table(spark, expected, t);
    assertThat(want.count()).as(t.id()).isPositive();
    DatasetAssert.assertSameRows(
        PackagedApp.table(spark, actual, t), want, Arrays.asList(want.columns()));
  }

  /** The days marked for recompute, whichever run marked them (a killed run's marks stay). */
  private static Dataset<Row> touchedDays(SparkSession spark, Path warehouse) {
    return PackagedApp.table(spark, warehouse, TouchedDays.DEF)
        .select(
            col(TouchedDays.REPORT_DATE), col(TouchedDays.FEED), col(TouchedDays.SUBMISSION_SHA256))
        .distinct();
  }
}
