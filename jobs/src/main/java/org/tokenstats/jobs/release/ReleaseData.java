package org.tokenstats.jobs.release;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * Everything a release is built from, collected from the gold tables at pinned versions: small (a
 * month of national days, one month of geographies, the national history), so building, protecting
 * and writing it is plain Java.
 *
 * @param days national figures for each day of the period that has data
 * @param months the period at every level, and every month since the baseline nationally
 * @param contributions each provider's tokens per cell id ({@link ReleaseBuilder#cellId}), by
 *     provider id
 * @param placements the hub and zone of each region with usage in the period
 * @param names registry names of regions and hubs in force at the period's end, by code
 * @param nationalMonths national coverage of every month gold has, by YYYY-MM
 */
public record ReleaseData(
    YearMonth period,
    List<Figures> days,
    List<Figures> months,
    Map<String, Map<String, Long>> contributions,
    List<Placement> placements,
    Map<String, String> names,
    Map<String, MonthCoverage> nationalMonths) {

  /** Release data without national month coverage (all months taken as complete). */
  public ReleaseData(
      YearMonth period,
      List<Figures> days,
      List<Figures> months,
      Map<String, Map<String, Long>> contributions,
      List<Placement> placements,
      Map<String, String> names) {
    this(period, days, months, contributions, placements, names, Map.of());
  }

  /**
   * How complete a month is nationally: calendar days, days with any data, and whether any figure
   * of it was estimated for non-response. A month absent from {@code nationalMonths} has no data.
   */
  public record MonthCoverage(int daysInMonth, int daysWithData, boolean imputed) {
    /** Calendar days over days with data: what the covered days' sums are scaled by. */
    public java.math.BigDecimal factor() {
      return java.math.BigDecimal.valueOf(daysInMonth)
          .divide(java.math.BigDecimal.valueOf(daysWithData), java.math.MathContext.DECIMAL128);
    }

    public double coverage() {
      return (double) daysWithData / daysInMonth;
    }

    public boolean complete() {
      return daysWithData >= daysInMonth;
    }
  }

  /** A region's hub (null outside any hub) and zone (null if the registry does not know it). */
  public record Placement(String region, String hub, String zone) {}
}
