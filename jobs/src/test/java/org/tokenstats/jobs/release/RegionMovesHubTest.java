package org.tokenstats.jobs.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * A region moves to another hub (and zone) part-way through a published month, and another region
 * is renamed. The move marks the curated days it changes for recompute (the rename marks none);
 * until they are curated no release is built; then the release reads only gold, with the
 * placements, names and providers' contributions curate wrote, and the hub figures follow the move
 * day by day.
 */
@ExtendWith(SparkExtension.class)
class RegionMovesHubTest {

  @Test
  void aRegionMovedToAnotherHubIsRecomputedBeforeTheNextRelease(
      SparkSession spark, @TempDir Path dir) throws Exception {
    Path landing = DisclosureByDifferencingTest.writeLanding(dir);
    Tokenstats.Outcome first = Tokenstats.in(dir, landing, "nightly", "--date", "2026-04-06");
    assertThat(first.status()).as(first.out() + first.err()).isZero();
    assertThat(hubTokens(spark)).containsEntry("2026-03-03|JJJ", 32_500L);

    Map<String, List<String>> before =
        ReleaseJobTest.rows(dir.resolve("releases/tokens-2026-03-v1/hub_monthly.csv"));
    assertThat(before.get("2026-03|hub|NMG|total_tokens")).startsWith("22800");

    // From 2026-03-03 Ningxia is served by JJJ (in the east); Beijing is renamed.
    Files.writeString(
        landing.resolve("reference/regions.csv"),
        "region_code,name,hub_code,zone,valid_from,valid_to\n"
            + "CN-BJ,Peking,JJJ,east,2020-01-01,\n"
            + "CN-TJ,Tianjin,JJJ,east,2020-01-01,\n"
            + "CN-HE,Hebei,JJJ,east,2020-01-01,\n"
            + "CN-SH,Shanghai,YRD,east,2020-01-01,\n"
            + "CN-GD,Guangdong,GBA,east,2020-01-01,\n"
            + "CN-NM,Inner Mongolia,NMG,west,2020-01-01,\n"
            + "CN-NX,Ningxia,NMG,west,2020-01-01,2026-03-03\n"
            + "CN-NX,Ningxia,JJJ,east,2026-03-03,\n");
    Tokenstats.Outcome ingest = Tokenstats.in(dir, landing, "ingest");
    assertThat(ingest.status()).as(ingest.out() + ingest.err()).isZero();
    List<String> touched = new ArrayList<>();
    spark
        .sql(
            "SELECT CAST(report_date AS STRING) FROM ops.touched_days WHERE feed = 'reference'"
                + " ORDER BY 1")
        .collectAsList()
        .forEach(r -> touched.add(r.getString(0)));
    assertThat(touched).containsExactly("2026-03-03", "2026-03-04");

    Tokenstats.Outcome refused = Tokenstats.in(dir, landing, "release", "--period", "2026-03");
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.err())
        .contains("waiting to be curated (2026-03-03, 2026-03-04)")
        .contains("bin/tokenstats curate");

    Tokenstats.Outcome second = Tokenstats.in(dir, landing, "nightly", "--date", "2026-04-07");
    assertThat(second.status()).as(second.out() + second.err()).isZero();
    assertThat(second.out()).contains("published tokens-2026-03-v2 (revised");
    Map<String, Long> hubs = hubTokens(spark);
    assertThat(hubs)
        .containsEntry("2026-03-02|JJJ", 32_500L)
        .containsEntry("2026-03-02|NMG", 5_700L);
    assertThat(hubs)
        .containsEntry("2026-03-03|JJJ", 35_200L)
        .containsEntry("2026-03-03|NMG", 3_000L);
    assertThat(
            spark
                .sql(
                    "SELECT r.report_date, r.level, r.code FROM gold.token_daily_rollup r LEFT JOIN"
                        + " (SELECT report_date, level, code, sum(total_tokens) AS t, count(*) AS p"
                        + " FROM gold.provider_contributions_daily GROUP BY 1, 2, 3) c USING"
                        + " (report_date, level, code) WHERE c.t IS NULL OR c.t <> r.total_tokens"
                        + " OR c.p <> r.providers")
                .count())
        .as("the roll-up is the sum of the providers' contributions")
        .isZero();
    assertThat(
            spark
                .sql("SELECT name FROM gold.geography WHERE level = 'region' AND code = 'CN-BJ'")
                .collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("Peking");

    Path v2 = dir.resolve("releases/tokens-2026-03-v2");
    JsonNode manifest = ReleaseJobTest.checkFiles(v2);
    List<String> pinned = new ArrayList<>();
    manifest.path("table_versions").fieldNames().forEachRemaining(pinned::add);
    assertThat(pinned)
        .contains("gold.geography", "gold.provider_contributions_daily")
        .allMatch(t -> t.startsWith("gold."), "a release reads gold only");
    assertThat(
            ReleaseJobTest.rows(v2.resolve("hub_monthly.csv")).get("2026-03|hub|NMG|total_tokens"))
        .startsWith("17400");
    assertThat(Files.readString(v2.resolve("region_monthly.csv"))).contains(",CN-BJ,Peking,");
    Tokenstats.Outcome reproduced =
        Tokenstats.in(dir, landing, "reproduce", "--release", "tokens-2026-03-v2");
    assertThat(reproduced.status()).as(reproduced.out() + reproduced.err()).isZero();
  }

  /** day|hub to the hub's tokens that day, from the curated roll-up. */
  private static Map<String, Long> hubTokens(SparkSession spark) {
    Map<String, Long> out = new TreeMap<>();
    for (Row r :
        spark
            .sql(
                "SELECT CAST(report_date AS STRING), code, total_tokens FROM"
                    + " gold.token_daily_rollup WHERE level = 'hub'")
            .collectAsList()) {
      out.put(r.getString(0) + "|" + r.getString(1), r.getLong(2));
    }
    return out;
  }
}
