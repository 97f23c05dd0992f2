package org.tokenstats.jobs.curate;

import static org.tokenstats.common.testing.DatasetAssert.row;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tokenstats.common.testing.DatasetAssert;
import org.tokenstats.common.testing.SparkExtension;

/** Hourly prices and the energy measures against values computed by hand in the comments. */
@ExtendWith(SparkExtension.class)
class EnergyMeasuresTest {

  static final List<String> ORDER = List.of("real_time", "day_ahead", "tariff");

  /**
   * Prices of CN-JS on reporting day 2026-03-14 (+08:00), as bronze.prices holds them: one row per
   * region x interval x market at its latest publication. Hour 3 has no price at all.
   */
  static Dataset<Row> prices(SparkSession spark) {
    return spark.sql(
        "SELECT CAST(d AS DATE) AS report_date, 'CN-JS' AS region_code,"
            + " CAST(s AS TIMESTAMP) AS interval_start, m AS interval_minutes, k AS market,"
            + " CAST(p AS DECIMAL(24,6)) AS price_cny_per_kwh,"
            + " CAST('2026-03-13T09:00:00Z' AS TIMESTAMP) AS published_at FROM VALUES"
            // hour 0 starts at 16:00Z the day before; day-ahead quarters beat the hourly tariff
            + " ('2026-03-14', '2026-03-13T16:00:00Z', 60, 'tariff', 0.5),"
            + " ('2026-03-14', '2026-03-13T16:00:00Z', 15, 'day_ahead', 0.4),"
            + " ('2026-03-14', '2026-03-13T16:15:00Z', 15, 'day_ahead', 0.4),"
            + " ('2026-03-14', '2026-03-13T16:30:00Z', 15, 'day_ahead', 0.2),"
            + " ('2026-03-14', '2026-03-13T16:45:00Z', 15, 'day_ahead', 0.2),"
            // hour 1: real-time (30 + 15 + 15 minutes, one negative) beats day-ahead
            + " ('2026-03-14', '2026-03-14T01:00:00+08:00', 60, 'day_ahead', 0.5),"
            + " ('2026-03-14', '2026-03-14T01:00:00+08:00', 30, 'real_time', 0.6),"
            + " ('2026-03-14', '2026-03-14T01:30:00+08:00', 15, 'real_time', 0.3),"
            + " ('2026-03-14', '2026-03-14T01:45:00+08:00', 15, 'real_time', -0.3),"
            // hour 2: a single real-time quarter, nothing else
            + " ('2026-03-14', '2026-03-14T02:00:00+08:00', 15, 'real_time', 0.8)"
            + " AS v(d, s, m, k, p)");
  }

  static final List<String> PRICE_COLUMNS =
      List.of(
          "CAST(report_date AS STRING)",
          "report_hour",
          "market",
          "CAST(price_cny_per_kwh AS DOUBLE)",
          "minutes_priced",
          "intervals");

  @Test
  void anHourTakesTheTimeWeightedPriceOfItsMostPreferredMarket(SparkSession spark) {
    DatasetAssert.assertRows(
        EnergyMeasures.priceHourly(prices(spark), ORDER),
        PRICE_COLUMNS,
        List.of(
            // (0.4 + 0.4 + 0.2 + 0.2) x 15 / 60 = 0.3
            row("2026-03-14", 0, "day_ahead", 0.3, 60, 4),
            // (0.6 x 30 + 0.3 x 15 - 0.3 x 15) / 60 = 0.3: the negative price counts
            row("2026-03-14", 1, "real_time", 0.3, 60, 3),
            // only a quarter of the hour is priced: its mean is that quarter's price
            row("2026-03-14", 2, "real_time", 0.8, 15, 1)));
  }

  @Test
  void theMarketOrderIsConfigurableAndMarketsLeftOutAreIgnored(SparkSession spark) {
    DatasetAssert.assertRows(
        EnergyMeasures.priceHourly(prices(spark), List.of("tariff", "day_ahead")),
        PRICE_COLUMNS,
        List.of(
            row("2026-03-14", 0, "tariff", 0.5, 60, 1),
            row("2026-03-14", 1, "day_ahead", 0.5, 60, 1)));
  }

  static Dataset<Row> usageHourly(SparkSession spark) {
    return spark.sql(
        "SELECT CAST('2026-03-14' AS DATE) AS report_date, h AS report_hour, r AS region_code,"
            + " CAST(t AS BIGINT) AS total_tokens, CAST(tm AS BIGINT) AS tokens_energy_measured,"
            + " CAST(te AS BIGINT) AS tokens_energy_estimated, CAST(tu AS BIGINT) AS tokens_energy_unknown,"
            + " CAST(em AS DECIMAL(24,6)) AS energy_kwh_measured,"
            + " CAST(ee AS DECIMAL(24,6)) AS energy_kwh_estimated,"
            + " CAST(b AS DECIMAL(24,6)) AS billed_amount_cny,"
            + " CAST(tb AS BIGINT) AS tokens_billed_energy_known,"
            + " CAST(bk AS DECIMAL(24,6)) AS billed_cny_energy_known,"
            + " CAST(eb AS DECIMAL(24,6)) AS energy_kwh_billed FROM VALUES"
            // billed: 10 CNY for the hour's 1 M tokens with 2 kWh measured
            + " (0, 'CN-JS', 1000000, 1000000, 0, 0, 2, 0, 10, 1000000, 10, 2),"
            // billed 6 CNY, 4 of them for the 500,000 tokens whose energy (1 kWh) is known
            + " (1, 'CN-JS', 1000000, 0, 500000, 500000, 0, 1, 6, 500000, 4, 1),"
            // billed and measured, but the hour has no price: not valued
            + " (3, 'CN-JS', 1000000, 1000000, 0, 0, 1, 0, 5, 1000000, 5, 1),"
            // billed, energy unknown: not valued
            + " (0, 'CN-XZ', 1000000, 0, 0, 1000000, 0, 0, 3, 0, 0, 0)"
            + " AS v(h, r, t, tm, te, tu, em, ee, b, tb, bk, eb)");
  }

  /** CN-JS is in hub YRD, zone east; CN-XZ in no hub, zone west. */
  static Dataset<Row> regions(SparkSession spark) {
    return spark.sql(
        "SELECT region_code, hub_code, zone, CAST('2020-01-01' AS DATE) AS valid_from,"
            + " CAST(NULL AS DATE) AS valid_to FROM VALUES ('CN-JS', 'YRD', 'east'),"
            + " ('CN-XZ', NULL, 'west') AS v(region_code, hub_code, zone)");
  }

  static Dataset<Row> priceHours(SparkSession spark) {
    return spark.sql(
        "SELECT CAST('2026-03-14' AS DATE) AS report_date, h AS report_hour, 'CN-JS' AS region_code,"
            + " CAST(p AS DECIMAL(24,6)) AS price_cny_per_kwh, 60 AS minutes_priced FROM VALUES"
            + " (0, 0.3), (1, -0.1), (2, 0.5) AS v(h, p)");
  }

  @Test
  void energyCoverageCostAndPricesPerLevel(SparkSession spark) {
    DatasetAssert.assertRows(
        EnergyMeasures.energyDaily(usageHourly(spark), priceHours(spark), regions(spark)),
        List.of(
            "level",
            "code",
            "total_tokens",
            "measured_share",
            "estimated_share",
            "unknown_share",
            "CAST(energy_kwh AS DOUBLE)",
            "kwh_per_million_tokens",
            "joules_per_token",
            "CAST(energy_kwh_priced AS DOUBLE)",
            "tokens_priced",
            "CAST(energy_cost_cny AS DOUBLE)",
            "cost_coverage",
            "cny_per_million_tokens",
            "price_paid_cny_per_kwh",
            "market_price_cny_per_kwh",
            "market_price_hours"),
        List.of(
            // CN-JS: 4 kWh for 2.5 M tokens of known energy: 1.6 kWh/M, 4 x 3.6e6 / 2.5e6 = 5.76
            // J/token. Priced: hours 0 and 1 (hour 3 has no price): 3 kWh, 1.5 M tokens, cost
            // 2 x 0.3 + 1 x -0.1 = 0.5 CNY; coverage 3 / 4; 0.5 / 1.5 M tokens = 0.333333333
            // CNY/M; paid 0.5 / 3 = 0.166666667 CNY/kWh; market (0.3 - 0.1 + 0.5) / 3 hours.
            jiangsu("region", "CN-JS", 3_000_000L, 2.0 / 3, 0.5 / 3, 0.5 / 3),
            jiangsu("hub", "YRD", 3_000_000L, 2.0 / 3, 0.5 / 3, 0.5 / 3),
            jiangsu("zone", "east", 3_000_000L, 2.0 / 3, 0.5 / 3, 0.5 / 3),
            // CN-XZ: energy unknown, no price: every ratio is missing, not zero
            tibet("region", "CN-XZ"),
            tibet("zone", "west"),
            // national: 4 M tokens, 1.5 M of them unknown; the market price is CN-JS's (the
            // only region with prices)
            jiangsu("national", "CN", 4_000_000L, 0.5, 0.125, 0.375)));
  }

  @Test
  void theValueMultipleComparesBilledWithEnergyCostOverRecordsWithBoth(SparkSession spark) {
    DatasetAssert.assertRows(
        EnergyMeasures.energyDaily(usageHourly(spark), priceHours(spark), regions(spark)),
        List.of(
            "level",
            "code",
            "CAST(billed_amount_cny AS DOUBLE)",
            "tokens_valued",
            "CAST(value_billed_cny AS DOUBLE)",
            "CAST(value_cost_cny AS DOUBLE)",
            "value_multiple",
            "value_coverage"),
        List.of(
            // CN-JS: billed 10 + 6 + 5 = 21 CNY. Valued (billed, energy known, hour priced): hours
            // 0 and 1, 1.5 M tokens billed 10 + 4 = 14 CNY whose energy cost 2 x 0.3 + 1 x -0.1 =
            // 0.5 CNY: 14 / 0.5 = 28; coverage 1.5 M of 3 M tokens.
            row("region", "CN-JS", 21.0, 1_500_000L, 14.0, 0.5, 28.0, 0.5),
            row("hub", "YRD", 21.0, 1_500_000L, 14.0, 0.5, 28.0, 0.5),
            row("zone", "east", 21.0, 1_500_000L, 14.0, 0.5, 28.0, 0.5),
            // CN-XZ: billed, but no energy and no price: no multiple, coverage 0 (not missing)
            row("region", "CN-XZ", 3.0, 0L, null, null, null, 0.0),
            row("zone", "west", 3.0, 0L, null, null, null, 0.0),
            row("national", "CN", 24.0, 1_500_000L, 14.0, 0.5, 28.0, 0.375)));
  }

  /** A row for CN-XZ: 1 M tokens, energy unknown, no price; ratios are missing, not zero. */
  private static Row tibet(String level, String code) {
    return row(
        level,
        code,
        1_000_000L,
        0.0,
        0.0,
        1.0,
        0.0,
        null,
        null,
        0.0,
        0L,
        null,
        null,
        null,
        null,
        null,
        0L);
  }

  /** A row with CN-JS's energy, cost and prices (the only region with energy and prices). */
  private static Row jiangsu(
      String level, String code, long tokens, double measured, double estimated, double unknown) {
    return row(
        level,
        code,
        tokens,
        measured,
        estimated,
        unknown,
        4.0,
        1.6,
        5.76,
        3.0,
        1_500_000L,
        0.5,
        0.75,
        0.333333333,
        0.166666667,
        0.233333333,
        3L);
  }
}
