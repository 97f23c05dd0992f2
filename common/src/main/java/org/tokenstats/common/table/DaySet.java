package org.tokenstats.common.table;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;

/**
 * A set of days on a date column, written once and used two ways: as a {@link Column} filter for
 * the rows a job computes, and as the SQL text of Delta's {@code replaceWhere} for the rows it
 * replaces. One value for both means the rows written are exactly the rows replaced ({@code
 * DaySetTest} checks that both select the same rows).
 */
public record DaySet(String column, SortedSet<LocalDate> days) {

  public DaySet {
    days = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(days));
  }

  public static DaySet of(String column, Collection<LocalDate> days) {
    return new DaySet(column, new TreeSet<>(days));
  }

  public boolean isEmpty() {
    return days.isEmpty();
  }

  /** {@code column IN (...)} as a Column; false for no days. */
  public Column filter() {
    return days.isEmpty()
        ? lit(false)
        : col(column).isin(days.stream().map(Date::valueOf).toArray());
  }

  /** {@code column IN (DATE'2026-03-14', ...)} as SQL text; {@code false} for no days. */
  public String sql() {
    return days.isEmpty()
        ? "false"
        : column
            + " IN ("
            + days.stream().map(d -> "DATE'" + d + "'").collect(Collectors.joining(", "))
            + ")";
  }
}
