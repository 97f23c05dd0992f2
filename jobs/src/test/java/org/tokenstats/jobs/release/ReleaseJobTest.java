package org.tokenstats.jobs.release;

import static org.apache.spark.sql.functions.max;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.testing.SparkExtension;
import org.tokenstats.jobs.cli.Tokenstats;

/**
 * Releases end to end on the samples: the calendar in nightly (provisional, nothing due, a revision
 * after late data, final), immutability, the files' safety and checksums, disclosure against an
 * intruder, reproduction byte for byte (and its failure on a changed file), and the bulletin as
 * headless Chromium draws it.
 */
@ExtendWith(SparkExtension.class)
class ReleaseJobTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /** March's national energy per million tokens, which the late record (with energy) revises. */
  static final String ENERGY = "2026-03|national|CN|kwh_per_million_tokens";

  @Test
  void calendarRevisionsReproductionAndTheBulletin(SparkSession spark, @TempDir Path dir)
      throws Exception {
    Path landing = dir.resolve("landing");
    Tokenstats.copyTree(Tokenstats.SAMPLES, landing);
    // A registry name that a spreadsheet would evaluate: it must stay text.
    Path regions = landing.resolve("reference/regions.csv");
    Files.writeString(
        regions, Files.readString(regions).replace("CN-BJ,Beijing,", "CN-BJ,=1+2 Beijing,"));
    Path releases = dir.resolve("releases");

    // 2026-04-05: March is due (provisional); February has no data and is skipped.
    Tokenstats.Outcome first = run(dir, landing, "nightly", "--date", "2026-04-05");
    assertThat(first.status()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("no curated data for 2026-02")
        .contains("published tokens-2026-03-v1 (provisional");
    Path v1 = releases.resolve("tokens-2026-03-v1");
    JsonNode m1 = checkFiles(v1);
    assertThat(m1.path("status").asText()).isEqualTo("provisional");
    assertThat(m1.path("table_versions").path("gold.token_daily").asLong()).isPositive();
    assertThat(
            m1.path("configuration").path("tokenstats.release.disclosure.min-providers").asText())
        .isEqualTo("3");
    // The samples hold 3 days of March: too few to publish the month (O), its days are.
    Map<String, List<String>> summary1 = rows(v1.resolve("monthly_summary.csv"));
    assertThat(summary1.get("2026-03|national|CN|total_tokens")).containsExactly("", "O", "", "F");
    assertThat(summary1.get("2026-03|national|CN|days_with_data"))
        .containsExactly("3", "P", "", "F");
    List<String> energy1 = summary1.get(ENERGY);
    // Most of the samples' energy is estimated from accelerator time: E.
    assertThat(energy1.subList(1, 4)).containsExactly("E", "", "F");
    // Value per CNY of energy: March's billed over energy cost from gold, over records with both.
    Row value =
        spark
            .sql(
                "SELECT sum(value_billed_cny) / sum(value_cost_cny), sum(tokens_valued) /"
                    + " sum(total_tokens) FROM delta.`"
                    + dir.resolve("warehouse/gold/energy_daily")
                    + "` WHERE level = 'national' AND report_date BETWEEN '2026-03-01' AND"
                    + " '2026-03-31'")
            .head();
    assertThat(value.getDouble(1))
        .as("samples' value coverage, the default threshold")
        .isGreaterThanOrEqualTo(0.5);
    List<String> multiple = summary1.get("2026-03|national|CN|value_multiple");
    assertThat(Double.parseDouble(multiple.get(0)))
        .isCloseTo(value.getDecimal(0).doubleValue(), org.assertj.core.api.Assertions.within(1e-6));
    assertThat(multiple.subList(1, 4)).containsExactly("E", "", "F");
    assertThat(Files.readString(v1.resolve("region_monthly.csv")))
        .contains(",CN-BJ,\"'=1+2 Beijing\",");
    Map<String, String> v1Bytes = bytes(v1);
    checkDisclosure(spark, v1);

    // 2026-04-06: nothing new; March is published (February, still due, has no data).
    Tokenstats.Outcome quiet = run(dir, landing, "nightly", "--date", "2026-04-06");
    assertThat(quiet.status()).as(quiet.err()).isZero();
    assertThat(quiet.out()).doesNotContain("2026-03 (").doesNotContain("published");
    assertThat(releases.resolve("tokens-2026-03-v2")).doesNotExist();

    // A late submission for 2026-03-15 arrives: the next nightly revises March.
    Path late = landing.resolve("usage/osmanthus/2026-04-08/late.csv");
    Files.createDirectories(late.getParent());
    Files.writeString(
        late,
        "record_id,provider_id,event_time,model_id,region_code,datacenter_id,request_count,"
            + "input_tokens,output_tokens,cached_input_tokens,accelerator_seconds,energy_kwh,"
            + "billed_amount_cny,modality\n"
            + "o-late-1,osmanthus,2026-03-15T10:00:00+08:00,osmanthus-chat,CN-GZ,DC-GZ-GA-01,"
            + "10,700000,300000,,100.0,,1.0,text\n");
    Tokenstats.Outcome revision = run(dir, landing, "nightly", "--date", "2026-04-08");
    assertThat(revision.status()).as(revision.err()).isZero();
    assertThat(revision.out())
        .contains("published tokens-2026-03-v2 (revised, revises tokens-2026-03-v1");
    Path v2 = releases.resolve("tokens-2026-03-v2");
    JsonNode m2 = checkFiles(v2);
    assertThat(m2.path("status").asText()).isEqualTo("revised");
    assertThat(m2.path("revises").asText()).isEqualTo("tokens-2026-03-v1");
    assertThat(m2.path("revision_reason").asText())
        .contains("late data or corrections")
        .contains("late.csv");
    List<String> changed = new ArrayList<>();
    m2.path("changes")
        .forEach(
            c ->
                changed.add(
                    c.path("table").asText()
                        + "|"
                        + c.path("period").asText()
                        + "|"
                        + c.path("geo_code").asText()
                        + "|"
                        + c.path("measure").asText()
                        + "|"
                        + c.path("previous_value").asText()
                        + ">"
                        + c.path("value").asText()));
    // The late record carries accelerator time: March's energy per token moves.
    List<String> energy2 = rows(v2.resolve("monthly_summary.csv")).get(ENERGY);
    assertThat(energy2.get(0)).isNotEqualTo(energy1.get(0));
    assertThat(energy2.subList(1, 4)).containsExactly("E", "R", "F");
    assertThat(changed)
        .contains(
            "monthly_summary|2026-03|CN|kwh_per_million_tokens|"
                + energy1.get(0)
                + ">"
                + energy2.get(0));
    assertThat(rows(v2.resolve("monthly_summary.csv")).get("2026-03|national|CN|total_tokens"))
        .containsExactly("", "O", "", "F");
    assertThat(bytes(v1)).as("a published release never changes").isEqualTo(v1Bytes);

    // 2026-05-30: March is final; no figure changed since v2.
    Tokenstats.Outcome fin = run(dir, landing, "nightly", "--date", "2026-05-30");
    assertThat(fin.status()).as(fin.err()).isZero();
    Path v3 = releases.resolve("tokens-2026-03-v3");
    JsonNode m3 = checkFiles(v3);
    assertThat(m3.path("status").asText()).isEqualTo("final");
    assertThat(m3.path("changes")).isEmpty();
    assertThat(rows(v3.resolve("monthly_summary.csv")).get(ENERGY))
        .containsExactly(energy2.get(0), "E", "", "F");
    assertThat(rows(v3.resolve("monthly_summary.csv")).get("2026-03|national|CN|days_with_data"))
        .containsExactly("3", "A", "", "F");
    // Asked again today: nothing changed, nothing written.
    Tokenstats.Outcome again = run(dir, landing, "release", "--period", "2026-03");
    assertThat(again.status()).as(again.err()).isZero();
    assertThat(again.out()).contains("tokens-2026-03-v3 is up to date");
    assertThat(releases.resolve("tokens-2026-03-v4")).doesNotExist();
    assertThat(run(dir, landing, "release", "--period", "2099-01").status()).isEqualTo(2);
    Tokenstats.Outcome empty = run(dir, landing, "release", "--period", "2025-01");
    assertThat(empty.status()).isEqualTo(1);
    assertThat(empty.err()).contains("Nothing to publish for 2025-01");

    // Reproduction: v1 from older table versions, v2 with its revision marks.
    for (String id : List.of("tokens-2026-03-v1", "tokens-2026-03-v2")) {
      Tokenstats.Outcome r = run(dir, landing, "reproduce", "--release", id);
      assertThat(r.status()).as(r.out() + r.err()).isZero();
      assertThat(r.out())
          .contains("every file of " + id + " is identical")
          .doesNotContain("DIFFERS");
    }
    // Every input is gold; a release published before curate kept the geography pinned
    // bronze.regions and bronze.hubs instead, and reproduce still rebuilds it from them.
    List<String> pinned = new ArrayList<>();
    m1.path("table_versions").fieldNames().forEachRemaining(pinned::add);
    assertThat(pinned)
        .contains("gold.geography", "gold.provider_contributions_daily")
        .allMatch(t -> t.startsWith("gold."), "a release reads gold only");
    Path manifest1 = v1.resolve(Manifest.FILE);
    ObjectNode legacy = (ObjectNode) JSON.readTree(manifest1.toFile());
    ObjectNode versions = (ObjectNode) legacy.path("table_versions");
    versions.remove(List.of("gold.geography", "gold.provider_contributions_daily"));
    for (String registry : List.of("bronze.regions", "bronze.hubs")) {
      versions.put(
          registry,
          spark.sql("DESCRIBE HISTORY " + registry).agg(max("version")).first().getLong(0));
    }
    manifest1.toFile().setWritable(true);
    Files.writeString(manifest1, Manifest.parse(JSON.writeValueAsString(legacy)).toJson());
    Tokenstats.Outcome old = run(dir, landing, "reproduce", "--release", "tokens-2026-03-v1");
    assertThat(old.status()).as(old.out() + old.err()).isZero();
    assertThat(old.out()).contains("every file of tokens-2026-03-v1 is identical");

    Path tampered = v2.resolve("national_daily.csv");
    assertThat(Files.getPosixFilePermissions(tampered))
        .as("published files are read-only")
        .doesNotContain(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    tampered.toFile().setWritable(true);
    Files.writeString(tampered, Files.readString(tampered).replaceFirst("China", "Chinx"));
    Tokenstats.Outcome broken = run(dir, landing, "reproduce", "--release", "tokens-2026-03-v2");
    assertThat(broken.status()).isEqualTo(1);
    assertThat(broken.out()).containsPattern("national_daily.csv +DIFFERS");
    assertThat(broken.out()).containsPattern("region_monthly.csv +identical");

    // The samples' March has 3 reported days, all confidential: no chart has a point to draw.
    checkBulletin(v3, Path.of("target", "bulletin-screenshot.png").toAbsolutePath(), false);
  }

  static Tokenstats.Outcome run(Path dir, Path landing, String... args) {
    return Tokenstats.in(dir, landing, args);
  }

  /** Checksums and row counts as the manifest says; RFC 4180; plain numbers; CSVW matches. */
  static JsonNode checkFiles(Path release) throws Exception {
    JsonNode manifest = JSON.readTree(release.resolve("manifest.json").toFile());
    Set<String> listed = new TreeSet<>();
    for (JsonNode f : manifest.path("files")) {
      Path file = release.resolve(f.path("name").asText());
      byte[] content = Files.readAllBytes(file);
      listed.add(f.path("name").asText());
      assertThat(ReleaseFolder.sha256(content))
          .as(file.toString())
          .isEqualTo(f.path("sha256").asText());
      assertThat((long) content.length).isEqualTo(f.path("bytes").asLong());
      if (f.path("name").asText().equals(RevisionTriangle.FILE)) {
        List<List<String>> rows = SafeCsv.parse(new String(content, StandardCharsets.UTF_8));
        assertThat(rows.get(0)).isEqualTo(RevisionTriangle.COLUMNS);
        assertThat((long) rows.size() - 1).isEqualTo(f.path("rows").asLong());
        for (List<String> r : rows.subList(1, rows.size())) {
          assertThat(r.get(9)).isIn("A", "P", "E", "O", "M", "Q");
        }
      } else if (f.path("name").asText().startsWith(SdmxEdition.FOLDER + "/")
          && file.toString().endsWith(".csv")) {
        List<List<String>> rows = SafeCsv.parse(new String(content, StandardCharsets.UTF_8));
        assertThat(rows.get(0)).isEqualTo(SdmxEdition.CSV_COLUMNS);
        assertThat((long) rows.size() - 1).isEqualTo(f.path("rows").asLong());
      } else if (file.toString().endsWith(".csv")) {
        String text = new String(content, StandardCharsets.UTF_8);
        assertThat(text).doesNotStartWith("\uFEFF");
        assertThat(text.replace("\r\n", "")).doesNotContain("\n");
        List<List<String>> rows = SafeCsv.parse(text);
        assertThat(rows.get(0)).isEqualTo(ReleaseTable.COLUMNS);
        assertThat((long) rows.size() - 1).isEqualTo(f.path("rows").asLong());
        for (List<String> r : rows.subList(1, rows.size())) {
          assertThat(r).hasSize(ReleaseTable.COLUMNS.size());
          String value = r.get(6);
          if (!value.isEmpty()) {
            assertThat(value).matches("-?[0-9]+(\\.[0-9]+)?");
            new BigDecimal(value);
          }
          assertThat(r.get(7)).isIn("A", "P", "E", "O", "M");
          assertThat(r.get(8)).isIn("", "R");
          assertThat(r.get(9)).isIn("F", "C", "D");
          if (!r.get(9).equals("F")) {
            assertThat(value).isEmpty();
          }
        }
        JsonNode csvw =
            JSON.readTree(release.resolve(file.getFileName() + "-metadata.json").toFile());
        assertThat(csvw.path("url").asText()).isEqualTo(file.getFileName().toString());
        List<String> names = new ArrayList<>();
        csvw.path("tableSchema").path("columns").forEach(c -> names.add(c.path("name").asText()));
        assertThat(names).isEqualTo(ReleaseTable.COLUMNS);
      }
    }
    if (manifest.path("release_format").asInt(Manifest.FORMAT_1) >= Manifest.FORMAT_2) {
      assertThat(listed).contains(RevisionTriangle.FILE, RevisionTriangle.METADATA_FILE);
      // A real CSVW processor reads every CSV file with its metadata, losing nothing.
      assertThat(CsvwProcessor.check(release)).contains("ok " + RevisionTriangle.FILE);
      // The SDMX editions read with the release's own SDMX-ML structure.
      assertThat(listed).contains(SdmxEdition.STRUCTURE_FILE);
      assertThat(SdmxCheck.check(release)).isPositive();
    }
    Set<String> present = new TreeSet<>(ReleaseFolder.fileNames(release));
    present.remove("manifest.json");
    assertThat(present).isEqualTo(listed);
    return manifest;
  }

  /** Key period|level|code|measure to value, obs_status, revision, conf_status. */
  static Map<String, List<String>> rows(Path csv) throws Exception {
    Map<String, List<String>> out = new TreeMap<>();
    List<List<String>> rows = SafeCsv.parse(Files.readString(csv));
    for (List<String> r : rows.subList(1, rows.size())) {
      out.put(String.join("|", r.get(0), r.get(1), r.get(2), r.get(4)), r.subList(6, 10));
    }
    return out;
  }

  /** File name to SHA-256 of its bytes. */
  static Map<String, String> bytes(Path dir) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (String name : ReleaseFolder.fileNames(dir)) {
      out.put(name, ReleaseFolder.sha256(Files.readAllBytes(dir.resolve(name))));
    }
    return out;
  }

  /**
   * Disclosure, checked independently of the release code: primary cells against the providers in
   * gold.token_daily, and an intruder who knows the hierarchy from the registry recovers nothing.
   */
  static void checkDisclosure(SparkSession spark, Path release) throws Exception {
    Map<String, Long> truth = new HashMap<>();
    Set<String> hidden = new TreeSet<>();
    for (String table : List.of("monthly_summary", "hub_monthly", "region_monthly")) {
      rows(release.resolve(table + ".csv"))
          .forEach(
              (k, v) -> {
                String[] key = k.split("\\|");
                if (key[0].equals("2026-03") && key[3].equals("total_tokens")) {
                  String cell = key[1] + ":" + key[2];
                  if (v.get(0).isEmpty()) {
                    hidden.add(cell);
                  } else {
                    truth.put(cell, Long.parseLong(v.get(0)));
                  }
                }
              });
    }
    // Providers per region in March, straight from gold.
    Map<String, List<Long>> providers = new HashMap<>();
    for (Row r :
        spark
            .sql(
                "SELECT region_code, provider_id, sum(total_tokens) FROM gold.token_daily"
                    + " WHERE report_date BETWEEN '2026-03-01' AND '2026-03-31' GROUP BY 1, 2")
            .collectAsList()) {
      providers
          .computeIfAbsent("region:" + r.getString(0), k -> new ArrayList<>())
          .add(r.getLong(2));
    }
    providers.forEach(
        (cell, p) -> {
          List<Long> sorted = p.stream().sorted((a, b) -> Long.compare(b, a)).toList();
          long total = sorted.stream().mapToLong(Long::longValue).sum();
          boolean confidential = sorted.size() < 3 || sorted.get(0) + sorted.get(1) > 0.85 * total;
          if (confidential) {
            assertThat(hidden).as(cell).contains(cell);
          }
        });
    // The hierarchy from the registry: region -> hub (or zone) -> zone -> national.
    Map<String, List<String>> parts = new TreeMap<>();
    for (Row r :
        spark
            .sql("SELECT region_code, hub_code, zone FROM bronze.regions WHERE valid_to IS NULL")
            .collectAsList()) {
      String region = "region:" + r.getString(0);
      if (!truth.containsKey(region) && !hidden.contains(region)) {
        continue;
      }
      String parent =
          r.isNullAt(1) || r.getString(1).isEmpty()
              ? "zone:" + r.getString(2)
              : "hub:" + r.getString(1);
      parts.computeIfAbsent(parent, k -> new ArrayList<>()).add(region);
      if (parent.startsWith("hub:")) {
        List<String> zone = parts.computeIfAbsent("zone:" + r.getString(2), k -> new ArrayList<>());
        if (!zone.contains(parent)) {
          zone.add(parent);
        }
      }
      List<String> nation = parts.computeIfAbsent("national:CN", k -> new ArrayList<>());
      if (!nation.contains("zone:" + r.getString(2))) {
        nation.add("zone:" + r.getString(2));
      }
    }
    List<Disclosure.Equation> eqs = new ArrayList<>();
    parts.forEach((t, p) -> eqs.add(new Disclosure.Equation(t, p)));
    assertThat(hidden).isNotEmpty();
    // the intruder needs the true values only to check what it derives
    Map<String, Long> all = new HashMap<>(truth);
    for (Row r :
        spark
            .sql(
                "SELECT level, code, sum(total_tokens) FROM gold.token_daily_rollup WHERE"
                    + " report_date BETWEEN '2026-03-01' AND '2026-03-31' GROUP BY 1, 2")
            .collectAsList()) {
      all.put(r.getString(0) + ":" + r.getString(1), r.getLong(2));
    }
    assertThat(DisclosureTest.Attacker.recover(eqs, all, hidden)).isEmpty();
    assertThat(Disclosure.recoverable(eqs, hidden)).isEmpty();
  }

  /**
   * Headless Chromium draws the bulletin: with its charts (the series colour shows, each image
   * described in its alt text) when {@code charted}, else a sentence in place of each chart and no
   * empty frame.
   */
  static void checkBulletin(Path release, Path shot, boolean charted) throws Exception {
    String page = Files.readString(release.resolve("bulletin.html"));
    for (String id : List.of("chart-daily", "chart-growth")) {
      if (charted) {
        assertThat(page)
            .containsPattern("<img id=\"" + id + "\" src=\"[^\"]+\\.png\" [^>]*alt=\"Line chart");
      } else {
        assertThat(page).containsPattern("<p id=\"" + id + "\" class=\"nochart\">No national ");
      }
    }
    assertThat(page.contains("<img")).as("an image in the bulletin").isEqualTo(charted);
    // Written for people: a generated headline, what changed, the next dates, the publisher.
    assertThat(page)
        .containsPattern("<p id=\"headline\" class=\"headline\">[^<]*March 2026[^<]*</p>")
        .containsPattern("<p id=\"changes\">[^<]+</p>")
        .containsPattern("<p id=\"next-release\">[^<]*on 20[0-9]{2}-[0-9]{2}-[0-9]{2}")
        .contains("<p class=\"meta\" id=\"publisher\">Published by tokenstats.");
    BufferedImage image = screenshot(release.resolve("bulletin.html"), shot, 900, 1400);
    assertThat(image.getWidth()).isEqualTo(900);
    int series = seriesPixels(image);
    int dark = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        if (((rgb >> 16) & 0xFF) < 80 && ((rgb >> 8) & 0xFF) < 80 && (rgb & 0xFF) < 80) {
          dark++;
        }
      }
    }
    // The growth chart's March point (6 x 6 px) at least; text of the page (headlines, links).
    if (charted) {
      assertThat(series).as("chart pixels in the series colour").isGreaterThanOrEqualTo(20);
    } else {
      assertThat(series).as("chart pixels in the series colour").isZero();
    }
    assertThat(dark).as("text pixels").isGreaterThan(2000);
    if (charted) {
      // The SVG edition of the daily chart, drawn by the browser: its line in the series colour.
      Path svg = shot.resolveSibling(shot.getFileName() + "-daily-svg.png");
      BufferedImage chart =
          screenshot(release.resolve(SvgChart.DAILY), svg, Charts.WIDTH, Charts.HEIGHT);
      assertThat(seriesPixels(chart)).as("SVG series pixels").isGreaterThanOrEqualTo(20);
    }
  }

  static int seriesPixels(BufferedImage image) {
    int series = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) == (Charts.LINE.getRGB() & 0xFFFFFF)) {
          series++;
        }
      }
    }
    return series;
  }

  /** Headless Chromium's screenshot of {@code page} at {@code width} x {@code height}. */
  static BufferedImage screenshot(Path page, Path shot, int width, int height) throws Exception {
    Path chromium = Path.of("/usr/bin/chromium");
    if (System.getenv("TOKENSTATS_REQUIRE_SYSTEM_PACKAGES") == null) {
      Assumptions.assumeTrue(Files.isExecutable(chromium), "Debian's chromium is not installed");
    }
    assertThat(chromium).as("bin/test installs chromium").isExecutable();
    // A profile of its own (two test JVMs may run Chromium at once), deleted afterwards.
    Path profile = Files.createTempDirectory("chromium-profile");
    try {
      return screenshot(chromium, profile, page, shot, width, height);
    } finally {
      try {
        ReleaseFolder.deleteTree(profile);
      } catch (UncheckedIOException e) {
        // A Chromium still running (timed out) keeps writing there: leave it, keep the failure.
      }
    }
  }

  private static BufferedImage screenshot(
      Path chromium, Path profile, Path page, Path shot, int width, int height) throws Exception {
    Process p =
        new ProcessBuilder(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height,
                "--screenshot=" + shot,
                page.toUri().toString())
            .redirectErrorStream(true)
            .redirectOutput(shot.resolveSibling(shot.getFileName() + "-chromium.log").toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    assertThat(p.exitValue())
        .as(Files.readString(shot.resolveSibling(shot.getFileName() + "-chromium.log")))
        .isZero();
    return ImageIO.read(shot.toFile());
  }
}
