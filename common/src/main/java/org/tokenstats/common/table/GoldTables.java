package org.tokenstats.common.table;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.types.StructType;
import org.tokenstats.common.feed.UsageFeed;

/** The gold layer: the curated report tables of OUTPUTS.md, a published interface. */
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
                    .add(RUN_ID, StringType, false))
            .partitionedBy(REPORT_DATE)
            .constraints(
                java.util.Map.of(
                    "level_known", LEVEL + " IN ('national', 'zone', 'hub', 'region')",
                    "share_in_range",
                        SHARE_OF_NATIONAL + " >= 0 AND " + SHARE_OF_NATIONAL + " <= 1"))
            .description(
                "Daily tokens, requests and distinct providers nationally (code CN), per zone"
                    + " (east, west), hub (hub_code) and region, with the share of the national"
                    + " total; zone and hub from the registry in force that day.")
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
                    .add(DAYS_IN_PERIOD, org.apache.spark.sql.types.DataTypes.IntegerType, false)
                    .add(DAYS_WITH_DATA, org.apache.spark.sql.types.DataTypes.IntegerType, false)
                    .add(TOTAL_TOKENS, LongType, false)
                    .add(AVG_DAILY_TOKENS, DoubleType, false)
                    .add(BASELINE, StringType, false)
                    .add(GROWTH_MULTIPLE, DoubleType, true)
                    .add(MOM_RATIO, DoubleType, true)
                    .add(YOY_RATIO, DoubleType, true)
                    .add(AVG_7D, DoubleType, true)
                    .add(RUN_ID, StringType, false))
            .constraints(
                java.util.Map.of("period_type_known", PERIOD_TYPE + " IN ('day', 'month')"))
            .description(
                "Per day (YYYY-MM-DD) and month (YYYY-MM) and per roll-up level and code: total"
                    + " and average daily tokens (over calendar days), growth multiple vs the"
                    + " baseline month, month-on-month and year-on-year ratios of average daily"
                    + " tokens, and (days) the 7-day average. Missing periods have no row.")
            .build();
  }
}
