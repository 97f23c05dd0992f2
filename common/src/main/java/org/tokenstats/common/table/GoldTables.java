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
}
