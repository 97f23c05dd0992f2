package org.tokenstats.common.time;

import static org.apache.spark.sql.functions.to_date;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * Maps instants to their reporting day and hour: the calendar date and clock hour in the reporting
 * zone (FEEDS.md). Sessions run with the reporting zone as {@code spark.sql.session.timeZone}, so
 * the Column forms below agree with the Java forms.
 */
public final class ReportingTime {
  private final ZoneId zone;

  public ReportingTime(ZoneId zone) {
    this.zone = zone;
  }

  public ZoneId zone() {
    return zone;
  }

  public LocalDate day(Instant instant) {
    return instant.atZone(zone).toLocalDate();
  }

  public int hour(Instant instant) {
    return instant.atZone(zone).getHour();
  }

  /** The first instant of a reporting day. */
  public Instant startOf(LocalDate day) {
    return day.atStartOfDay(zone).toInstant();
  }

  /** Yesterday in the reporting zone: the default day of a nightly run. */
  public LocalDate yesterday(Instant now) {
    return ZonedDateTime.ofInstant(now, zone).toLocalDate().minusDays(1);
  }

  /** Reporting day of a TIMESTAMP column (the session zone is the reporting zone). */
  public static Column dayOf(Column timestamp) {
    return to_date(timestamp);
  }

  /** Reporting hour (0–23) of a TIMESTAMP column. */
  public static Column hourOf(Column timestamp) {
    return functions.hour(timestamp);
  }
}
