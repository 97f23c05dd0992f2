package org.tokenstats.jobs.release;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@code nightly} publishes on a day: a month's first (provisional) release from {@code
 * provisional-after-days} after its end while it is still inside its final lag; its final release
 * from {@code final-after-days} after its end if the latest is provisional; and a check for a
 * revision of every published month whose days this run recomputed. Pure.
 */
public final class ReleaseCalendar {
  private ReleaseCalendar() {}

  /** Months due on {@code day}, each with why, in month order. */
  public static Map<YearMonth, String> due(
      LocalDate day,
      ReleaseConfig config,
      Map<YearMonth, Manifest> latestByPeriod,
      Set<YearMonth> recomputed) {
    Map<YearMonth, String> out = new TreeMap<>();
    for (YearMonth m = YearMonth.from(day).minusMonths(1);
        day.isBefore(config.finalDate(m));
        m = m.minusMonths(1)) {
      if (!day.isBefore(config.provisionalDate(m)) && !latestByPeriod.containsKey(m)) {
        out.put(m, "first release (provisional from " + config.provisionalDate(m) + ")");
      }
    }
    for (Map.Entry<YearMonth, Manifest> e : latestByPeriod.entrySet()) {
      YearMonth m = e.getKey();
      if (!e.getValue().finalFigures() && !day.isBefore(config.finalDate(m))) {
        out.put(m, "final release (final from " + config.finalDate(m) + ")");
      } else if (recomputed.contains(m)) {
        out.putIfAbsent(m, "days of it were recomputed: revise if a figure changed");
      }
    }
    return out;
  }
}
