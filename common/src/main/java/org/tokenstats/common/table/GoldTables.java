package org.tokenstats.common.table;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.tokenstats.common.feed.UsageFeed;

/** The gold layer: the curated report tables of docs/outputs.md, a published interface. */
public final class GoldTables {
  private GoldTables() {}

  public static final String LAYER = "gold";
  public static final String RUN_ID = "run_id";
  public static final String REPORT_DATE = "report_date";

  /** {@code gold.token_daily}: tokens per day x region x provider x model x modality. */
  public static final class TokenDaily {
    private TokenDaily() {}

    public static final String REQUESTS = "requests";
    public static final String TOTAL_TOKENS = "total_tokens";

    public static final TableDef DEF =
        TableDef.builder(LAYER, "token_daily")
            .schema(
                new StructType()
                    .add(REPORT_DATE, DateType, false)
                    .add(UsageFeed.REGION_CODE, StringType, false)
                    .add(UsageFeed.PROVIDER_ID, StringType, false)
                    .add(UsageFeed.MODEL_ID, StringType, false)
                    .add(UsageFeed.MODALITY, StringType, false)
                    .add(REQUESTS, LongType, false)
                    .add(UsageFeed.INPUT_TOKENS, LongType, false)
                    .add(UsageFeed.OUTPUT_TOKENS, LongType, false)
                    .add(UsageFeed.CACHED_INPUT_TOKENS, LongType, false)
                    .add(TOTAL_TOKENS, LongType, false)
                    .add(RUN_ID, StringType, false))
            .partitionedBy(REPORT_DATE)
            .description(
                "Daily tokens (input + output) per reporting day x region x provider x model x"
                    + " modality.")
            .build();
  }

  /** {@code gold.token_daily_rollup}: daily tokens nationally and per zone, hub and region. */
  public static final class TokenDailyRollup {
    private TokenDailyRollup() {}

    public static final String LEVEL = "level";
    public static final String CODE = "code";
    public static final String TOTAL_TOKENS = "total_tokens";
    public static final String REQUESTS = "requests";
    public static final String PROVIDERS = "providers";
    public static final String SHARE_OF_NATIONAL = "share_of_national";

    /** Tokens and requests estimated for expected providers that sent nothing (non-response). */
    public static final String IMPUTED_TOKENS = "imputed_tokens";

    public static final String IMPUTED_REQUESTS = "imputed_requests";

    /** Providers that reported for the cell that day (= providers). */
    public static final String RESPONDENTS = "respondents";

    /** Respondents plus the expected providers that sent nothing and were estimated. */
    public static final String EXPECTED_RESPONDENTS = "expected_respondents";

    public static final String NATIONAL = "national";
    public static final String ZONE = "zone";
    public static final String HUB = "hub";
    public static final String REGION = "region";

    /** The code of the national level. */
    public static final String NATIONAL_CODE = "CN";

    public static final TableDef DEF =
        TableDef.builder(LAYER, "token_daily_rollup")
            .schema(
                new StructType()
                    .add(REPORT_DATE, DateType, false)
                    .add(LEVEL, StringType, false)
                    .add(CODE, StringType, false)
                    .add(TOTAL_TOKENS, LongType, false)
                    .add(REQUESTS, LongType, false)
                    .add(PROVIDERS, LongType, false)
                    .add(SHARE_OF_NATIONAL, DoubleType, false)
                    .add(RUN_ID, StringType, false)
                    // Added with non-response estimation: nullable, so a table written before
                    // gains them (Warehouse.ensure) and its old rows read as none estimated.
                    .add(IMPUTED_TOKENS, LongType, true)
                    .add(IMPUTED_REQUESTS, LongType, true)
                    .add(RESPONDENTS, LongType, true)
                    .add(EXPECTED_RESPONDENTS, LongType, true))
            .partitionedBy(REPORT_DATE)
            .constraints(
                Map.of(
                    "level_known", LEVEL + " IN ('national', 'zone', 'hub', 'region')",
                    "share_in_range",
                        SHARE_OF_NATIONAL + " >= 0 AND " + SHARE_OF_NATIONAL + " <= 1"))
            .description(
                "Daily tokens, requests and distinct providers nationally (code CN), per zone"
                    + " (east, west), hub (hub_code) and region, with the share of the national"
                    + " total; zone and hub from the registry in force that day. total_tokens and"
                    + " requests are as reported; imputed_tokens and imputed_requests estimate"
                    + " what expected providers that sent nothing would have reported.")
            .build();
  }

  /**
   * {@code gold.provider_contributions_daily}: each provider's tokens and requests in each cell of
   * the roll-up, per day. Internal (it names providers): the roll-up is summed from it, and
   * disclosure control weighs it, so the published cells and the contributions protected are the
   * same by construction.
   */
  public static final class ProviderContributionsDaily {
    private ProviderContributionsDaily() {}

    public static final String LEVEL = TokenDailyRollup.LEVEL;
    public static final String CODE = TokenDailyRollup.CODE;
    public static final String TOTAL_TOKENS = "total_tokens";
    public static final String REQUESTS = "requests";

    /** True for an expected provider that sent nothing, whose row is an estimate. */
    public static final String IMPUTED = "imputed";

    public static final TableDef DEF =
        TableDef.builder(LAYER, "provider_contributions_daily")
            .schema(
                new StructType()
                    .add(REPORT_DATE, DateType, false)
                    .add(LEVEL, StringType, false)
                    .add(CODE, StringType, false)
                    .add(UsageFeed.PROVIDER_ID, StringType, false)
                    .add(TOTAL_TOKENS, LongType, false)
                    .add(REQUESTS, LongType, false)
                    .add(RUN_ID, StringType, false)
                    // Added with non-response estimation; null (rows before it) = reported.
                    .add(IMPUTED, BooleanType, true))
            .partitionedBy(REPORT_DATE)
            .constraints(Map.of("level_known", LEVEL + " IN ('national', 'zone', 'hub', 'region')"))
            .description(
                "Internal, confidential: each provider's tokens and requests per day and roll-up"
                    + " cell (national, zone, hub, region), placed with the registry in force that"
                    + " day, reported or (imputed) estimated for an expected provider that sent"
                    + " nothing. gold.token_daily_rollup is its sum; disclosure control weighs it.")
            .build();
  }

  /**
   * {@code gold.geography}: the regions and hubs of the registry that curate placed the figures
   * with, and their names. Rewritten whole when the registry changed; a release reads names and
   * placements from it, never from bronze.
   */
  public static final class Geography {
    private Geography() {}

    public static final String LEVEL = TokenDailyRollup.LEVEL;
    public static final String CODE = TokenDailyRollup.CODE;
    public static final String NAME = "name";
    public static final String HUB_CODE = "hub_code";
    public static final String ZONE = "zone";
    public static final String KIND = "kind";
    public static final String VALID_FROM = BronzeTables.Validity.VALID_FROM;
    public static final String VALID_TO = BronzeTables.Validity.VALID_TO;

    public static final String REGION = TokenDailyRollup.REGION;
    public static final String HUB = TokenDailyRollup.HUB;

    public static final TableDef DEF =
        TableDef.builder(LAYER, "geography")
            .schema(
                new StructType()
                    .add(LEVEL, StringType, false)
                    .add(CODE, StringType, false)
                    .add(NAME, StringType, false)
                    .add(HUB_CODE, StringType, true)
                    .add(ZONE, StringType, true)
                    .add(KIND, StringType, true)
                    .add(VALID_FROM, DateType, false)
                    .add(VALID_TO, DateType, true)
                    .add(RUN_ID, StringType, false))
            .constraints(Map.of("level_known", LEVEL + " IN ('region', 'hub')"))
            .description(
                "The registry's regions (with hub_code and zone) and hubs (with kind), names and"
                    + " validity, as curate last placed figures with them: the geography dimension"
                    + " of the gold tables.")
            .build();
  }

  /** {@code gold.token_growth}: days and months, averages, growth multiples, ratios. */
  public static final class TokenGrowth {
    private TokenGrowth() {}

    public static final String PERIOD_TYPE = "period_type";
    public static final String PERIOD = "period";
    public static final String LEVEL = TokenDailyRollup.LEVEL;
    public static final String CODE = TokenDailyRollup.CODE;
    public static final String PERIOD_START = "period_start";
    public static final String DAYS_IN_PERIOD = "days_in_period";
    public static final String DAYS_WITH_DATA = "days_with_data";
    public static final String TOTAL_TOKENS = "total_tokens";
    public static final String AVG_DAILY_TOKENS = "avg_daily_tokens";
    public static final String GROWTH_MULTIPLE = "growth_multiple";
    public static final String BASELINE = "baseline";
    public static final String MOM_RATIO = "mom_ratio";
    public static final String YOY_RATIO = "yoy_ratio";
    public static final String AVG_7D = "avg_7d";

    /**
     * Estimated tokens of non-responding providers in the period (averages and ratios use the
     * estimated whole, total_tokens + imputed_tokens).
     */
    public static final String IMPUTED_TOKENS = "imputed_tokens";

    public static final String DAY = "day";
    public static final String MONTH = "month";

    public static final TableDef DEF =
        TableDef.builder(LAYER, "token_growth")
            .schema(
                new StructType()
                    .add(PERIOD_TYPE, StringType, false)
                    .add(PERIOD, StringType, false)
                    .add(LEVEL, StringType, false)
                    .add(CODE, StringType, false)
                    .add(PERIOD_START, DateType, false)
                    .add(DAYS_IN_PERIOD, IntegerType, false)
                    .add(DAYS_WITH_DATA, IntegerType, false)
                    .add(TOTAL_TOKENS, LongType, false)
                    .add(AVG_DAILY_TOKENS, DoubleType, false)
                    .add(BASELINE, StringType, false)
                    .add(GROWTH_MULTIPLE, DoubleType, true)
                    .add(MOM_RATIO, DoubleType, true)
                    .add(YOY_RATIO, DoubleType, true)
                    .add(AVG_7D, DoubleType, true)
                    .add(RUN_ID, StringType, false)
                    .add(IMPUTED_TOKENS, LongType, true))
            .constraints(Map.of("period_type_known", PERIOD_TYPE + " IN ('day', 'month')"))
            .description(
                "Per day (YYYY-MM-DD) and month (YYYY-MM) and per roll-up level and code: total"
                    + " and average daily tokens (over calendar days), growth multiple vs the"
                    + " baseline month, month-on-month and year-on-year ratios of average daily"
                    + " tokens, and (days) the 7-day average. total_tokens is as reported;"
                    + " averages and ratios are of the estimated whole, total_tokens +"
                    + " imputed_tokens (non-response). Missing periods have no row.")
            .build();
  }

  /** {@code gold.energy_daily}: energy, its coverage, cost and prices per day and geography. */
  public static final class EnergyDaily {
    private EnergyDaily() {}

    public static final String LEVEL = TokenDailyRollup.LEVEL;
    public static final String CODE = TokenDailyRollup.CODE;
    public static final String TOTAL_TOKENS = "total_tokens";
    public static final String TOKENS_ENERGY_MEASURED = "tokens_energy_measured";
    public static final String TOKENS_ENERGY_ESTIMATED = "tokens_energy_estimated";
    public static final String TOKENS_ENERGY_UNKNOWN = "tokens_energy_unknown";
    public static final String MEASURED_SHARE = "measured_share";
    public static final String ESTIMATED_SHARE = "estimated_share";
    public static final String UNKNOWN_SHARE = "unknown_share";
    public static final String ENERGY_KWH = "energy_kwh";
    public static final String ENERGY_KWH_MEASURED = "energy_kwh_measured";
    public static final String ENERGY_KWH_ESTIMATED = "energy_kwh_estimated";
    public static final String KWH_PER_MILLION_TOKENS = "kwh_per_million_tokens";
    public static final String JOULES_PER_TOKEN = "joules_per_token";
    public static final String ENERGY_KWH_PRICED = "energy_kwh_priced";
    public static final String TOKENS_PRICED = "tokens_priced";
    public static final String ENERGY_COST_CNY = "energy_cost_cny";
    public static final String COST_COVERAGE = "cost_coverage";
    public static final String CNY_PER_MILLION_TOKENS = "cny_per_million_tokens";
    public static final String PRICE_PAID_CNY_PER_KWH = "price_paid_cny_per_kwh";
    public static final String MARKET_PRICE_CNY_PER_KWH = "market_price_cny_per_kwh";
    public static final String MARKET_PRICE_HOURS = "market_price_hours";

    /** What providers billed (CNY) for the records with a billed amount. */
    public static final String BILLED_AMOUNT_CNY = "billed_amount_cny";

    /**
     * Records with a billed amount, known energy and an hourly price: their tokens, what was billed
     * for them and what their energy cost; the value multiple is billed over cost.
     */
    public static final String TOKENS_VALUED = "tokens_valued";

    public static final String VALUE_BILLED_CNY = "value_billed_cny";
    public static final String VALUE_COST_CNY = "value_cost_cny";
    public static final String VALUE_MULTIPLE = "value_multiple";

    /** Tokens valued over all tokens of the cell. */
    public static final String VALUE_COVERAGE = "value_coverage";

    public static final TableDef DEF =
        TableDef.builder(LAYER, "energy_daily")
            .schema(
                new StructType()
                    .add(REPORT_DATE, DateType, false)
                    .add(LEVEL, StringType, false)
                    .add(CODE, StringType, false)
                    .add(TOTAL_TOKENS, LongType, false)
                    .add(TOKENS_ENERGY_MEASURED, LongType, false)
                    .add(TOKENS_ENERGY_ESTIMATED, LongType, false)
                    .add(TOKENS_ENERGY_UNKNOWN, LongType, false)
                    .add(MEASURED_SHARE, DoubleType, true)
                    .add(ESTIMATED_SHARE, DoubleType, true)
                    .add(UNKNOWN_SHARE, DoubleType, true)
                    .add(ENERGY_KWH, BronzeTables.MEASURE, false)
                    .add(ENERGY_KWH_MEASURED, BronzeTables.MEASURE, false)
                    .add(ENERGY_KWH_ESTIMATED, BronzeTables.MEASURE, false)
                    .add(KWH_PER_MILLION_TOKENS, DoubleType, true)
                    .add(JOULES_PER_TOKEN, DoubleType, true)
                    .add(ENERGY_KWH_PRICED, BronzeTables.MEASURE, false)
                    .add(TOKENS_PRICED, LongType, false)
                    .add(ENERGY_COST_CNY, BronzeTables.MEASURE, true)
                    .add(COST_COVERAGE, DoubleType, true)
                    .add(CNY_PER_MILLION_TOKENS, DoubleType, true)
                    .add(PRICE_PAID_CNY_PER_KWH, DoubleType, true)
                    .add(MARKET_PRICE_CNY_PER_KWH, DoubleType, true)
                    .add(MARKET_PRICE_HOURS, LongType, false)
                    .add(RUN_ID, StringType, false)
                    .add(BILLED_AMOUNT_CNY, BronzeTables.MEASURE, true)
                    .add(TOKENS_VALUED, LongType, true)
                    .add(VALUE_BILLED_CNY, BronzeTables.MEASURE, true)
                    .add(VALUE_COST_CNY, BronzeTables.MEASURE, true)
                    .add(VALUE_MULTIPLE, DoubleType, true)
                    .add(VALUE_COVERAGE, DoubleType, true))
            .partitionedBy(REPORT_DATE)
            .constraints(
                Map.of(
                    "level_known",
                    LEVEL + " IN ('national', 'zone', 'hub', 'region')",
                    "coverage_adds_up",
                    TOKENS_ENERGY_MEASURED
                        + " + "
                        + TOKENS_ENERGY_ESTIMATED
                        + " + "
                        + TOKENS_ENERGY_UNKNOWN
                        + " = "
                        + TOTAL_TOKENS))
            .description(
                "Energy per day nationally and per zone, hub and region: kWh measured and"
                    + " estimated, token shares by coverage class, kWh per million tokens and"
                    + " joules per token (over tokens with known energy), energy cost at the hourly"
                    + " regional price, cost coverage, CNY per million tokens, energy-weighted"
                    + " price paid and time-weighted market price; what providers billed, and the"
                    + " value multiple (billed CNY over energy cost CNY, over records with both)"
                    + " with its token coverage.")
            .build();
  }

  /** {@code gold.utilization_daily}: accelerator utilization per day and geography. */
  public static final class UtilizationDaily {
    private UtilizationDaily() {}

    public static final String LEVEL = TokenDailyRollup.LEVEL;
    public static final String CODE = TokenDailyRollup.CODE;
    public static final String DATACENTER = "datacenter";
    public static final String DATACENTERS = "datacenters";
    public static final String ACCELERATORS = "accelerators";
    public static final String CAPACITY_ACCELERATOR_SECONDS = "capacity_accelerator_seconds";
    public static final String USED_ACCELERATOR_SECONDS = "used_accelerator_seconds";
    public static final String UTILIZATION = "utilization";

    /** Accelerator-seconds one accelerator offers in a reporting day (docs/methodology.md). */
    public static final long SECONDS_PER_DAY = 86_400L;

    public static final TableDef DEF =
        TableDef.builder(LAYER, "utilization_daily")
            .schema(
                new StructType()
                    .add(REPORT_DATE, DateType, false)
                    .add(LEVEL, StringType, false)
                    .add(CODE, StringType, false)
                    .add(DATACENTERS, LongType, false)
                    .add(ACCELERATORS, LongType, false)
                    .add(CAPACITY_ACCELERATOR_SECONDS, LongType, false)
                    .add(USED_ACCELERATOR_SECONDS, BronzeTables.MEASURE, false)
                    .add(UTILIZATION, DoubleType, true)
                    .add(RUN_ID, StringType, false))
            .partitionedBy(REPORT_DATE)
            .constraints(
                Map.of(
                    "level_known",
                    LEVEL + " IN ('datacenter', 'region', 'hub', 'zone', 'national')",
                    "used_non_negative",
                    USED_ACCELERATOR_SECONDS + " >= 0"))
            .description(
                "Accelerator-seconds used / capacity (accelerator_count x 86,400 from the registry"
                    + " in force that day) per datacenter, and capacity-weighted per region, hub,"
                    + " zone and nation; a datacenter without usage counts as idle capacity.")
            .build();
  }

  /** {@code gold.model_share_weekly}: each model's share of the week's tokens, ranked. */
  public static final class ModelShareWeekly {
    private ModelShareWeekly() {}

    public static final String ISO_WEEK = "iso_week";
    public static final String WEEK_START = "week_start";
    public static final String PROVIDER_ID = UsageFeed.PROVIDER_ID;
    public static final String PROVIDERS = "providers";
    public static final String TOTAL_TOKENS = "total_tokens";
    public static final String WEEK_TOTAL_TOKENS = "week_total_tokens";
    public static final String SHARE = "share";
    public static final String RANK = "rank";
    public static final String WOW_RATIO = "wow_ratio";
    public static final String DAYS_WITH_DATA = "days_with_data";

    public static final TableDef DEF =
        TableDef.builder(LAYER, "model_share_weekly")
            .schema(
                new StructType()
                    .add(ISO_WEEK, StringType, false)
                    .add(WEEK_START, DateType, false)
                    .add(UsageFeed.MODEL_ID, StringType, false)
                    .add(PROVIDER_ID, StringType, false)
                    .add(PROVIDERS, LongType, false)
                    .add(TOTAL_TOKENS, LongType, false)
                    .add(WEEK_TOTAL_TOKENS, LongType, false)
                    .add(SHARE, DoubleType, false)
                    .add(RANK, IntegerType, false)
                    .add(WOW_RATIO, DoubleType, true)
                    .add(DAYS_WITH_DATA, IntegerType, false)
                    .add(RUN_ID, StringType, false))
            .constraints(Map.of("share_in_range", SHARE + " >= 0 AND " + SHARE + " <= 1"))
            .description(
                "Per ISO week (YYYY-Www, Monday to Sunday in the reporting zone) and model: tokens,"
                    + " share of all tokens that week, rank (1 = most tokens; ties share a rank),"
                    + " week-on-week ratio of tokens, and the provider serving the most of them"
                    + " (with the count of providers serving the model).")
            .build();
  }
}
