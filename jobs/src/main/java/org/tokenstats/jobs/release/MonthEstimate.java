package org.tokenstats.jobs.release;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.YearMonth;

/**
 * A monthly figure under the non-response methodology (docs/releases.md, "Non-response and
 * completeness"). The month's coverage is national: the share of its calendar days on which anybody
 * reported (a day nobody reported cannot be estimated; a region without usage on a day with data is
 * a true zero).
 *
 * <ul>
 *   <li>Below {@code tokenstats.release.min-day-coverage} the month's token figures (totals,
 *       averages, shares, ratios) and its energy total are missing: {@code O}.
 *   <li>Otherwise, when some days have no data, the sums over the days with data are scaled to the
 *       calendar month (× days in month / days with data: the missing days at the mean of the
 *       others), a ratio by the coverage of both months it compares, and the figure is {@code E}.
 *   <li>A figure with tokens imputed for providers that sent nothing is {@code E} too, as is a
 *       ratio against a month that was estimated.
 * </ul>
 */
final class MonthEstimate {
  private MonthEstimate() {}

  /** The value to publish (unrounded) and the status it forces, or null for the usual one. */
  record Result(BigDecimal value, String status) {}

  static Result of(Measure m, Figures f, BigDecimal raw, ReleaseData data, ReleaseConfig config) {
    boolean tokens = ReleaseBuilder.TOKEN_BASED.contains(m);
    if (!tokens && m != Measure.ENERGY_KWH) {
      return new Result(raw, null);
    }
    ReleaseData.MonthCoverage month = data.nationalMonths().get(f.period());
    if (month == null) {
      return new Result(raw, null); // gold has no national row for it: nothing to scale by
    }
    if (month.coverage() < config.minDayCoverage()) {
      return new Result(null, Observation.NOT_AVAILABLE);
    }
    boolean estimated = !month.complete() || tokens && f.imputed();
    BigDecimal value = raw;
    switch (m) {
      case TOTAL_TOKENS, REQUESTS, AVG_DAILY_TOKENS, ENERGY_KWH ->
          value = raw == null ? null : raw.multiply(month.factor(), MathContext.DECIMAL128);
      case GROWTH_MULTIPLE, MOM_RATIO, YOY_RATIO -> {
        ReleaseData.MonthCoverage ref =
            data.nationalMonths().get(reference(m, YearMonth.parse(f.period()), config).toString());
        if (ref != null && ref.coverage() < config.minDayCoverage()) {
          return new Result(null, Observation.NOT_AVAILABLE);
        }
        if (raw != null && ref != null) {
          value =
              raw.multiply(month.factor(), MathContext.DECIMAL128)
                  .divide(ref.factor(), MathContext.DECIMAL128);
          estimated |= !ref.complete() || ref.imputed();
        }
      }
      default -> {}
    }
    if (value == null) {
      return new Result(null, null);
    }
    return new Result(value, estimated ? Observation.ESTIMATED : null);
  }

  /** The month a ratio compares {@code month} with. */
  private static YearMonth reference(Measure m, YearMonth month, ReleaseConfig config) {
    return switch (m) {
      case MOM_RATIO -> month.minusMonths(1);
      case YOY_RATIO -> month.minusYears(1);
      default -> config.baseline();
    };
  }
}
