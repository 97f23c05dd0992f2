package org.tokenstats.jobs.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.testing.SparkExtension;
import org.tokenstats.jobs.cli.Tokenstats;

/**
 * The layout end to end, from submissions to published files: zone east = hubs JJJ + YRD +
 * GBA; YRD and GBA (one region each) are served by provider x alone. A release that publishes east
 * and JJJ gives away east - JJJ = YRD + GBA = x's total. The published files are judged by an
 * intruder who knows the registry's hierarchy and every published figure, with the providers'
 * totals computed here from what was submitted.
 */
@ExtendWith(SparkExtension.class)
class DisclosureByDifferencingTest {

  static final String HEADER =
      "record_id,provider_id,event_time,model_id,region_code,input_tokens,output_tokens\n";

  /** region -> provider -> tokens per day, for 2026-03-01 .. 2026-03-04. */
  static final Map<String, Map<String, Long>> DAILY =
      Map.of(
          "CN-BJ", Map.of("a", 5_000L, "b", 4_000L, "c", 3_000L),
          "CN-TJ", Map.of("a", 400L, "d", 300L, "e", 300L),
          "CN-HE", Map.of("b", 7_000L, "d", 6_000L, "e", 6_500L),
          "CN-SH", Map.of("x", 9_000L),
          "CN-GD", Map.of("x", 8_000L),
          "CN-NM", Map.of("a", 1_000L, "b", 1_000L, "c", 1_000L),
          "CN-NX", Map.of("d", 900L, "e", 900L, "f", 900L));

  static final int DAYS = 4;

  @Test
  void aReleaseNeverPublishesBothATotalAndPartsThatLeaveOneProvider(
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
