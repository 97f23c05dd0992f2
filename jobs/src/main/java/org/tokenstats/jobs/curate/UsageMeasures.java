package org.tokenstats.jobs.curate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.tokenstats.common.feed.UsageFeed;
import org.tokenstats.common.table.BronzeTables;
import org.tokenstats.common.table.BronzeTables.Datacenters;
import org.tokenstats.common.table.BronzeTables.Validity;
import org.tokenstats.common.table.GoldTables;
import org.tokenstats.common.table.GoldTables.ProviderContributionsDaily;
import org.tokenstats.common.table.GoldTables.TokenDaily;
import org.tokenstats.common.table.GoldTables.TokenDailyRollup;
import org.tokenstats.common.table.SilverTables.UsageHourly;

/**
 * Token and energy measures as pure functions of Datasets (docs/methodology.md): no paths, no
 * clock, no settings. Sums are in 64-bit integers; with ANSI arithmetic an overflow fails the run
 * instead of wrapping.
 */
public final class UsageMeasures {
  private UsageMeasures() {}

  private static final double JOULES_PER_KWH = 3.6e6;

  /**
   * {@code silver.usage_hourly} (without run_id) from the latest version of each usage record
   * ({@code bronze.usage}) and the datacenter registry. A record's energy is measured when it
   * carries {@code energy_kwh}; else estimated as accelerator_seconds × accelerator_watts × pue /
   * 3.6e6 from its datacenter's registry row in force on the record's reporting day; else unknown.
   * Records with both a billed amount and known energy are summed apart too (tokens, CNY, kWh): the
   * value multiple compares only what is known on the same record.
   */
  public static Dataset<Row> usageHourly(Dataset<Row> usage, Dataset<Row> datacenters) {
    Dataset<Row> dc =
        datacenters.select(
            col(Datacenters.DATACENTER_ID).as("_dc"),
            col(Datacenters.ACCELERATOR_WATTS).cast("double").as("_watts"),
            col(Datacenters.PUE).cast("double").as("_pue"),
            col(Validity.VALID_FROM).as("_from"),
            col(Validity.VALID_TO).as("_to"));
    Column inForce =
        col(UsageFeed.DATACENTER_ID)
            .equalTo(col("_dc"))
            .and(col(UsageHourly.REPORT_DATE).geq(col("_from")))
            .and(col("_to").isNull().or(col(UsageHourly.REPORT_DATE).lt(col("_to"))));
    Dataset<Row> joined = usage.join(dc, inForce, "left");

    Column measured = col(UsageFeed.ENERGY_KWH).isNotNull();
    Column estimable =
        not(measured)
            .and(col(UsageFeed.ACCELERATOR_SECONDS).isNotNull())
            .and(col("_watts").isNotNull());
    Column estimate =
        col(UsageFeed.ACCELERATOR_SECONDS)
            .cast("double")
            .multiply(col("_watts"))
            .multiply(col("_pue"))
            .divide(JOULES_PER_KWH);
    Column total = col(BronzeTables.Usage.TOTAL_TOKENS);
    // The value multiple's base: a billed amount and known energy on the same record.
    Column valued = col(UsageFeed.BILLED_AMOUNT_CNY).isNotNull().and(measured.or(estimable));
    return joined
        .groupBy(
            col(UsageHourly.REPORT_DATE),
            col(UsageHourly.REPORT_HOUR),
            col(UsageFeed.PROVIDER_ID),
            col(UsageFeed.MODEL_ID),
            col(UsageFeed.REGION_CODE),
            col(UsageFeed.DATACENTER_ID),
            col(UsageFeed.MODALITY))
        .agg(
            count(lit(1)).as(UsageHourly.RECORDS),
            sum(UsageFeed.REQUEST_COUNT).as(UsageHourly.REQUESTS),
            sum(UsageFeed.INPUT_TOKENS).as(UsageFeed.INPUT_TOKENS),
            sum(UsageFeed.OUTPUT_TOKENS).as(UsageFeed.OUTPUT_TOKENS),
            sum(coalesce(col(UsageFeed.CACHED_INPUT_TOKENS), lit(0L)))
                .as(UsageFeed.CACHED_INPUT_TOKENS),
            sum(total).as(UsageHourly.TOTAL_TOKENS),
            sum(coalesce(col(UsageFeed.ACCELERATOR_SECONDS), lit(0)))
                .cast(BronzeTables.MEASURE)
                .as(UsageFeed.ACCELERATOR_SECONDS),
            sum(when(measured, col(UsageFeed.ENERGY_KWH)).otherwise(lit(0)))
                .cast(BronzeTables.MEASURE)
                .as(UsageHourly.ENERGY_KWH_MEASURED),
            sum(when(estimable, estimate).otherwise(lit(0.0)))
                .cast(BronzeTables.MEASURE)
                .as(UsageHourly.ENERGY_KWH_ESTIMATED),
            sum(when(measured, total).otherwise(lit(0L))).as(UsageHourly.TOKENS_ENERGY_MEASURED),
            sum(when(estimable, total).otherwise(lit(0L))).as(UsageHourly.TOKENS_ENERGY_ESTIMATED),
            sum(when(not(measured).and(not(estimable)), total).otherwise(lit(0L)))
                .as(UsageHourly.TOKENS_ENERGY_UNKNOWN),
            sum(coalesce(col(UsageFeed.BILLED_AMOUNT_CNY), lit(0)))
                .cast(BronzeTables.MEASURE)
                .as(UsageFeed.BILLED_AMOUNT_CNY),
            sum(when(valued, total).otherwise(lit(0L))).as(UsageHourly.TOKENS_BILLED_ENERGY_KNOWN),
            sum(when(valued, col(UsageFeed.BILLED_AMOUNT_CNY)).otherwise(lit(0)))
                .cast(BronzeTables.MEASURE)
                .as(UsageHourly.BILLED_CNY_ENERGY_KNOWN),
            sum(when(valued.and(measured), col(UsageFeed.ENERGY_KWH))
                    .when(valued, estimate.cast(BronzeTables.MEASURE))
                    .otherwise(lit(0).cast(BronzeTables.MEASURE)))
                .cast(BronzeTables.MEASURE)
                .as(UsageHourly.ENERGY_KWH_BILLED));
  }

  /**
   * {@code gold.token_daily} (without run_id): daily sums per region × provider × model × modality.
   */
  public static Dataset<Row> tokenDaily(Dataset<Row> usageHourly) {
    return usageHourly
        .groupBy(
            col(UsageHourly.REPORT_DATE),
            col(UsageFeed.REGION_CODE),
            col(UsageFeed.PROVIDER_ID),
            col(UsageFeed.MODEL_ID),
            col(UsageFeed.MODALITY))
        .agg(
            sum(UsageHourly.REQUESTS).as(TokenDaily.REQUESTS),
            sum(UsageFeed.INPUT_TOKENS).as(UsageFeed.INPUT_TOKENS),
            sum(UsageFeed.OUTPUT_TOKENS).as(UsageFeed.OUTPUT_TOKENS),
            sum(UsageFeed.CACHED_INPUT_TOKENS).as(UsageFeed.CACHED_INPUT_TOKENS),
            sum(UsageHourly.TOTAL_TOKENS).as(TokenDaily.TOTAL_TOKENS));
  }

  /**
   * {@code gold.provider_contributions_daily} (without run_id): each provider's tokens and requests
   * per day and cell (national, zone, hub, region), the region placed with the registry row in
   * force on the day; {@code imputed} false.
   */
  public static Dataset<Row> providerContributions(Dataset<Row> tokenDaily, Dataset<Row> regions) {
    return contributions(tokenDaily, regions, false);
  }

  /**
   * {@code gold.provider_contributions_daily} (without run_id) with the estimates for missing
   * providers ({@link NonResponse#estimates}) placed the same way, as rows with {@code imputed}
   * true.
   */
  public static Dataset<Row> providerContributions(
      Dataset<Row> tokenDaily, Dataset<Row> estimates, Dataset<Row> regions) {
    return contributions(tokenDaily, regions, false)
        .unionByName(contributions(estimates, regions, true));
  }

  private static Dataset<Row> contributions(
      Dataset<Row> tokenDaily, Dataset<Row> regions, boolean imputed) {
    return Geography.byLevel(
            Geography.place(tokenDaily, regions, UsageFeed.REGION_CODE), UsageFeed.REGION_CODE)
        .groupBy(
            col(GoldTables.REPORT_DATE),
            col(TokenDailyRollup.LEVEL),
            col(TokenDailyRollup.CODE),
            col(UsageFeed.PROVIDER_ID))
        .agg(
            sum(TokenDaily.TOTAL_TOKENS).as(ProviderContributionsDaily.TOTAL_TOKENS),
            sum(TokenDaily.REQUESTS).as(ProviderContributionsDaily.REQUESTS))
        .withColumn(ProviderContributionsDaily.IMPUTED, lit(imputed));
  }

  /** A contribution row that was reported (rows written before estimation have a null flag). */
  public static Column reported() {
    return not(coalesce(col(ProviderContributionsDaily.IMPUTED), lit(false)));
  }

  /**
   * {@code gold.token_daily_rollup} (without run_id) as the sum of the providers' contributions:
   * per day, national (code {@code CN}), per zone, per hub (regions with a hub) and per region:
   * reported tokens, requests and distinct providers (respondents), the share of the national
   * total, and beside them the estimates for expected providers that sent nothing (imputed tokens
   * and requests) and the expected respondents (respondents and those estimated).
   */
  public static Dataset<Row> tokenDailyRollup(Dataset<Row> contributions) {
    Column reported = reported();
    Dataset<Row> levels =
        contributions
            .groupBy(
                col(GoldTables.REPORT_DATE),
                col(TokenDailyRollup.LEVEL),
                col(TokenDailyRollup.CODE))
            .agg(
                sum(when(reported, col(ProviderContributionsDaily.TOTAL_TOKENS)).otherwise(0L))
                    .as(TokenDailyRollup.TOTAL_TOKENS),
                sum(when(reported, col(ProviderContributionsDaily.REQUESTS)).otherwise(0L))
                    .as(TokenDailyRollup.REQUESTS),
                count(when(reported, lit(1))).as(TokenDailyRollup.PROVIDERS),
                sum(when(reported, lit(0L)).otherwise(col(ProviderContributionsDaily.TOTAL_TOKENS)))
                    .as(TokenDailyRollup.IMPUTED_TOKENS),
                sum(when(reported, lit(0L)).otherwise(col(ProviderContributionsDaily.REQUESTS)))
                    .as(TokenDailyRollup.IMPUTED_REQUESTS),
                count(lit(1)).as(TokenDailyRollup.EXPECTED_RESPONDENTS))
            .withColumn(TokenDailyRollup.RESPONDENTS, col(TokenDailyRollup.PROVIDERS));
    Dataset<Row> national =
        levels
            .filter(col(TokenDailyRollup.LEVEL).equalTo(TokenDailyRollup.NATIONAL))
            .select(
                col(GoldTables.REPORT_DATE).as("_day"),
                col(TokenDailyRollup.TOTAL_TOKENS).as("_national"));
    return levels
        .join(national, col(GoldTables.REPORT_DATE).equalTo(col("_day")))
        .withColumn(
            TokenDailyRollup.SHARE_OF_NATIONAL,
            when(col("_national").equalTo(0), lit(0.0))
                .otherwise(
                    col(TokenDailyRollup.TOTAL_TOKENS)
                        .cast("double")
                        .divide(col("_national").cast("double"))))
        .drop("_day", "_national");
  }
}
