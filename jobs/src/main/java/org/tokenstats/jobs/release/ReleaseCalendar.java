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
 * revision of every published month whose figures this run's recomputation can change ({@link
 * #affected}; all of them when the baseline month changed). Pure.
 */
public final class ReleaseCalendar {
  private ReleaseCalendar() {}

  /**
   * The months whose published figures recomputing {@code days} can change: each day's month, the
   * month after (its month-on-month ratio) and a year later (year-on-year). ({@link #due} checks
   * every published month when the baseline month is among them: growth multiples.)
   */
  public static Set<YearMonth> affected(Set<LocalDate> days) {
    Set<YearMonth> out = new java.util.TreeSet<>();
    for (LocalDate d : days) {
      YearMonth m = YearMonth.from(d);
      out.add(m);
      out.add(m.plusMonths(1));
      out.add(m.plusYears(1));
    }
    return out;
  }

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
      } else if (recomputed.contains(m) || recomputed.contains(config.baseline())) {
        out.putIfAbsent(m, "recomputed days can change its figures: revise if one changed");
      }
    }
    return out;
  }
}
