package org.tokenstats.common.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The reporting calendar: an instant's reporting day is its date in the reporting zone
 * (docs/submitting.md). Sessions run with the reporting zone as {@code spark.sql.session.timeZone},
 * so Spark's {@code to_date} of a timestamp agrees with it.
 */
public final class ReportingTime {
  private final ZoneId zone;

  public ReportingTime(ZoneId zone) {
    this.zone = zone;
  }

  public ZoneId zone() {
    return zone;
  }

  /** Yesterday in the reporting zone: the default day of a nightly run. */
  public LocalDate yesterday(Instant now) {
    return ZonedDateTime.ofInstant(now, zone).toLocalDate().minusDays(1);
  }
}
