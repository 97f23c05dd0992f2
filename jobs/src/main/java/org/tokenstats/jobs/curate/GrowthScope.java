package org.tokenstats.jobs.curate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.tokenstats.common.table.GoldTables;
import org.tokenstats.common.table.GoldTables.TokenGrowth;

/**
 * Which rows of {@code gold.token_growth} a change to some reporting days can alter, and which
 * months of the daily roll-up recomputing them needs, so that a nightly curate reads and writes a
 * bounded slice whatever the length of history. A touched day changes its own row, the 7-day
 * averages of the six days after it, its month, and (through month-on-month and year-on-year
 * ratios) the days and month one and twelve months later; the whole of those months is taken, a
 * safe superset at month ends. A touched baseline month changes every growth multiple: then the
 * table is rebuilt whole.
 *
 * @param whole rebuild everything (the baseline month was touched)
 * @param days the day periods to recompute
 * @param months the month periods to recompute
 * @param inputMonths the months of daily roll-up rows those periods depend on
 */
public record GrowthScope(
    boolean whole,
    SortedSet<LocalDate> days,
    SortedSet<YearMonth> months,
    SortedSet<YearMonth> inputMonths) {

  /**
   * The scope of a change to {@code touched} days, with growth measured against {@code baseline}.
   */
  public static GrowthScope of(Collection<LocalDate> touched, YearMonth baseline) {
    SortedSet<LocalDate> days = new TreeSet<>();
    SortedSet<YearMonth> months = new TreeSet<>();
    for (LocalDate d : touched) {
      YearMonth m = YearMonth.from(d);
      if (m.equals(baseline)) {
        return new GrowthScope(true, new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
      }
      for (int i = 0; i <= 6; i++) {
        days.add(d.plusDays(i));
      }
      for (YearMonth later : new YearMonth[] {m.plusMonths(1), m.plusMonths(12)}) {
        for (int i = 1; i <= later.lengthOfMonth(); i++) {
          days.add(later.atDay(i));
        }
      }
      months.add(m);
      months.add(m.plusMonths(1));
      months.add(m.plusMonths(12));
    }
    SortedSet<YearMonth> needed = new TreeSet<>();
    needed.add(baseline);
    for (LocalDate p : days) {
      for (YearMonth m : new YearMonth[] {YearMonth.from(p.minusDays(6)), YearMonth.from(p)}) {
        addWithReferences(needed, m);
      }
    }
    for (YearMonth m : months) {
      addWithReferences(needed, m);
    }
    return new GrowthScope(false, days, months, needed);
  }

  private static void addWithReferences(SortedSet<YearMonth> needed, YearMonth m) {
    needed.add(m);
    needed.add(m.minusMonths(1));
    needed.add(m.minusMonths(12));
  }

  /** Roll-up rows the recomputation reads (a range per month, so partitions are pruned). */
  public Column input() {
    Column any = lit(false);
    for (YearMonth m : inputMonths) {
      any =
          any.or(
              col(GoldTables.REPORT_DATE)
                  .between(Date.valueOf(m.atDay(1)), Date.valueOf(m.atEndOfMonth())));
    }
    return any;
  }

  /** Growth rows in scope, as a filter on computed rows. */
  public Column output() {
    return col(TokenGrowth.PERIOD_TYPE)
        .equalTo(TokenGrowth.DAY)
        .and(col(TokenGrowth.PERIOD).isin(days.stream().map(LocalDate::toString).toArray()))
        .or(
            col(TokenGrowth.PERIOD_TYPE)
                .equalTo(TokenGrowth.MONTH)
                .and(
                    col(TokenGrowth.PERIOD)
                        .isin(months.stream().map(YearMonth::toString).toArray())));
  }

  /** The same rows as a Delta {@code replaceWhere} predicate. */
  public String replaceWhere() {
    return "("
        + TokenGrowth.PERIOD_TYPE
        + " = 'day' AND "
        + TokenGrowth.PERIOD
        + " IN ("
        + quoted(days.stream().map(LocalDate::toString).collect(Collectors.toList()))
        + ")) OR ("
        + TokenGrowth.PERIOD_TYPE
        + " = 'month' AND "
        + TokenGrowth.PERIOD
        + " IN ("
        + quoted(months.stream().map(YearMonth::toString).collect(Collectors.toList()))
        + "))";
  }

  private static String quoted(Collection<String> values) {
    return values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", "));
  }
}
