package org.tokenstats.jobs.release;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A published measure: its name in the {@code measure} column, its unit, the fixed number of
 * decimals it is published with (so that a value is always written the same way) and whether it is
 * a figure that providers' confidential submissions make up (every measure but the count of days).
 */
public enum Measure {
  TOTAL_TOKENS("total_tokens", "tokens", 0, "Tokens (input + output) in the period."),
  REQUESTS("requests", "requests", 0, "Requests in the period."),
  TOKENS_7D_AVERAGE(
      "tokens_7d_average",
      "tokens per day",
      0,
      "Mean daily tokens over the 7 days ending on this day; missing unless all 7 have data."),
  AVG_DAILY_TOKENS(
      "avg_daily_tokens",
      "tokens per day",
      0,
      "Tokens in the month divided by its calendar days (days without data count as zero)."),
  SHARE_OF_NATIONAL("share_of_national", "ratio", 6, "Tokens as a share of the national total."),
  GROWTH_MULTIPLE(
      "growth_multiple",
      "ratio",
      6,
      "Average daily tokens divided by those of the baseline month (tokenstats.growth.baseline)."),
  MOM_RATIO("mom_ratio", "ratio", 6, "Average daily tokens divided by the previous month's."),
  YOY_RATIO(
      "yoy_ratio", "ratio", 6, "Average daily tokens divided by the same month a year before."),
  ENERGY_KWH(
      "energy_kwh", "kWh", 3, "Energy of the tokens with known energy (measured or estimated)."),
  KWH_PER_MILLION_TOKENS(
      "kwh_per_million_tokens",
      "kWh per million tokens",
      6,
      "Energy per million tokens, over the tokens whose energy is known."),
  CNY_PER_MILLION_TOKENS(
      "cny_per_million_tokens",
      "CNY per million tokens",
      6,
      "Energy cost per million tokens, over the tokens whose energy has an hourly price."),
  VALUE_MULTIPLE(
      "value_multiple",
      "CNY billed per CNY of energy",
      6,
      "What providers billed for tokens divided by what the energy behind them cost, over records"
          + " with a billed amount, known energy and an hourly price; missing (O) where those"
          + " cover less than tokenstats.release.min-value-coverage of the tokens."),
  UTILIZATION(
      "utilization",
      "ratio",
      6,
      "Accelerator-seconds used divided by capacity (accelerators x 86,400 s a day)."),
  DAYS_WITH_DATA("days_with_data", "days", 0, "Calendar days of the month with any usage data."),
  RESPONSE_RATE(
      "response_rate",
      "ratio",
      6,
      "Providers that reported over providers expected to (a month: over its provider-days).");

  private final String id;
  private final String unit;
  private final int decimals;
  private final String description;

  Measure(String id, String unit, int decimals, String description) {
    this.id = id;
    this.unit = unit;
    this.decimals = decimals;
    this.description = description;
  }

  public String id() {
    return id;
  }

  public String unit() {
    return unit;
  }

  public String description() {
    return description;
  }

  /** Providers' submissions make this figure up, so disclosure control applies to it. */
  public boolean confidential() {
    return this != DAYS_WITH_DATA;
  }

  /** The value rounded half-even to this measure's decimals; null stays null. */
  public BigDecimal round(BigDecimal value) {
    return value == null ? null : value.setScale(decimals, RoundingMode.HALF_EVEN);
  }

  public BigDecimal round(Double value) {
    return round(decimal(value));
  }

  /** A double as an exact decimal (its shortest representation); null for null, NaN, infinity. */
  static BigDecimal decimal(Double value) {
    return value == null || value.isNaN() || value.isInfinite() ? null : BigDecimal.valueOf(value);
  }
}
