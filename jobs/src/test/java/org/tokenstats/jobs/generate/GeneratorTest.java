package org.tokenstats.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.feed.UsageFeed;
import org.tokenstats.jobs.generate.SubmissionWriter.Format;
import org.tokenstats.jobs.generate.UsageGenerator.DayTotals;

class GeneratorTest {
  static final Path REFERENCE = Path.of("..", "data-samples", "reference");
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final ObjectMapper JSON = new ObjectMapper();

  static UsageGenerator.Options options(
      LocalDate from,
      LocalDate to,
      long n,
      long seed,
      double bad,
      double corrections,
      double late,
      Format format,
      boolean gzip) {
    return new UsageGenerator.Options(
        from,
        to,
        n,
        0,
        seed,
        format,
        gzip,
        2,
        bad,
        corrections,
        late,
        2,
        1e-4,
        SHANGHAI,
        Instant.parse("2026-11-01T00:00:00Z"));
  }

  @Test
  void trajectoryIsCalibratedToThePublishedFigures() {
    Trajectory t = Trajectory.PUBLISHED;
    assertThat(averageOf(t, YearMonth.of(2024, 1))).isCloseTo(1.0e11, within(0.02e11));
    assertThat(averageOf(t, YearMonth.of(2026, 3))).isCloseTo(1.4e14, within(0.02e14));
    double multiple = averageOf(t, YearMonth.of(2026, 3)) / averageOf(t, YearMonth.of(2024, 1));
    assertThat(multiple).isBetween(1350.0, 1450.0);
    assertThat(t.tokensOn(LocalDate.of(2025, 6, 30))).isCloseTo(3.0e13, within(1e9));
  }

  private static double averageOf(Trajectory t, YearMonth month) {
    double sum = 0;
    for (int d = 1; d <= month.lengthOfMonth(); d++) {
      sum += t.tokensOn(month.atDay(d));
    }
    return sum / month.lengthOfMonth();
  }

  @Test
  void diurnalProfileIsADistributionWithANightTrough() {
    double total = 0;
    for (int h = 0; h < 24; h++) {
      total += DiurnalProfile.share(h);
    }
    assertThat(total).isCloseTo(1.0, within(1e-9));
    assertThat(DiurnalProfile.share(4)).isLessThan(DiurnalProfile.share(15) / 3);
    assertThat(DiurnalProfile.hourAt(0.0)).isZero();
    assertThat(DiurnalProfile.hourAt(0.999999)).isEqualTo(23);
  }

  @Test
  void acceptedTokensPerReportingDayAddUpExactlyToTheTrajectory(@TempDir Path dir)
      throws IOException {
    LocalDate from = LocalDate.of(2026, 3, 14);
    LocalDate to = LocalDate.of(2026, 3, 16);
    List<DayTotals> totals =
        new UsageGenerator(
                ReferenceData.read(REFERENCE),
                options(from, to, 3000, 7, 0, 0, 0.1, Format.JSONL, true))
            .generate(dir);

    Map<LocalDate, Long> fromFiles = tokensPerReportingDay(dir);
    for (DayTotals t : totals) {
      long target = Math.round(Trajectory.PUBLISHED.tokensOn(t.day()) * 1e-4);
      assertThat(t.totalTokens()).as("generator's own total for %s", t.day()).isEqualTo(target);
      assertThat(fromFiles.get(t.day()))
          .as("tokens in the files for %s", t.day())
          .isEqualTo(target);
      assertThat(t.lateRecords()).isPositive();
    }
    assertThat(dir.resolve("usage/aurora/2026-03-18/late-2026-03-16.jsonl.gz")).exists();
  }

  @Test
  void correctionsReplaceEarlierValuesInTheExpectedTotals(@TempDir Path dir) throws IOException {
    LocalDate day = LocalDate.of(2026, 3, 14);
    List<DayTotals> totals =
        new UsageGenerator(
                ReferenceData.read(REFERENCE),
                options(day, day, 2000, 3, 0, 0.05, 0, Format.JSONL, false))
            .generate(dir);
    Map<String, JsonNode> latest = new HashMap<>();
    try (Stream<Path> files = Files.walk(dir.resolve("usage"))) {
      for (Path f :
          files.filter(Files::isRegularFile).sorted().toList()) { // path order: revision-1 last
        for (String line : Files.readAllLines(f)) {
          JsonNode r = JSON.readTree(line);
          latest.put(
              r.get(UsageFeed.PROVIDER_ID).asText() + "/" + r.get(UsageFeed.RECORD_ID).asText(), r);
        }
      }
    }
    long sum = latest.values().stream().mapToLong(GeneratorTest::tokens).sum();
    assertThat(totals.get(0).correctedRecords()).isPositive();
    assertThat(sum).isEqualTo(totals.get(0).totalTokens());
    assertThat(sum).isGreaterThan(Math.round(Trajectory.PUBLISHED.tokensOn(day) * 1e-4));
  }

  @Test
  void lateOriginalsAndTheirCorrectionsFollowTheFeedRuleHoweverTheyArrive(@TempDir Path dir)
      throws IOException {
    LocalDate from = LocalDate.of(2026, 3, 14);
    List<DayTotals> totals =
        new UsageGenerator(
                ReferenceData.read(REFERENCE),
                options(from, from.plusDays(4), 1000, 5, 0, 0.3, 0.3, Format.JSONL, false))
            .generate(dir);
    List<Path> files;
    try (Stream<Path> all = Files.walk(dir.resolve("usage"))) {
      files = all.filter(Files::isRegularFile).toList();
    }
    // All in one run: the later path wins. Night by night: the later folder (delivery day) wins,
    // then the later path. The feed rule, applied independently of the generator.
    List<Path> oneRun =
        files.stream().sorted(java.util.Comparator.comparing(Path::toString)).toList();
    List<Path> nightly =
        files.stream()
            .sorted(
                java.util.Comparator.comparing((Path f) -> f.getParent().getFileName().toString())
                    .thenComparing(Path::toString))
            .toList();
    for (List<Path> order : List.of(oneRun, nightly)) {
      Map<String, JsonNode> latest = new HashMap<>();
      for (Path f : order) {
        for (String line : Files.readAllLines(f)) {
          JsonNode r = JSON.readTree(line);
          latest.put(
              r.get(UsageFeed.PROVIDER_ID).asText() + "/" + r.get(UsageFeed.RECORD_ID).asText(), r);
        }
      }
      Map<LocalDate, Long> perDay = new HashMap<>();
      for (JsonNode r : latest.values()) {
        LocalDate day =
            OffsetDateTime.parse(r.get(UsageFeed.EVENT_TIME).asText())
                .atZoneSameInstant(SHANGHAI)
                .toLocalDate();
        perDay.merge(day, tokens(r), Long::sum);
      }
      for (DayTotals t : totals) {
        assertThat(t.correctedRecords()).isPositive();
        assertThat(t.lateRecords()).isPositive();
        assertThat(perDay.get(t.day()))
            .as("tokens of %s by the feed rule, as the generator expects", t.day())
            .isEqualTo(t.totalTokens());
      }
    }
  }

  @Test
  void sameSeedSameBytesAndAnotherSeedOtherRecords(@TempDir Path dir) throws IOException {
    LocalDate day = LocalDate.of(2026, 3, 14);
    ReferenceData ref = ReferenceData.read(REFERENCE);
    new UsageGenerator(ref, options(day, day, 500, 11, 0.05, 0.02, 0.05, Format.CSV, false))
        .generate(dir.resolve("a"));
    new UsageGenerator(ref, options(day, day, 500, 11, 0.05, 0.02, 0.05, Format.CSV, false))
        .generate(dir.resolve("b"));
    new UsageGenerator(ref, options(day, day, 500, 12, 0.05, 0.02, 0.05, Format.CSV, false))
        .generate(dir.resolve("c"));
    Path file = Path.of("usage", "aurora", "2026-03-14", "part-000.csv");
    assertThat(Files.readAllBytes(dir.resolve("a").resolve(file)))
        .isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(file)));
    assertThat(Files.readAllBytes(dir.resolve("a").resolve(file)))
        .isNotEqualTo(Files.readAllBytes(dir.resolve("c").resolve(file)));
    assertThat(Files.readAllLines(dir.resolve("a").resolve(file)).get(0))
        .isEqualTo(String.join(",", UsageFeed.FIELDS));
  }

  @Test
  void badRecordsCoverEveryDefectAndAreNotInTheTotals(@TempDir Path dir) throws IOException {
    LocalDate day = LocalDate.of(2026, 3, 14);
    List<DayTotals> totals =
        new UsageGenerator(
                ReferenceData.read(REFERENCE),
                options(day, day, 1400, 5, 0.01, 0, 0, Format.JSONL, false))
            .generate(dir);
    assertThat(totals.get(0).badRecords()).isEqualTo(14);
    Set<UsageGenerator.Defect> seen = EnumSet.noneOf(UsageGenerator.Defect.class);
    long parsedGoodTokens = 0;
    try (Stream<Path> files = Files.walk(dir.resolve("usage"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        for (String line : Files.readAllLines(f)) {
          if (line.contains("\"bad-")) {
            seen.add(defectOf(line));
          } else {
            parsedGoodTokens += tokens(JSON.readTree(line));
          }
        }
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(UsageGenerator.Defect.values());
    assertThat(parsedGoodTokens).isEqualTo(totals.get(0).totalTokens());
  }

  /** Recognises which defect a bad line carries, independently of the generator's code. */
  private static UsageGenerator.Defect defectOf(String line) throws IOException {
    JsonNode r;
    try {
      r = JSON.readTree(line);
    } catch (IOException e) {
      return UsageGenerator.Defect.MALFORMED_RECORD;
    }
    if (!r.has(UsageFeed.INPUT_TOKENS)) {
      return UsageGenerator.Defect.MISSING_FIELD;
    }
    String t = r.get(UsageFeed.EVENT_TIME).asText();
    if (!t.matches(".*(Z|[+-]\\d\\d:\\d\\d)$")) {
      return UsageGenerator.Defect.NO_OFFSET;
    }
    OffsetDateTime at;
    try {
      at = OffsetDateTime.parse(t);
    } catch (RuntimeException e) {
      return UsageGenerator.Defect.BAD_TIMESTAMP;
    }
    if (at.getYear() < 2020) {
      return UsageGenerator.Defect.TOO_OLD;
    }
    if (at.toInstant().isAfter(Instant.parse("2026-11-01T01:00:00Z"))) {
      return UsageGenerator.Defect.FUTURE_EVENT;
    }
    if (r.get(UsageFeed.OUTPUT_TOKENS).asLong() < 0) {
      return UsageGenerator.Defect.NEGATIVE_VALUE;
    }
    if (r.get(UsageFeed.PROVIDER_ID).asText().equals("no-such-provider")) {
      return UsageGenerator.Defect.UNKNOWN_PROVIDER;
    }
    if (r.get(UsageFeed.REGION_CODE).asText().equals("CN-XX")) {
      return UsageGenerator.Defect.UNKNOWN_REGION;
    }
    if (r.path(UsageFeed.DATACENTER_ID).asText().equals("DC-NO-SUCH-SITE")) {
      return UsageGenerator.Defect.UNKNOWN_DATACENTER;
    }
    if (r.get(UsageFeed.INPUT_TOKENS).asLong() > UsageFeed.MAX_TOKENS_PER_RECORD) {
      return UsageGenerator.Defect.OUT_OF_BOUNDS;
    }
    if (r.has(UsageFeed.CACHED_INPUT_TOKENS)
        && r.get(UsageFeed.CACHED_INPUT_TOKENS).asLong() > r.get(UsageFeed.INPUT_TOKENS).asLong()) {
      return UsageGenerator.Defect.CACHED_EXCEEDS_INPUT;
    }
    if (!UsageFeed.MODALITIES.contains(r.get(UsageFeed.MODALITY).asText())) {
      return UsageGenerator.Defect.BAD_VALUE;
    }
    String dc = r.path(UsageFeed.DATACENTER_ID).asText();
    String region = r.get(UsageFeed.REGION_CODE).asText();
    for (String row : Files.readAllLines(REFERENCE.resolve("datacenters.csv"))) {
      String[] cells = row.split(",");
      if (cells[0].equals(dc) && !cells[1].equals(region)) {
        return UsageGenerator.Defect.DATACENTER_REGION_MISMATCH;
      }
    }
    throw new AssertionError("a bad record with no recognisable defect: " + line);
  }

  @Test
  void tooFewRecordsForTheBoundsIsAUsageErrorThatSaysHowMany() {
    LocalDate day = LocalDate.of(2026, 3, 14);
    UsageGenerator.Options national =
        new UsageGenerator.Options(
            day, day, 100, 0, 1, Format.JSONL, false, 1, 0, 0, 0, 2, 1.0, SHANGHAI, Instant.now());
    assertThatThrownBy(
            () ->
                new UsageGenerator(ReferenceData.read(REFERENCE), national)
                    .generate(Path.of("/tmp/never")))
        .hasMessageContaining("--records-per-day")
        .hasMessageContaining(
            String.valueOf(
                UsageGenerator.minimumRecordsPerDay(Trajectory.PUBLISHED.tokensOn(day))));
  }

  private static long tokens(JsonNode r) {
    return Math.addExact(
        r.get(UsageFeed.INPUT_TOKENS).asLong(), r.get(UsageFeed.OUTPUT_TOKENS).asLong());
  }

  private static Map<LocalDate, Long> tokensPerReportingDay(Path dir) throws IOException {
    Map<LocalDate, Long> out = new HashMap<>();
    try (Stream<Path> files = Files.walk(dir.resolve("usage"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text =
            new String(
                new GZIPInputStream(Files.newInputStream(f)).readAllBytes(),
                StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
          JsonNode r = JSON.readTree(line);
          LocalDate day =
              OffsetDateTime.parse(r.get(UsageFeed.EVENT_TIME).asText())
                  .atZoneSameInstant(SHANGHAI)
                  .toLocalDate();
          out.merge(day, tokens(r), Math::addExact);
        }
      }
    }
    return out;
  }
}
