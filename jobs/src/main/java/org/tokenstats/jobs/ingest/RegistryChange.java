package org.tokenstats.jobs.ingest;

import java.time.LocalDate;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which reporting days a new delivery of a registry entity changes: those on which the set of rows
 * in force differs from before, compared on the columns figures depend on. A row closed on D and a
 * new one opened on D with other values changes the days from D on, not the days before, although
 * the closed row itself is new (its end date).
 */
final class RegistryChange {
  private RegistryChange() {}

  /**
   * A registry row as compared: its values (validity excluded; decimals normalised by the caller)
   * and its validity, from inclusive, to exclusive (null: open).
   */
  record Version(List<String> values, LocalDate from, LocalDate to) {
    boolean inForce(LocalDate day) {
      return !day.isBefore(from) && (to == null || day.isBefore(to));
    }
  }

  /** The {@code days} on which the rows in force {@code before} and {@code after} differ. */
  static List<LocalDate> changedDays(
      Collection<Version> before, Collection<Version> after, Collection<LocalDate> days) {
    return days.stream()
        .filter(d -> !inForce(before, d).equals(inForce(after, d)))
        .sorted()
        .toList();
  }

  private static Set<List<String>> inForce(Collection<Version> rows, LocalDate day) {
    Set<List<String>> out = new HashSet<>();
    for (Version v : rows) {
      if (v.inForce(day)) {
        out.add(v.values());
      }
    }
    return out;
  }
}
