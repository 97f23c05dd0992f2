package org.tokenstats.jobs.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a month gets a new version: only when a published figure, a flag or the status changed,
 * judged against the files of its latest release. Rebuilding the same content, however often, is no
 * change; revision marks alone are none either.
 */
class ReleaseDifferenceTest {

  static Manifest manifest(String id) {
    return new Manifest(
        id,
        "t",
        "2026-03",
        1,
        "2026-04-05T00:00:00Z",
        "2026-04-05",
        Manifest.PROVISIONAL,
        null,
        null,
        List.of(),
        Map.of(),
        ReleaseBuilderTest.CONFIG.toMap(),
        "test",
        new Manifest.Suppressions(0, 0),
        List.of(),
        List.of());
  }

  @Test
  void sameFiguresNoVersionAFlagOrAFigureOrARowANewOne(@TempDir Path root) {
    ReleaseBuilder.Content content =
        ReleaseBuilder.build(
            ReleaseBuilderTest.data(),
            ReleaseBuilderTest.CONFIG,
            true,
            LocalDate.of(2026, 4, 5),
            Map.of());
    ReleaseFolder.publish(root, manifest("tokens-2026-03-v1"), content, "run");
    PublishedReleases releases = PublishedReleases.in(root);
    Manifest latest = releases.latest("2026-03").orElseThrow();

    assertThat(ReleaseJob.differenceFrom(latest, content, releases).none()).isTrue();
    // Revision marks are relative to the release before: not a change in themselves.
    assertThat(
            ReleaseJob.differenceFrom(latest, map(content, 0, o -> o.withRevision("R")), releases)
                .none())
        .isTrue();
    // A flag: obs_status E instead of P, same value.
    ReleaseJob.Difference flag =
        ReleaseJob.differenceFrom(latest, map(content, 0, o -> with(o, o.value(), "E")), releases);
    assertThat(flag.flags()).isEqualTo(1);
    assertThat(flag.none()).isFalse();
    assertThat(flag.valuesChanged()).isFalse();
    // A value.
    ReleaseJob.Difference value =
        ReleaseJob.differenceFrom(
            latest, map(content, 0, o -> with(o, BigDecimal.valueOf(7), o.obsStatus())), releases);
    assertThat(value.figures()).isEqualTo(1);
    // A row gone (a registry change that removed a cell), and one more.
    Map<ReleaseTable, List<Observation>> fewer = new EnumMap<>(content.tables());
    List<Observation> regions = new ArrayList<>(fewer.get(ReleaseTable.REGION_MONTHLY));
    Observation gone = regions.remove(0);
    fewer.put(ReleaseTable.REGION_MONTHLY, regions);
    ReleaseJob.Difference removed =
        ReleaseJob.differenceFrom(
            latest, new ReleaseBuilder.Content(fewer, List.of(), 0, 0), releases);
    assertThat(removed.removed()).isEqualTo(1);
    assertThat(removed.valuesChanged()).isTrue();
    regions.add(gone);
    regions.add(
        new Observation(
            "2026-03",
            "region",
            "CN-XX",
            "New",
            Measure.TOTAL_TOKENS,
            BigDecimal.ONE,
            "P",
            "",
            "F"));
    assertThat(
            ReleaseJob.differenceFrom(
                    latest, new ReleaseBuilder.Content(fewer, List.of(), 0, 0), releases)
                .added())
        .isEqualTo(1);
  }

  /** {@code o} with another value and obs_status, all else kept. */
  static Observation with(Observation o, BigDecimal value, String obsStatus) {
    return new Observation(
        o.period(),
        o.geoLevel(),
        o.geoCode(),
        o.geoName(),
        o.measure(),
        value,
        obsStatus,
        o.revision(),
        o.confStatus());
  }

  /** The content with the {@code index}-th national daily observation replaced. */
  static ReleaseBuilder.Content map(
      ReleaseBuilder.Content c, int index, java.util.function.UnaryOperator<Observation> change) {
    Map<ReleaseTable, List<Observation>> tables = new EnumMap<>(c.tables());
    List<Observation> daily = new ArrayList<>(tables.get(ReleaseTable.NATIONAL_DAILY));
    daily.set(index, change.apply(daily.get(index)));
    tables.put(ReleaseTable.NATIONAL_DAILY, daily);
    return new ReleaseBuilder.Content(tables, c.changes(), c.primaryCells(), c.secondaryCells());
  }
}
