package org.tokenstats.jobs.release;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The exact sums behind a release's figures for one geography in one period (a day or a month),
 * read from the gold tables, plus the growth figures gold already computed. Ratios are derived here
 * from the exact sums, so a release never depends on the order Spark added doubles in.
 */
public record Figures(
    String period,
    String level,
    String code,
    long totalTokens,
    long requests,
    BigDecimal energyKwh,
    BigDecimal energyKwhEstimated,
    long tokensEnergyKnown,
    BigDecimal energyCostCny,
    long tokensPriced,
    BigDecimal usedSeconds,
    long capacitySeconds,
    Integer daysWithData,
    Double avgDailyTokens,
    Double growthMultiple,
    Double momRatio,
    Double yoyRatio,
    Double avg7d) {

  private static final MathContext CONTEXT = MathContext.DECIMAL128;
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  /** kWh per million tokens with known energy; null without any. */
  public BigDecimal kwhPerMillionTokens() {
    return tokensEnergyKnown == 0 || energyKwh == null
        ? null
        : energyKwh.multiply(MILLION).divide(BigDecimal.valueOf(tokensEnergyKnown), CONTEXT);
  }

  /** Energy cost (CNY) per million priced tokens; null without any. */
  public BigDecimal cnyPerMillionTokens() {
    return tokensPriced == 0 || energyCostCny == null
        ? null
        : energyCostCny.multiply(MILLION).divide(BigDecimal.valueOf(tokensPriced), CONTEXT);
  }

  /** Used over capacity accelerator-seconds; null without capacity. */
  public BigDecimal utilization() {
    return capacitySeconds == 0 || usedSeconds == null
        ? null
        : usedSeconds.divide(BigDecimal.valueOf(capacitySeconds), CONTEXT);
  }

  /** More than half of the known energy was estimated from accelerator time, not measured. */
  public boolean energyMostlyEstimated() {
    return energyKwh != null
        && energyKwhEstimated != null
        && energyKwh.signum() > 0
        && energyKwhEstimated.multiply(BigDecimal.valueOf(2)).compareTo(energyKwh) > 0;
  }
}
