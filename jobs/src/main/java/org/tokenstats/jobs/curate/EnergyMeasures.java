package org.tokenstats.jobs.curate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.tokenstats.common.feed.PriceFeed;
import org.tokenstats.common.feed.UsageFeed;
import org.tokenstats.common.table.BronzeTables;
import org.tokenstats.common.table.BronzeTables.Prices;
import org.tokenstats.common.table.GoldTables;
import org.tokenstats.common.table.GoldTables.EnergyDaily;
import org.tokenstats.common.table.SilverTables.PriceHourly;
import org.tokenstats.common.table.SilverTables.UsageHourly;

/**
 * Power prices per hour and the energy measures (docs/methodology.md) as pure functions of
 * Datasets. Energy and cost are summed as decimals, so a figure does not depend on the order Spark
 * adds in; ratios are doubles computed from those exact sums.
 */
public final class EnergyMeasures {
  private EnergyMeasures() {}

  private static final double JOULES_PER_KWH = 3.6e6;
  private static final double MILLION = 1e6;

  /** Decimals kept in kWh, joule and price ratios. */
  public static final int DECIMALS = 9;

  /**
   * {@code silver.price_hourly} (without run_id) from {@code bronze.prices} (already the latest
   * publication of each region × interval × market). An hour takes its price from the first market
   * of {@code marketOrder} that has any interval starting in it; the price is the mean of those
   * intervals weighted by their minutes. Markets not in the order are ignored. The reporting hour
   * is the interval start's hour in the session zone, which tokenstats sets to the reporting zone.
   */
  public static Dataset<Row> priceHourly(Dataset<Row> prices, List<String> marketOrder) {
    Column preference = lit(null).cast("int");
    for (int i = marketOrder.size() - 1; i >= 0; i--) {
      preference =
          when(col(PriceFeed.MARKET).equalTo(marketOrder.get(i)), lit(i)).otherwise(preference);
    }
    var hourKey =
        Window.partitionBy(Prices.REPORT_DATE, PriceHourly.REPORT_HOUR, PriceFeed.REGION_CODE);
    Column minutes = col(PriceFeed.INTERVAL_MINUTES);
    return prices
        .withColumn(PriceHourly.REPORT_HOUR, hour(col(PriceFeed.INTERVAL_START)))
        .withColumn("_pref", preference)
        .filter(col("_pref").isNotNull())
        .withColumn("_best", min("_pref").over(hourKey))
        .filter(col("_pref").equalTo(col("_best")))
        .groupBy(
            col(Prices.REPORT_DATE),
            col(PriceHourly.REPORT_HOUR),
            col(PriceFeed.REGION_CODE),
            col(PriceFeed.MARKET))
        .agg(
            sum(col(Prices.PRICE_CNY_PER_KWH).multiply(minutes)).as("_price_minutes"),
            sum(minutes).as("_minutes"),
            count(lit(1)).cast("int").as(PriceHourly.INTERVALS),
            max(PriceFeed.PUBLISHED_AT).as(PriceHourly.PUBLISHED_AT))
        .withColumn(
            PriceHourly.PRICE_CNY_PER_KWH,
            col("_price_minutes").divide(col("_minutes")).cast(BronzeTables.MEASURE))
        .withColumn(PriceHourly.MINUTES_PRICED, least(col("_minutes"), lit(60)).cast("int"))
        .drop("_price_minutes", "_minutes");
  }

  /**
   * {@code gold.energy_daily} (without run_id) per day, nationally and per zone, hub and region.
   * Each region-hour's known energy (measured + estimated) is costed at that region-hour's price;
   * an hour without a price has unknown cost. Energy per token divides by the tokens whose energy
   * is known; cost per token by the tokens whose energy is known and priced; the price paid is cost
   * / priced energy; the market price is the time-weighted mean of the day's hourly prices of the
   * regions (in the level) that used energy that day, whether or not they used it in that hour. The
   * value multiple is what was billed for the records with a billed amount and known energy in
   * priced hours, over the cost of those records' energy; its coverage is their share of the
   * tokens.
   */
  public static Dataset<Row> energyDaily(
      Dataset<Row> usageHourly, Dataset<Row> priceHourly, Dataset<Row> regions) {
    Dataset<Row> price =
        priceHourly.select(
            col(PriceHourly.REPORT_DATE).as("_pd"),
            col(PriceHourly.REPORT_HOUR).as("_ph"),
            col(PriceHourly.REGION_CODE).as("_pr"),
            col(PriceHourly.PRICE_CNY_PER_KWH).as("_price"));
    Column energy =
        col(UsageHourly.ENERGY_KWH_MEASURED).plus(col(UsageHourly.ENERGY_KWH_ESTIMATED));
    Column known =
        col(UsageHourly.TOKENS_ENERGY_MEASURED).plus(col(UsageHourly.TOKENS_ENERGY_ESTIMATED));
    Column priced = col("_price").isNotNull();
    Dataset<Row> regionDay =
        usageHourly
            .join(
                price,
                col(UsageHourly.REPORT_DATE)
                    .equalTo(col("_pd"))
                    .and(col(UsageHourly.REPORT_HOUR).equalTo(col("_ph")))
                    .and(col(UsageFeed.REGION_CODE).equalTo(col("_pr"))),
                "left")
            .groupBy(col(GoldTables.REPORT_DATE), col(UsageFeed.REGION_CODE))
            .agg(
                sum(UsageHourly.TOTAL_TOKENS).as(EnergyDaily.TOTAL_TOKENS),
                sum(UsageHourly.TOKENS_ENERGY_MEASURED).as(EnergyDaily.TOKENS_ENERGY_MEASURED),
                sum(UsageHourly.TOKENS_ENERGY_ESTIMATED).as(EnergyDaily.TOKENS_ENERGY_ESTIMATED),
                sum(UsageHourly.TOKENS_ENERGY_UNKNOWN).as(EnergyDaily.TOKENS_ENERGY_UNKNOWN),
                sum(UsageHourly.ENERGY_KWH_MEASURED).as(EnergyDaily.ENERGY_KWH_MEASURED),
                sum(UsageHourly.ENERGY_KWH_ESTIMATED).as(EnergyDaily.ENERGY_KWH_ESTIMATED),
                sum(when(priced, energy).otherwise(lit(0))).as(EnergyDaily.ENERGY_KWH_PRICED),
                sum(when(priced, known).otherwise(lit(0L))).as(EnergyDaily.TOKENS_PRICED),
                sum(when(priced, energy.multiply(col("_price"))))
                    .cast(BronzeTables.MEASURE)
                    .as(EnergyDaily.ENERGY_COST_CNY),
                sum(UsageFeed.BILLED_AMOUNT_CNY).as(EnergyDaily.BILLED_AMOUNT_CNY),
                sum(when(priced, coalesce(col(UsageHourly.TOKENS_BILLED_ENERGY_KNOWN), lit(0L)))
                        .otherwise(lit(0L)))
                    .as(EnergyDaily.TOKENS_VALUED),
                sum(when(priced, col(UsageHourly.BILLED_CNY_ENERGY_KNOWN)))
                    .as(EnergyDaily.VALUE_BILLED_CNY),
                sum(when(priced, col(UsageHourly.ENERGY_KWH_BILLED).multiply(col("_price"))))
                    .cast(BronzeTables.MEASURE)
                    .as(EnergyDaily.VALUE_COST_CNY));

    Dataset<Row> market =
        priceHourly
            .groupBy(col(PriceHourly.REPORT_DATE).as("_md"), col(PriceHourly.REGION_CODE).as("_mr"))
            .agg(
                sum(col(PriceHourly.PRICE_CNY_PER_KWH).multiply(col(PriceHourly.MINUTES_PRICED)))
                    .as("_market_price_minutes"),
                sum(PriceHourly.MINUTES_PRICED).cast("long").as("_market_minutes"),
                count(lit(1)).as(EnergyDaily.MARKET_PRICE_HOURS));
    Dataset<Row> withMarket =
        regionDay
            .join(
                market,
                col(GoldTables.REPORT_DATE)
                    .equalTo(col("_md"))
                    .and(col(UsageFeed.REGION_CODE).equalTo(col("_mr"))),
                "left")
            .drop("_md", "_mr");

    Dataset<Row> levels =
        Geography.byLevel(
                Geography.place(withMarket, regions, UsageFeed.REGION_CODE), UsageFeed.REGION_CODE)
            .groupBy(col(GoldTables.REPORT_DATE), col(EnergyDaily.LEVEL), col(EnergyDaily.CODE))
            .agg(
                sum(EnergyDaily.TOTAL_TOKENS).as(EnergyDaily.TOTAL_TOKENS),
                sum(EnergyDaily.TOKENS_ENERGY_MEASURED).as(EnergyDaily.TOKENS_ENERGY_MEASURED),
                sum(EnergyDaily.TOKENS_ENERGY_ESTIMATED).as(EnergyDaily.TOKENS_ENERGY_ESTIMATED),
                sum(EnergyDaily.TOKENS_ENERGY_UNKNOWN).as(EnergyDaily.TOKENS_ENERGY_UNKNOWN),
                sum(EnergyDaily.ENERGY_KWH_MEASURED).as(EnergyDaily.ENERGY_KWH_MEASURED),
                sum(EnergyDaily.ENERGY_KWH_ESTIMATED).as(EnergyDaily.ENERGY_KWH_ESTIMATED),
                sum(EnergyDaily.ENERGY_KWH_PRICED).as(EnergyDaily.ENERGY_KWH_PRICED),
                sum(EnergyDaily.TOKENS_PRICED).as(EnergyDaily.TOKENS_PRICED),
                sum(EnergyDaily.ENERGY_COST_CNY).as(EnergyDaily.ENERGY_COST_CNY),
                sum("_market_price_minutes").as("_market_price_minutes"),
                sum("_market_minutes").as("_market_minutes"),
                sum(EnergyDaily.MARKET_PRICE_HOURS).as(EnergyDaily.MARKET_PRICE_HOURS),
                sum(EnergyDaily.BILLED_AMOUNT_CNY).as(EnergyDaily.BILLED_AMOUNT_CNY),
                sum(EnergyDaily.TOKENS_VALUED).as(EnergyDaily.TOKENS_VALUED),
                sum(EnergyDaily.VALUE_BILLED_CNY).as(EnergyDaily.VALUE_BILLED_CNY),
                sum(EnergyDaily.VALUE_COST_CNY).as(EnergyDaily.VALUE_COST_CNY));

    Column total = col(EnergyDaily.TOTAL_TOKENS).cast("double");
    Column knownTokens =
        col(EnergyDaily.TOKENS_ENERGY_MEASURED)
            .plus(col(EnergyDaily.TOKENS_ENERGY_ESTIMATED))
            .cast("double");
    Column kwh = col(EnergyDaily.ENERGY_KWH_MEASURED).plus(col(EnergyDaily.ENERGY_KWH_ESTIMATED));
    Column cost = col(EnergyDaily.ENERGY_COST_CNY).cast("double");
    Column pricedKwh = col(EnergyDaily.ENERGY_KWH_PRICED).cast("double");
    return levels
        .withColumn(EnergyDaily.ENERGY_KWH, kwh.cast(BronzeTables.MEASURE))
        .withColumn(
            EnergyDaily.MEASURED_SHARE,
            ratio(col(EnergyDaily.TOKENS_ENERGY_MEASURED).cast("double"), total))
        .withColumn(
            EnergyDaily.ESTIMATED_SHARE,
            ratio(col(EnergyDaily.TOKENS_ENERGY_ESTIMATED).cast("double"), total))
        .withColumn(
            EnergyDaily.UNKNOWN_SHARE,
            ratio(col(EnergyDaily.TOKENS_ENERGY_UNKNOWN).cast("double"), total))
        .withColumn(
            EnergyDaily.KWH_PER_MILLION_TOKENS,
            rounded(kwh.cast("double").multiply(MILLION), knownTokens))
        .withColumn(
            EnergyDaily.JOULES_PER_TOKEN,
            rounded(kwh.cast("double").multiply(JOULES_PER_KWH), knownTokens))
        .withColumn(EnergyDaily.COST_COVERAGE, ratio(pricedKwh, kwh.cast("double")))
        .withColumn(
            EnergyDaily.CNY_PER_MILLION_TOKENS,
            rounded(cost.multiply(MILLION), col(EnergyDaily.TOKENS_PRICED).cast("double")))
        .withColumn(EnergyDaily.PRICE_PAID_CNY_PER_KWH, rounded(cost, pricedKwh))
        .withColumn(
            EnergyDaily.MARKET_PRICE_CNY_PER_KWH,
            rounded(
                col("_market_price_minutes").cast("double"), col("_market_minutes").cast("double")))
        .withColumn(
            EnergyDaily.MARKET_PRICE_HOURS, coalesce(col(EnergyDaily.MARKET_PRICE_HOURS), lit(0L)))
        .withColumn(
            EnergyDaily.VALUE_MULTIPLE,
            rounded(
                col(EnergyDaily.VALUE_BILLED_CNY).cast("double"),
                col(EnergyDaily.VALUE_COST_CNY).cast("double")))
        .withColumn(
            EnergyDaily.VALUE_COVERAGE, ratio(col(EnergyDaily.TOKENS_VALUED).cast("double"), total))
        .drop("_market_price_minutes", "_market_minutes");
  }

  /** {@code a / b}, or null when b is zero or null (no basis for the ratio). */
  private static Column ratio(Column a, Column b) {
    return when(b.isNull().or(b.equalTo(0)), lit(null).cast("double")).otherwise(a.divide(b));
  }

  /**
   * A physical ratio (kWh, joules, CNY) rounded to {@link #DECIMALS} decimals, far below any
   * published precision, so that 403.2 / 1440 reads 0.28 and not 0.27999999999999997.
   */
  private static Column rounded(Column a, Column b) {
    return round(ratio(a, b), DECIMALS);
  }
}
