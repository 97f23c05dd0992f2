package org.tokenstats.jobs.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.testing.SparkExtension;
import org.tokenstats.jobs.cli.Tokenstats;

/**
 * A release only from a complete, consistent warehouse that only tokenstats jobs wrote: refused
 * while days wait to be curated or a curate did not finish, refused after a change made outside a
 * job (an analyst's {@code DELETE}) until it is undone or accepted through {@code repair}, refused
 * while the gold tables disagree; {@code sql} cannot write; the provisional to final step is
 * labelled final; a second run writes nothing.
 */
@ExtendWith(SparkExtension.class)
class ReleaseGateTest {

  @Test
  void releasesWaitForACompleteConsistentWarehouseWrittenOnlyByJobs(
      SparkSession spark, @TempDir Path dir) throws Exception {
    Path landing = dir.resolve("landing");
    Tokenstats.copyTree(Tokenstats.SAMPLES, landing);
    Path releases = dir.resolve("releases");
    String gold = dir.resolve("warehouse/gold") + "/";

    // Ingested, not curated: three days of March are pending.
    assertThat(run(dir, landing, "ingest").status()).isZero();
    Tokenstats.Outcome pending = run(dir, landing, "release", "--period", "2026-03");
    assertThat(pending.status()).isEqualTo(1);
    assertThat(pending.err())
        .contains(
            "Release of 2026-03 refused: 3 reporting day(s) it covers are waiting to be curated")
        .contains("2026-03-14, 2026-03-15, 2026-03-16")
        .contains("bin/tokenstats curate");
    assertThat(releases).doesNotExist();

    // A curate that fails part-way (a fatal quality check) leaves its days pending, and says so.
    Tokenstats.Outcome failed =
        run(
            dir,
            landing,
            "--set",
            "tokenstats.quality.fatal=true",
            "--set",
            "tokenstats.quality.min-energy-coverage=1.0",
            "curate",
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-31");
    assertThat(failed.status()).as(failed.out()).isEqualTo(1);
    Tokenstats.Outcome unfinished = run(dir, landing, "release", "--period", "2026-03");
    assertThat(unfinished.status()).isEqualTo(1);
    assertThat(unfinished.err())
        .contains("31 reporting day(s) it covers are waiting to be curated")
        .contains("began them and did not finish");

    // The nightly curates everything and publishes March, provisional.
    Tokenstats.Outcome v1 = run(dir, landing, "nightly", "--date", "2026-04-06");
    assertThat(v1.status()).as(v1.out() + v1.err()).isZero();
    assertThat(v1.out()).contains("published tokens-2026-03-v1 (provisional");

    // An analyst cannot write through `sql`.
    long rows = spark.read().format("delta").load(gold + "token_daily").count();
    Tokenstats.Outcome delete =
        run(dir, landing, "sql", "DELETE FROM gold.token_daily WHERE region_code = 'CN-GZ'");
    assertThat(delete.status()).isEqualTo(2);
    assertThat(delete.err()).contains("sql only reads").contains("DeleteFromTable");
    assertThat(spark.read().format("delta").load(gold + "token_daily").count()).isEqualTo(rows);

    // A change made outside tokenstats (here: a plain Spark session, no run attached).
    long before = version(spark, gold + "token_daily");
    spark.sql("DELETE FROM delta.`" + gold + "token_daily` WHERE region_code = 'CN-GZ'");
    assertThat(spark.read().format("delta").load(gold + "token_daily").count()).isLessThan(rows);
    // Late data for 2026-03-15 arrives; the nightly curates it but refuses to revise March.
    Path late = landing.resolve("usage/osmanthus/2026-04-08/late.csv");
    Files.createDirectories(late.getParent());
    Files.writeString(
        late,
        "record_id,provider_id,event_time,model_id,region_code,datacenter_id,input_tokens,"
            + "output_tokens,accelerator_seconds\n"
            + "o-late-1,osmanthus,2026-03-15T10:00:00+08:00,osmanthus-chat,CN-GZ,DC-GZ-GA-01,"
            + "700000,300000,100.0\n");
    Tokenstats.Outcome outside = run(dir, landing, "nightly", "--date", "2026-04-08");
    assertThat(outside.status()).isEqualTo(1);
    assertThat(outside.out())
        .contains("NOT PUBLISHED")
        .contains("gold.token_daily version " + (before + 1) + " (DELETE at ")
        .contains("was written outside a tokenstats job");
    assertThat(releases.resolve("tokens-2026-03-v2")).doesNotExist();

    // The operator undoes it on the record; that restore also undid the curate of 2026-03-15,
    // so the gold tables now disagree, and the release says which and how to fix it.
    Tokenstats.Outcome restore =
        run(
            dir,
            landing,
            "repair",
            "--reason",
            "undo an analyst's DELETE",
            "RESTORE TABLE gold.token_daily TO VERSION AS OF " + before);
    assertThat(restore.status()).as(restore.err()).isZero();
    assertThat(restore.out()).contains("repair: changed gold.token_daily");
    Tokenstats.Outcome disagree = run(dir, landing, "release", "--period", "2026-03");
    assertThat(disagree.status()).isEqualTo(1);
    assertThat(disagree.err())
        .contains(
            "refused: the gold tables disagree: roll-up national total = sum of gold.token_daily fails for 2026-03-15")
        .contains("bin/tokenstats curate --from");
    assertThat(run(dir, landing, "curate", "--from", "2026-03-15", "--to", "2026-03-15").status())
        .isZero();

    // 60 days after March: its final release, with the late data's revisions marked.
    Tokenstats.Outcome fin = run(dir, landing, "nightly", "--date", "2026-05-30");
    assertThat(fin.status()).as(fin.out() + fin.err()).isZero();
    JsonNode m2 =
        ReleaseJobTest.JSON.readTree(releases.resolve("tokens-2026-03-v2/manifest.json").toFile());
    assertThat(m2.path("status").asText()).as("provisional to final is final").isEqualTo("final");
    assertThat(m2.path("revises").asText()).isEqualTo("tokens-2026-03-v1");
    assertThat(m2.path("changes")).isNotEmpty();
    // The late record's energy moves March's energy per token (mostly estimated energy: E; the
    // month's tokens, 3 days of 31, are not published: O); the final figures are A.
    Map<String, List<String>> summary2 =
        ReleaseJobTest.rows(releases.resolve("tokens-2026-03-v2/monthly_summary.csv"));
    assertThat(summary2.get(ReleaseJobTest.ENERGY).subList(1, 4)).containsExactly("E", "R", "F");
    assertThat(summary2.get("2026-03|national|CN|days_with_data"))
        .containsExactly("3", "A", "", "F");

    // A change outside tokenstats that an operator reviews and accepts.
    spark.sql(
        "ALTER TABLE delta.`" + gold + "utilization_daily` SET TBLPROPERTIES ('reviewed' = 'no')");
    spark.sql("UPDATE delta.`" + gold + "utilization_daily` SET utilization = utilization");
    long touched = version(spark, gold + "utilization_daily");
    Tokenstats.Outcome refused = run(dir, landing, "release", "--period", "2026-03");
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.err())
        .contains("gold.utilization_daily version " + touched + " (UPDATE")
        .doesNotContain("version " + (touched - 1));
    Tokenstats.Outcome accept =
        run(
            dir,
            landing,
            "repair",
            "--accept",
            "gold.utilization_daily@" + touched,
            "--reason",
            "a no-op update, checked");
    assertThat(accept.status()).as(accept.err()).isZero();
    // Nothing changed since v2: nothing is written, however often it is asked.
    for (int i = 0; i < 2; i++) {
      Tokenstats.Outcome again = run(dir, landing, "release", "--period", "2026-03");
      assertThat(again.status()).as(again.err()).isZero();
      assertThat(again.out()).contains("tokens-2026-03-v2 is up to date");
    }
    assertThat(releases.resolve("tokens-2026-03-v3")).doesNotExist();
  }

  static long version(SparkSession spark, String path) {
    return io.delta.tables.DeltaTable.forPath(spark, path)
        .history(1)
        .select("version")
        .head()
        .getLong(0);
  }

  static Tokenstats.Outcome run(Path dir, Path landing, String... args) {
    return Tokenstats.in(dir, landing, args);
  }
}
