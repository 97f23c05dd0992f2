package org.tokenstats.jobs.release;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The exact sums behind a release's figures for one geography in one period (a day or a month),
 * read from the gold tables, plus the growth figures gold already computed. Ratios are derived here
 * from the exact sums, so a release never depends on the order Spark added doubles in. {@code
 * totalTokens} and {@code requests} are as reported; {@code imputed*} estimate the providers that
 * were expected and sent nothing, and {@code respondents} of {@code expectedRespondents} reported.
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
    Double avg7d,
    long imputedTokens,
    long imputedRequests,
    Long respondents,
    Long expectedRespondents,
    BigDecimal valueBilledCny,
    BigDecimal valueCostCny,
    long tokensValued) {

  /** Figures without non-response estimates (as gold held them before it estimated any). */
  public Figures(
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
    this(
        period,
        level,
        code,
        totalTokens,
        requests,
        energyKwh,
        energyKwhEstimated,
        tokensEnergyKnown,
        energyCostCny,
        tokensPriced,
        usedSeconds,
        capacitySeconds,
        daysWithData,
        avgDailyTokens,
        growthMultiple,
        momRatio,
        yoyRatio,
        avg7d,
        0L,
        0L,
        null,
        null,
        null,
        null,
        0L);
  }

  /** Reported plus estimated tokens: the estimate of the whole a release publishes. */
  public long wholeTokens() {
    return Math.addExact(totalTokens, imputedTokens);
  }

  /** Reported plus estimated requests. */
  public long wholeRequests() {
    return Math.addExact(requests, imputedRequests);
  }

  /** Part of the figures is estimated for providers that sent nothing. */
  public boolean imputed() {
    return imputedTokens != 0 || imputedRequests != 0;
  }

  /** Respondents over expected respondents (unit response rate); null when unknown. */
  public BigDecimal responseRate() {
    return respondents == null || expectedRespondents == null || expectedRespondents == 0
        ? null
        : BigDecimal.valueOf(respondents).divide(BigDecimal.valueOf(expectedRespondents), CONTEXT);
  }

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

  /**
   * Billed CNY over energy cost CNY, over the records with both; null without any such record or
   * when its coverage ({@link #valueCoverage}) is below {@code minCoverage}.
   */
  public BigDecimal valueMultiple(double minCoverage) {
    BigDecimal coverage = valueCoverage();
    return coverage == null
            || coverage.doubleValue() < minCoverage
            || valueBilledCny == null
            || valueCostCny == null
            || valueCostCny.signum() == 0
        ? null
        : valueBilledCny.divide(valueCostCny, CONTEXT);
  }

  /** Share of the reported tokens whose records have a billed amount, energy and a price. */
  public BigDecimal valueCoverage() {
    return totalTokens == 0
        ? null
        : BigDecimal.valueOf(tokensValued).divide(BigDecimal.valueOf(totalTokens), CONTEXT);
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
