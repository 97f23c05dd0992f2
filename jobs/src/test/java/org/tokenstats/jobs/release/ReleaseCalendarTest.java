package org.tokenstats.jobs.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which months nightly publishes on which day. */
class ReleaseCalendarTest {
  static final ReleaseConfig CONFIG =
      new ReleaseConfig(
          new Disclosure.Rule(3, 2, 0.85), 5, 60, YearMonth.of(2024, 1), "Asia/Shanghai");
  static final YearMonth MARCH = YearMonth.of(2026, 3);

  static Manifest release(YearMonth m, int version, LocalDate asOf) {
    return new Manifest(
        PublishedReleases.releaseId(m.toString(), version),
        "t",
        m.toString(),
        version,
        asOf + "T01:00:00Z",
        asOf.toString(),
        "provisional",
        null,
        null,
        List.of(),
        Map.of(),
        CONFIG.toMap(),
        "test",
        new Manifest.Suppressions(0, 0),
        List.of(),
        List.of());
  }

  @Test
  void provisionalOnTheConfiguredDayThenFinalAfterTheLag() {
    assertThat(CONFIG.provisionalDate(MARCH)).isEqualTo(LocalDate.of(2026, 4, 5));
    assertThat(CONFIG.finalDate(MARCH)).isEqualTo(LocalDate.of(2026, 5, 30));
    // February was never published and is still inside its final lag on these days: due too.
    YearMonth feb = YearMonth.of(2026, 2);
    assertThat(ReleaseCalendar.due(LocalDate.of(2026, 4, 4), CONFIG, Map.of(), Set.of()))
        .containsOnlyKeys(feb);
    assertThat(ReleaseCalendar.due(LocalDate.of(2026, 4, 5), CONFIG, Map.of(), Set.of()))
        .containsOnlyKeys(feb, MARCH);
    Map<YearMonth, Manifest> febDone = Map.of(feb, release(feb, 1, LocalDate.of(2026, 3, 5)));
    assertThat(ReleaseCalendar.due(LocalDate.of(2026, 4, 4), CONFIG, febDone, Set.of())).isEmpty();
    // a missed night: still due the next day, once
    assertThat(ReleaseCalendar.due(LocalDate.of(2026, 4, 9), CONFIG, febDone, Set.of()))
        .containsOnlyKeys(MARCH);
    Map<YearMonth, Manifest> published =
        Map.of(feb, febDone.get(feb), MARCH, release(MARCH, 1, LocalDate.of(2026, 4, 5)));
    assertThat(ReleaseCalendar.due(LocalDate.of(2026, 4, 6), CONFIG, published, Set.of()))
        .isEmpty();
    // February turned final on 04-29; on 05-29 April's first release is due, March not yet final.
    assertThat(ReleaseCalendar.due(LocalDate.of(2026, 5, 29), CONFIG, published, Set.of()))
        .containsOnlyKeys(feb, YearMonth.of(2026, 4))
        .containsEntry(feb, "final release (final from 2026-04-29)");
    assertThat(ReleaseCalendar.due(LocalDate.of(2026, 5, 30), CONFIG, published, Set.of()))
        .containsKeys(MARCH, YearMonth.of(2026, 4))
        .containsEntry(MARCH, "final release (final from 2026-05-30)");
    // A final release is not republished; a recomputed month is checked for a revision.
    Map<YearMonth, Manifest> fin = Map.of(MARCH, release(MARCH, 2, LocalDate.of(2026, 5, 30)));
    assertThat(fin.get(MARCH).finalFigures()).isTrue();
    assertThat(ReleaseCalendar.due(LocalDate.of(2026, 7, 1), CONFIG, fin, Set.of()))
        .doesNotContainKey(MARCH);
    assertThat(ReleaseCalendar.due(LocalDate.of(2026, 7, 1), CONFIG, fin, Set.of(MARCH)))
        .containsKey(MARCH);
    // Recomputing a day of March can change April's mom and March 2027's yoy figures.
    assertThat(ReleaseCalendar.affected(Set.of(LocalDate.of(2026, 3, 15))))
        .containsExactly(MARCH, YearMonth.of(2026, 4), YearMonth.of(2027, 3));
    Map<YearMonth, Manifest> april =
        Map.of(YearMonth.of(2026, 4), release(YearMonth.of(2026, 4), 2, LocalDate.of(2026, 6, 29)));
    assertThat(
            ReleaseCalendar.due(
                LocalDate.of(2026, 7, 1),
                CONFIG,
                april,
                ReleaseCalendar.affected(Set.of(LocalDate.of(2026, 3, 15)))))
        .containsKey(YearMonth.of(2026, 4));
    // A recomputed baseline day changes every growth multiple: every published month is checked.
    assertThat(
            ReleaseCalendar.due(
                LocalDate.of(2026, 7, 1), CONFIG, april, Set.of(YearMonth.of(2024, 1))))
        .containsKey(YearMonth.of(2026, 4));
    // Months whose final lag passed without any release are left to `release --period`.
    assertThat(ReleaseCalendar.due(LocalDate.of(2026, 11, 23), CONFIG, Map.of(), Set.of()))
        .containsOnlyKeys(YearMonth.of(2026, 9), YearMonth.of(2026, 10));
  }
}
