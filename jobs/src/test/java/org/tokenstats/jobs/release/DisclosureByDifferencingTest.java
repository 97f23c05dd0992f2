package org.tokenstats.jobs.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.table.OpsTables;
import org.tokenstats.common.testing.SparkExtension;
import org.tokenstats.jobs.cli.Tokenstats;
import org.tokenstats.jobs.ingest.IngestJob;
import org.tokenstats.jobs.ingest.IngestReport;
import org.tokenstats.jobs.testing.JobRuns;

/**
 * The layout end to end, from submissions to published files: zone east = hubs JJJ + YRD +
 * GBA; YRD and GBA (one region each) are served by provider x alone. A release that publishes east
 * and JJJ gives away east - JJJ = YRD + GBA = x's total. The published files are judged by an
 * intruder who knows the registry's hierarchy and every published figure, with the providers'
 * totals computed here from what was submitted. Then a region moves hub part-way through the month:
 * the next release must follow the move, from gold alone.
 */
@ExtendWith(SparkExtension.class)
class DisclosureByDifferencingTest {

  static final String HEADER =
      "record_id,provider_id,event_time,model_id,region_code,input_tokens,output_tokens\n";

  /**
   * region -> provider -> tokens per day, every day of March 2026 (a complete month: a month with
   * days without data is published only as an estimate, docs/releases.md).
   */
  static final Map<String, Map<String, Long>> DAILY =
      Map.of(
          "CN-BJ", Map.of("a", 5_000L, "b", 4_000L, "c", 3_000L),
          "CN-TJ", Map.of("a", 400L, "d", 300L, "e", 300L),
          "CN-HE", Map.of("b", 7_000L, "d", 6_000L, "e", 6_500L),
          "CN-SH", Map.of("x", 9_000L),
          "CN-GD", Map.of("x", 8_000L),
          "CN-NM", Map.of("a", 1_000L, "b", 1_000L, "c", 1_000L),
          "CN-NX", Map.of("d", 900L, "e", 900L, "f", 900L));

  static final int DAYS = 31;

  @Test
  void aReleaseNeverPublishesBothATotalAndPartsThatLeaveOneProviderNorFiguresPlacedTheOldWay(
      SparkSession spark, @TempDir Path dir) throws Exception {
    Path landing = writeLanding(dir);
    Tokenstats.Outcome nightly = Tokenstats.in(dir, landing, "nightly", "--date", "2026-04-06");
    assertThat(nightly.status()).as(nightly.out() + nightly.err()).isZero();
    Path release = dir.resolve("releases/tokens-2026-03-v1");
    assertThat(release).isDirectory();

    // What was published, and what is suppressed, of the month's tokens.
    Map<String, String> published = new TreeMap<>();
    Set<String> hidden = new TreeSet<>();
    for (String table : List.of("monthly_summary", "hub_monthly", "region_monthly")) {
      ReleaseJobTest.rows(release.resolve(table + ".csv"))
          .forEach(
              (k, v) -> {
                String[] key = k.split("\\|");
                if (key[0].equals("2026-03") && key[3].equals("total_tokens")) {
                  String cell = key[1] + ":" + key[2];
                  if (v.get(3).equals("F")) {
                    published.put(cell, v.get(0));
                  } else {
                    hidden.add(cell);
                  }
                }
              });
    }
    assertThat(hidden).contains("hub:YRD", "hub:GBA", "region:CN-SH", "region:CN-GD");
    assertThat(published.keySet().containsAll(Set.of("zone:east", "hub:JJJ")))
        .as("east and JJJ both published would give x's total: " + published.keySet())
        .isFalse();
    assertThat(published).containsKey("national:CN");

    // The intruder: the registry's hierarchy, contributions from the submissions.
    List<Disclosure.Equation> eqs =
        List.of(
            new Disclosure.Equation("national:CN", List.of("zone:east", "zone:west")),
            new Disclosure.Equation("zone:east", List.of("hub:JJJ", "hub:YRD", "hub:GBA")),
            new Disclosure.Equation("zone:west", List.of("hub:NMG")),
            new Disclosure.Equation(
                "hub:JJJ", List.of("region:CN-BJ", "region:CN-TJ", "region:CN-HE")),
            new Disclosure.Equation("hub:YRD", List.of("region:CN-SH")),
            new Disclosure.Equation("hub:GBA", List.of("region:CN-GD")),
            new Disclosure.Equation("hub:NMG", List.of("region:CN-NM", "region:CN-NX")));
    List<Disclosure.Cell> cells = new ArrayList<>();
    for (String cell : allCells()) {
      Map<String, Long> contributions = new TreeMap<>();
      for (var region : DAILY.entrySet()) {
        if (contains(cell, region.getKey())) {
          region.getValue().forEach((p, t) -> contributions.merge(p, t * DAYS, Long::sum));
        }
      }
      cells.add(
          new Disclosure.Cell(
              cell,
              0,
              contributions.values().stream().mapToLong(Long::longValue).sum(),
              contributions));
      if (published.containsKey(cell)) {
        assertThat(published.get(cell))
            .as(cell)
            .isEqualTo(Long.toString(contributions.values().stream().mapToLong(x -> x).sum()));
      }
    }
    // With only the primary cells hidden (what today's main published), x's total leaks.
    assertThat(
            DisclosureTest.BruteForce.disclosive(
                cells, eqs, Set.of("hub:YRD", "hub:GBA", "region:CN-SH", "region:CN-GD")))
        .contains(Set.of("hub:YRD", "hub:GBA"));
    assertThat(DisclosureTest.BruteForce.disclosive(cells, eqs, hidden))
        .as("sums of suppressed cells an intruder can compute and that fail the rules")
        .isEmpty();

    aRegionMovedToAnotherHubIsRecomputedBeforeTheNextRelease(spark, dir, landing);
  }

  /**
   * Then a region moves to another hub (and zone) part-way through the published month, and another
   * region is renamed. The move marks the curated days it changes for recompute (the rename marks
   * none); until they are curated no release is built; then the release reads only gold, with the
   * placements, names and providers' contributions curate wrote, and the hub figures follow the
   * move day by day.
   */
  private static void aRegionMovedToAnotherHubIsRecomputedBeforeTheNextRelease(
      SparkSession spark, Path dir, Path landing) throws Exception {
    assertThat(hubTokens(spark)).containsEntry("2026-03-03|JJJ", 32_500L);

    Map<String, List<String>> before =
        ReleaseJobTest.rows(dir.resolve("releases/tokens-2026-03-v1/hub_monthly.csv"));
    assertThat(before.get("2026-03|hub|NMG|total_tokens")).startsWith("176700"); // 5,700 x 31

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
    IngestReport ingest =
        JobRuns.run(dir, landing, "ingest", context -> new IngestJob(context).run());
    assertThat(ingest.withStatus(OpsTables.Submissions.INGESTED))
        .singleElement()
        .extracting(IngestReport.File::submission)
        .asString()
        .endsWith("/reference/regions.csv");
    assertThat(ingest.tablesWritten()).containsKeys("bronze.regions", "ops.touched_days");
    List<String> touched = new ArrayList<>();
    spark
        .sql(
            "SELECT CAST(report_date AS STRING) FROM ops.touched_days WHERE feed = 'reference'"
                + " ORDER BY 1")
        .collectAsList()
        .forEach(r -> touched.add(r.getString(0)));
    assertThat(touched).hasSize(29).startsWith("2026-03-03").endsWith("2026-03-31");

    Tokenstats.Outcome refused = Tokenstats.in(dir, landing, "release", "--period", "2026-03");
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.err())
        .contains("waiting to be curated (2026-03-03 .. 2026-03-31)")
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
        .startsWith("98400"); // 5,700 x 2 + 3,000 x 29
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

  static List<String> allCells() {
    return List.of(
        "national:CN",
        "zone:east",
        "zone:west",
        "hub:JJJ",
        "hub:YRD",
        "hub:GBA",
        "hub:NMG",
        "region:CN-BJ",
        "region:CN-TJ",
        "region:CN-HE",
        "region:CN-SH",
        "region:CN-GD",
        "region:CN-NM",
        "region:CN-NX");
  }

  /** Whether {@code region} lies in {@code cell} in this test's registry. */
  static boolean contains(String cell, String region) {
    Map<String, String> hub =
        Map.of(
            "CN-BJ", "JJJ", "CN-TJ", "JJJ", "CN-HE", "JJJ", "CN-SH", "YRD", "CN-GD", "GBA", "CN-NM",
            "NMG", "CN-NX", "NMG");
    String zone = Set.of("CN-NM", "CN-NX").contains(region) ? "west" : "east";
    return cell.equals("national:CN")
        || cell.equals("zone:" + zone)
        || cell.equals("hub:" + hub.get(region))
        || cell.equals("region:" + region);
  }

  /** The landing folder of this layout (registry and {@link #DAILY}'s usage), under dir. */
  static Path writeLanding(Path dir) throws Exception {
    Path landing = dir.resolve("landing");
    writeRegistry(landing.resolve("reference"));
    StringBuilder usage = new StringBuilder(HEADER);
    int n = 0;
    for (int day = 1; day <= DAYS; day++) {
      for (var region : new TreeMap<>(DAILY).entrySet()) {
        for (var p : new TreeMap<>(region.getValue()).entrySet()) {
          usage.append(
              String.format(
                  "r%d,%s,2026-03-%02dT12:00:00+08:00,m1,%s,%d,0%n",
                  ++n, p.getKey(), day, region.getKey(), p.getValue()));
        }
      }
    }
    Files.createDirectories(landing.resolve("usage/all"));
    Files.writeString(landing.resolve("usage/all/2026-03.csv"), usage.toString());
    return landing;
  }

  static void writeRegistry(Path reference) throws Exception {
    Files.createDirectories(reference);
    Files.writeString(
        reference.resolve("hubs.csv"),
        "hub_code,name,kind,valid_from,valid_to\n"
            + "JJJ,Hub A,hub,2020-01-01,\n"
            + "YRD,Hub B,hub,2020-01-01,\n"
            + "GBA,Hub C,hub,2020-01-01,\n"
            + "NMG,Hub W,hub,2020-01-01,\n");
    Files.writeString(
        reference.resolve("regions.csv"),
        "region_code,name,hub_code,zone,valid_from,valid_to\n"
            + "CN-BJ,Beijing,JJJ,east,2020-01-01,\n"
            + "CN-TJ,Tianjin,JJJ,east,2020-01-01,\n"
            + "CN-HE,Hebei,JJJ,east,2020-01-01,\n"
            + "CN-SH,Shanghai,YRD,east,2020-01-01,\n"
            + "CN-GD,Guangdong,GBA,east,2020-01-01,\n"
            + "CN-NM,Inner Mongolia,NMG,west,2020-01-01,\n"
            + "CN-NX,Ningxia,NMG,west,2020-01-01,\n");
    Files.writeString(
        reference.resolve("providers.csv"),
        "provider_id,name,headquarters_country,valid_from,valid_to\n"
            + "a,A,CN,2020-01-01,\n"
            + "b,B,CN,2020-01-01,\n"
            + "c,C,CN,2020-01-01,\n"
            + "d,D,CN,2020-01-01,\n"
            + "e,E,CN,2020-01-01,\n"
            + "f,F,CN,2020-01-01,\n"
            + "x,X,CN,2020-01-01,\n");
    Files.writeString(
        reference.resolve("datacenters.csv"),
        "datacenter_id,region_code,accelerator_count,accelerator_type,accelerator_watts,pue,racks,"
            + "pflops_fp16,valid_from,valid_to\n");
  }
}
