package org.tokenstats.jobs.release;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * Published values written for people (bulletin, README): large counts in words ("140.0 trillion"),
 * smaller ones with thousands separators, shares and rates as percentages, changes as signed
 * percentages, multiples with "×". The tables keep the plain decimals; this is only how a reader
 * sees them. English, rounded half-even like the tables.
 */
final class PeopleNumbers {
  private PeopleNumbers() {}

  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1_000);
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
  private static final BigDecimal BILLION = BigDecimal.valueOf(1_000_000_000);
  private static final BigDecimal TRILLION = BigDecimal.valueOf(1_000_000_000_000L);
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /** {@code value} of {@code m} for a reader, with its unit. */
  static String format(Measure m, BigDecimal value) {
    return switch (m) {
      case TOTAL_TOKENS, TOKENS_7D_AVERAGE, AVG_DAILY_TOKENS ->
          count(value) + " tokens" + (m == Measure.TOTAL_TOKENS ? "" : " a day");
      case REQUESTS -> count(value) + " requests";
      case ENERGY_KWH -> count(value) + " kWh";
      case DAYS_WITH_DATA -> grouped(value, 0) + " days";
      case SHARE_OF_NATIONAL, UTILIZATION, RESPONSE_RATE -> percent(value);
      case MOM_RATIO, YOY_RATIO -> change(value);
      case GROWTH_MULTIPLE, VALUE_MULTIPLE -> grouped(value, 1) + "×";
      case KWH_PER_MILLION_TOKENS -> small(value, 3) + " kWh per million tokens";
      case CNY_PER_MILLION_TOKENS -> small(value, 3) + " CNY per million tokens";
    };
  }

  /** A count: words from a million up ("4.6 trillion"), else thousands separators ("12,345"). */
  static String count(BigDecimal value) {
    BigDecimal a = value.abs();
    if (a.compareTo(TRILLION) >= 0) {
      return scaled(value, TRILLION) + " trillion";
    }
    if (a.compareTo(BILLION) >= 0) {
      return scaled(value, BILLION) + " billion";
    }
    if (a.compareTo(MILLION) >= 0) {
      return scaled(value, MILLION) + " million";
    }
    return grouped(value, a.compareTo(THOUSAND) >= 0 || value.scale() <= 0 ? 0 : 1);
  }

  /**
   * A ratio as a percentage with one decimal: 0.1234 is "12.3%"; below 0.1% with two significant
   * digits, so a small rate does not read as zero: 0.000321 is "0.032%".
   */
  static String percent(BigDecimal ratio) {
    return small(ratio.multiply(HUNDRED), 1) + "%";
  }

  /**
   * {@code decimals} decimals, or more for a value so small that they would show only zeros: two
   * significant digits then (0.000123 is "0.00012").
   */
  static String small(BigDecimal value, int decimals) {
    BigDecimal a = value.abs();
    if (a.signum() == 0 || a.compareTo(BigDecimal.ONE.movePointLeft(decimals)) >= 0) {
      return grouped(value, decimals);
    }
    // Digits to the first significant one, plus one more.
    int needed = a.scale() - a.precision() + 2;
    return grouped(value, Math.max(decimals, needed));
  }

  /** A ratio to an earlier level as a signed change: 1.123 is "+12.3%", 0.9 is "−10.0%". */
  static String change(BigDecimal ratio) {
    BigDecimal pct =
        ratio.subtract(BigDecimal.ONE).multiply(HUNDRED).setScale(1, RoundingMode.HALF_EVEN);
    String sign = pct.signum() > 0 ? "+" : pct.signum() < 0 ? "\u2212" : "";
    return sign + grouped(pct.abs(), 1) + "%";
  }

  private static String scaled(BigDecimal value, BigDecimal unit) {
    return grouped(value.divide(unit, 1, RoundingMode.HALF_EVEN), 1);
  }

  /** Thousands separators and exactly {@code decimals} decimals. */
  static String grouped(BigDecimal value, int decimals) {
    DecimalFormat f = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ENGLISH));
    f.setMinimumFractionDigits(decimals);
    f.setMaximumFractionDigits(decimals);
    f.setRoundingMode(RoundingMode.HALF_EVEN);
    return f.format(value);
  }
}
