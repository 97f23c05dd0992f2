package org.tokenstats.jobs.release;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.tokenstats.common.feed.UsageFeed;
import org.tokenstats.common.table.BronzeTables;
import org.tokenstats.common.table.GoldTables;
import org.tokenstats.common.table.GoldTables.EnergyDaily;
import org.tokenstats.common.table.GoldTables.ProviderContributionsDaily;
import org.tokenstats.common.table.GoldTables.TokenDailyRollup;
import org.tokenstats.common.table.GoldTables.TokenGrowth;
import org.tokenstats.common.table.GoldTables.UtilizationDaily;
import org.tokenstats.jobs.curate.Geography;

/**
 * The sums a release is made of, as pure {@code Dataset -> Dataset} functions over gold tables: per
 * day and per month, per level and code; and the providers' contributions per cell that disclosure
 * control weighs. Every sum is of longs or decimals, so exact.
 */
public final class ReleaseFigures {
  private ReleaseFigures() {}

  public static final String PERIOD = "period";
  public static final String TOKENS_ENERGY_KNOWN = "tokens_energy_known";

  /**
   * Per report_date x level x code (national, zone, hub, region): tokens and requests from the
   * roll-up (reported, and estimated for non-response, with respondents and expected ones), with
   * the energy and utilization sums of the same cell (zero where a table has none).
   */
  public static Dataset<Row> dailySums(
      Dataset<Row> rollup, Dataset<Row> energy, Dataset<Row> utilization) {
    String[] key = {GoldTables.REPORT_DATE, TokenDailyRollup.LEVEL, TokenDailyRollup.CODE};
    Dataset<Row> tokens =
        rollup.select(
            col(key[0]),
            col(key[1]),
            col(key[2]),
            col(TokenDailyRollup.TOTAL_TOKENS),
            col(TokenDailyRollup.REQUESTS),
            orZero(rollup, TokenDailyRollup.IMPUTED_TOKENS),
            orZero(rollup, TokenDailyRollup.IMPUTED_REQUESTS),
            orElse(rollup, TokenDailyRollup.RESPONDENTS, col(TokenDailyRollup.PROVIDERS)),
            orElse(rollup, TokenDailyRollup.EXPECTED_RESPONDENTS, col(TokenDailyRollup.PROVIDERS)));
    Dataset<Row> e =
        energy.select(
            col(key[0]),
            col(key[1]),
            col(key[2]),
            col(EnergyDaily.ENERGY_KWH),
            col(EnergyDaily.ENERGY_KWH_ESTIMATED),
            col(EnergyDaily.TOKENS_ENERGY_MEASURED)
                .plus(col(EnergyDaily.TOKENS_ENERGY_ESTIMATED))
                .as(TOKENS_ENERGY_KNOWN),
            col(EnergyDaily.ENERGY_COST_CNY),
            col(EnergyDaily.TOKENS_PRICED),
            orZero(energy, EnergyDaily.TOKENS_VALUED),
            orElse(energy, EnergyDaily.VALUE_BILLED_CNY, lit(null).cast(BronzeTables.MEASURE)),
            orElse(energy, EnergyDaily.VALUE_COST_CNY, lit(null).cast(BronzeTables.MEASURE)));
    Dataset<Row> u =
        utilization
            .filter(col(UtilizationDaily.LEVEL).notEqual(lit(UtilizationDaily.DATACENTER)))
            .select(
                col(key[0]),
                col(key[1]),
                col(key[2]),
                col(UtilizationDaily.USED_ACCELERATOR_SECONDS),
                col(UtilizationDaily.CAPACITY_ACCELERATOR_SECONDS));
    scala.collection.immutable.Seq<String> on =
        scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(key)).toList();
    return tokens.join(e, on, "left").join(u, on, "left");
  }

  /** {@link #dailySums} summed per calendar month ({@code period} YYYY-MM) x level x code. */
  public static Dataset<Row> monthlySums(Dataset<Row> daily) {
    return daily
        .groupBy(
            date_format(col(GoldTables.REPORT_DATE), "yyyy-MM").as(PERIOD),
            col(TokenDailyRollup.LEVEL),
            col(TokenDailyRollup.CODE))
        .agg(
            sum(TokenDailyRollup.TOTAL_TOKENS).as(TokenDailyRollup.TOTAL_TOKENS),
            sum(TokenDailyRollup.REQUESTS).as(TokenDailyRollup.REQUESTS),
            sum(TokenDailyRollup.IMPUTED_TOKENS).as(TokenDailyRollup.IMPUTED_TOKENS),
            sum(TokenDailyRollup.IMPUTED_REQUESTS).as(TokenDailyRollup.IMPUTED_REQUESTS),
            sum(TokenDailyRollup.RESPONDENTS).as(TokenDailyRollup.RESPONDENTS),
            sum(TokenDailyRollup.EXPECTED_RESPONDENTS).as(TokenDailyRollup.EXPECTED_RESPONDENTS),
            zeroIfNull(sum(EnergyDaily.ENERGY_KWH)).as(EnergyDaily.ENERGY_KWH),
            zeroIfNull(sum(EnergyDaily.ENERGY_KWH_ESTIMATED)).as(EnergyDaily.ENERGY_KWH_ESTIMATED),
            zeroIfNull(sum(TOKENS_ENERGY_KNOWN)).as(TOKENS_ENERGY_KNOWN),
            sum(EnergyDaily.ENERGY_COST_CNY).as(EnergyDaily.ENERGY_COST_CNY),
            zeroIfNull(sum(EnergyDaily.TOKENS_PRICED)).as(EnergyDaily.TOKENS_PRICED),
            zeroIfNull(sum(EnergyDaily.TOKENS_VALUED)).as(EnergyDaily.TOKENS_VALUED),
            sum(EnergyDaily.VALUE_BILLED_CNY).as(EnergyDaily.VALUE_BILLED_CNY),
            sum(EnergyDaily.VALUE_COST_CNY).as(EnergyDaily.VALUE_COST_CNY),
            sum(UtilizationDaily.USED_ACCELERATOR_SECONDS)
                .as(UtilizationDaily.USED_ACCELERATOR_SECONDS),
            zeroIfNull(sum(UtilizationDaily.CAPACITY_ACCELERATOR_SECONDS))
                .as(UtilizationDaily.CAPACITY_ACCELERATOR_SECONDS),
            countDistinct(col(GoldTables.REPORT_DATE)).cast("int").as(TokenGrowth.DAYS_WITH_DATA));
  }

  private static Column zeroIfNull(Column c) {
    return coalesce(c, lit(0));
  }

  /**
   * A column added to a gold table later (non-response), as {@code fallback} where a row or a
   * pinned version written before has none: old releases reproduce from old versions.
   */
  static Column orElse(Dataset<Row> table, String column, Column fallback) {
    Column value =
        Arrays.asList(table.columns()).contains(column)
            ? coalesce(col(column), fallback)
            : fallback;
    return value.as(column);
  }

  static Column orZero(Dataset<Row> table, String column) {
    return orElse(table, column, lit(0L));
  }

  /**
   * {@code gold.provider_contributions_daily} rows summed per month: each provider's tokens per
   * period x level x code.
   */
  public static Dataset<Row> monthlyContributions(Dataset<Row> daily) {
    return daily
        .groupBy(
            date_format(col(GoldTables.REPORT_DATE), "yyyy-MM").as(PERIOD),
            col(TokenDailyRollup.LEVEL),
            col(TokenDailyRollup.CODE),
            col(UsageFeed.PROVIDER_ID))
        .agg(
            sum(ProviderContributionsDaily.TOTAL_TOKENS)
                .as(ProviderContributionsDaily.TOTAL_TOKENS));
  }

  /** Which hub and zone each region with usage in the rows sits in (registry in force). */
  public static Dataset<Row> placements(Dataset<Row> tokenDaily, Dataset<Row> regions) {
    return Geography.place(tokenDaily, regions, UsageFeed.REGION_CODE)
        .select(col(UsageFeed.REGION_CODE), col(Geography.HUB), col(Geography.ZONE))
        .distinct();
  }
}
