package org.tokenstats.jobs.curate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tokenstats.common.table.OpsTables;

/**
 * The data-quality checks a curate run makes on each reporting day it recomputed, as a pure
 * function of per-day facts gathered from the gold tables ({@link DayFacts}) and the row counts of
 * earlier days. Exact sums are compared exactly (tokens as longs, energy as decimals); a check that
 * has nothing to look at is skipped, not passed.
 */
public final class QualityChecks {
  private QualityChecks() {}

  /** How many earlier days the row-count check compares against. */
  public static final int HISTORY_DAYS = 28;

  /** Fewer earlier days with data than this and the row-count check is skipped. */
  public static final int MIN_HISTORY_DAYS = 7;

  public static final String ROW_COUNT = "row_count_vs_history";
  public static final String NO_NEGATIVES = "no_negative_values";
  public static final String ROLLUP_ADDS_UP = "rollup_adds_up";
  public static final String ENERGY_ADDS_UP = "energy_adds_up";
  public static final String UTILIZATION_ADDS_UP = "utilization_adds_up";
  public static final String UTILIZATION_AT_MOST_ONE = "utilization_at_most_one";
  public static final String ENERGY_COVERAGE = "energy_coverage";
  public static final String COST_COVERAGE = "cost_coverage";

  /** The configurable thresholds (tokenstats.quality.*). */
  public record Thresholds(
      double rowCountTolerance, double minEnergyCoverage, double minCostCoverage) {}

  /**
   * What the gold tables say about one day; a boxed field is null when its table has no row for the
   * day. Sums of one table at different levels must agree exactly.
   */
  public record DayFacts(
      LocalDate day,
      long tokenDailyRows,
      Long tokenDailyTotal,
      Long national,
      Long regionSum,
      Long zoneSum,
      Long hubSum,
      long negatives,
      BigDecimal energyNational,
      BigDecimal energyRegionSum,
      Long energyTokens,
      Long energyKnownTokens,
      BigDecimal energyPriced,
      Long capacityNational,
      Long capacitySites,
      BigDecimal usedNational,
      BigDecimal usedSites,
      long overfullSites) {}

  /** One check's outcome, a row of {@code ops.quality_checks} without run and time. */
  public record Result(
      LocalDate day,
      String check,
      String subject,
      String status,
      Double observed,
      String expected,
      String detail) {
    public boolean failed() {
      return OpsTables.QualityChecks.FAIL.equals(status);
    }
  }

  /** Every check for one day. {@code rowCounts} holds token_daily row counts of earlier days. */
  public static List<Result> evaluate(DayFacts f, Map<LocalDate, Long> rowCounts, Thresholds t) {
    List<Result> out = new ArrayList<>();
    out.add(rowCount(f, rowCounts, t.rowCountTolerance()));
    out.add(
        check(
            f.day(),
            NO_NEGATIVES,
            "gold tables",
            f.negatives() == 0,
            (double) f.negatives(),
            "0 negative tokens, requests, kWh or accelerator-seconds",
            f.negatives() + " negative values"));
    out.add(sameTotal(f.day(), "gold.token_daily_rollup region -> national", f.regionSum(), f));
    out.add(sameTotal(f.day(), "gold.token_daily_rollup zone -> national", f.zoneSum(), f));
    out.add(sameTotal(f.day(), "gold.token_daily -> national", f.tokenDailyTotal(), f));
    if (f.national() == null || f.hubSum() == null) {
      out.add(skipped(f.day(), ROLLUP_ADDS_UP, "gold.token_daily_rollup hub <= national"));
    } else {
      out.add(
          check(
              f.day(),
              ROLLUP_ADDS_UP,
              "gold.token_daily_rollup hub <= national",
              f.hubSum() <= f.national(),
              (double) (f.national() - f.hubSum()),
              "hubs sum to at most national (regions outside hubs make the rest)",
              "national " + f.national() + ", hubs " + f.hubSum()));
    }
    out.add(
        exact(
            f.day(),
            ENERGY_ADDS_UP,
            "gold.energy_daily region -> national kWh",
            f.energyNational(),
            f.energyRegionSum()));
    out.add(
        exact(
            f.day(),
            UTILIZATION_ADDS_UP,
            "gold.utilization_daily datacenter -> national used",
            f.usedNational(),
            f.usedSites()));
    out.add(
        f.capacityNational() == null
            ? skipped(f.day(), UTILIZATION_ADDS_UP, "gold.utilization_daily datacenter -> national")
            : exact(
                f.day(),
                UTILIZATION_ADDS_UP,
                "gold.utilization_daily datacenter -> national capacity",
                BigDecimal.valueOf(f.capacityNational()),
                f.capacitySites() == null ? null : BigDecimal.valueOf(f.capacitySites())));
    out.add(
        check(
            f.day(),
            UTILIZATION_AT_MOST_ONE,
            "gold.utilization_daily datacenter",
            f.overfullSites() == 0,
            (double) f.overfullSites(),
            "no datacenter uses more than its capacity",
            f.overfullSites()
                + " datacenters above 100 % (check the registry's accelerator_count)"));
    out.add(coverage(f, t));
    out.add(costCoverage(f, t));
    return out;
  }

  private static Result rowCount(DayFacts f, Map<LocalDate, Long> rowCounts, double tolerance) {
    List<Long> history = new ArrayList<>();
    for (int i = 1; i <= HISTORY_DAYS; i++) {
      Long n = rowCounts.get(f.day().minusDays(i));
      if (n != null && n > 0) {
        history.add(n);
      }
    }
    String subject = "gold.token_daily rows";
    String expected =
        "within " + Math.round(tolerance * 100) + " % of the median of the previous 28 days";
    if (history.size() < MIN_HISTORY_DAYS) {
      return new Result(
          f.day(),
          ROW_COUNT,
          subject,
          OpsTables.QualityChecks.SKIPPED,
          (double) f.tokenDailyRows(),
          expected,
          "only " + history.size() + " earlier days with data (need " + MIN_HISTORY_DAYS + ")");
    }
    history.sort(Long::compare);
    int n = history.size();
    double median =
        n % 2 == 1 ? history.get(n / 2) : (history.get(n / 2 - 1) + history.get(n / 2)) / 2.0;
    double ratio = f.tokenDailyRows() / median;
    return check(
        f.day(),
        ROW_COUNT,
        subject,
        Math.abs(ratio - 1) <= tolerance,
        ratio,
        expected,
        f.tokenDailyRows() + " rows vs median " + median + " of " + n + " earlier days");
  }

  private static Result sameTotal(LocalDate day, String subject, Long sum, DayFacts f) {
    if (f.national() == null && sum == null) {
      return skipped(day, ROLLUP_ADDS_UP, subject);
    }
    boolean ok = Objects.equals(sum, f.national());
    return check(
        day,
        ROLLUP_ADDS_UP,
        subject,
        ok,
        sum == null || f.national() == null ? null : (double) (sum - f.national()),
        "equal to the national total",
        "national " + f.national() + ", sum " + sum);
  }

  private static Result exact(
      LocalDate day, String check, String subject, BigDecimal total, BigDecimal parts) {
    if (total == null && parts == null) {
      return skipped(day, check, subject);
    }
    boolean ok = total != null && parts != null && total.compareTo(parts) == 0;
    return check(
        day,
        check,
        subject,
        ok,
        ok ? 0.0 : total == null || parts == null ? null : parts.subtract(total).doubleValue(),
        "parts sum exactly to the total",
        "total " + total + ", parts " + parts);
  }

  private static Result coverage(DayFacts f, Thresholds t) {
    String subject = "gold.energy_daily national";
    if (f.energyTokens() == null || f.energyTokens() == 0) {
      return skipped(f.day(), ENERGY_COVERAGE, subject);
    }
    double share = (double) f.energyKnownTokens() / f.energyTokens();
    return check(
        f.day(),
        ENERGY_COVERAGE,
        subject,
        share >= t.minEnergyCoverage(),
        share,
        "share of tokens with known energy >= " + t.minEnergyCoverage(),
        f.energyKnownTokens() + " of " + f.energyTokens() + " tokens have known energy");
  }

  private static Result costCoverage(DayFacts f, Thresholds t) {
    String subject = "gold.energy_daily national";
    if (f.energyNational() == null || f.energyNational().signum() == 0) {
      return skipped(f.day(), COST_COVERAGE, subject);
    }
    double share = f.energyPriced().doubleValue() / f.energyNational().doubleValue();
    return check(
        f.day(),
        COST_COVERAGE,
        subject,
        share >= t.minCostCoverage(),
        share,
        "share of known energy with an hourly price >= " + t.minCostCoverage(),
        f.energyPriced() + " of " + f.energyNational() + " kWh priced");
  }

  private static Result check(
      LocalDate day,
      String check,
      String subject,
      boolean ok,
      Double observed,
      String expected,
      String detail) {
    return new Result(
        day,
        check,
        subject,
        ok ? OpsTables.QualityChecks.PASS : OpsTables.QualityChecks.FAIL,
        observed,
        expected,
        detail);
  }

  private static Result skipped(LocalDate day, String check, String subject) {
    return new Result(
        day, check, subject, OpsTables.QualityChecks.SKIPPED, null, "-", "no rows for the day");
  }
}
