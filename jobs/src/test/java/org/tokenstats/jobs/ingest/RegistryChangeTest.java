package org.tokenstats.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tokenstats.jobs.ingest.RegistryChange.Version;

class RegistryChangeTest {
  static final List<LocalDate> DAYS = days("2026-03-01", 6);

  @Test
  void aRowClosedAndReopenedWithAnotherHubChangesTheDaysFromTheMoveOn() {
    List<Version> before = List.of(v("2020-01-01", null, "CN-SH", "YRD"));
    List<Version> after =
        List.of(
            v("2020-01-01", "2026-03-03", "CN-SH", "YRD"), v("2026-03-03", null, "CN-SH", "JJJ"));
    assertThat(RegistryChange.changedDays(before, after, DAYS))
        .containsExactly(days("2026-03-03", 4).toArray(LocalDate[]::new));
  }

  @Test
  void theSameRowsInAnotherOrderOrSplitWithoutChangeChangeNothing() {
    List<Version> before =
        List.of(v("2020-01-01", null, "CN-BJ", "JJJ"), v("2020-01-01", null, "CN-SH", "YRD"));
    List<Version> after =
        List.of(
            v("2020-01-01", null, "CN-SH", "YRD"),
            v("2020-01-01", "2026-03-02", "CN-BJ", "JJJ"),
            v("2026-03-02", null, "CN-BJ", "JJJ"));
    assertThat(RegistryChange.changedDays(before, after, DAYS)).isEmpty();
  }

  @Test
  void aNewRowOrOneThatEndsChangesOnlyItsOwnDays() {
    List<Version> before = List.of(v("2020-01-01", null, "DC-1", "100"));
    List<Version> added =
        List.of(v("2020-01-01", null, "DC-1", "100"), v("2026-03-05", null, "DC-2", "50"));
    assertThat(RegistryChange.changedDays(before, added, DAYS))
        .containsExactly(LocalDate.parse("2026-03-05"), LocalDate.parse("2026-03-06"));
    List<Version> ended = List.of(v("2020-01-01", "2026-03-02", "DC-1", "100"));
    assertThat(RegistryChange.changedDays(before, ended, DAYS))
        .containsExactly(days("2026-03-02", 5).toArray(LocalDate[]::new));
    assertThat(RegistryChange.changedDays(before, List.of(), List.of())).isEmpty();
  }

  private static Version v(String from, String to, String... values) {
    return new Version(
        Arrays.asList(values), LocalDate.parse(from), to == null ? null : LocalDate.parse(to));
  }

  private static List<LocalDate> days(String first, int n) {
    List<LocalDate> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(LocalDate.parse(first).plusDays(i));
    }
    return out;
  }
}
