package org.tokenstats.common.table;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.tokenstats.common.feed.UsageFeed;

/** The silver layer: clean, deduplicated usage per reporting hour, with energy attributed. */
public final class SilverTables {
  private SilverTables() {}

  public static final String LAYER = "silver";

  /** {@code silver.usage_hourly}: usage summed per reporting hour and dimension. */
  public static final class UsageHourly {
    private UsageHourly() {}

    public static final String REPORT_DATE = "report_date";
    public static final String REPORT_HOUR = "report_hour";
    public static final String RECORDS = "records";
    public static final String REQUESTS = "requests";
    public static final String TOTAL_TOKENS = "total_tokens";
    public static final String ENERGY_KWH_MEASURED = "energy_kwh_measured";
    public static final String ENERGY_KWH_ESTIMATED = "energy_kwh_estimated";
    public static final String TOKENS_ENERGY_MEASURED = "tokens_energy_measured";
    public static final String TOKENS_ENERGY_ESTIMATED = "tokens_energy_estimated";
    public static final String TOKENS_ENERGY_UNKNOWN = "tokens_energy_unknown";

    /**
     * Records with a billed amount and known energy (measured or estimated): their tokens, billed
     * CNY and kWh, the base of the value multiple. Added after the first release (nullable: rows
     * written before have none until their day is curated again).
     */
    public static final String TOKENS_BILLED_ENERGY_KNOWN = "tokens_billed_energy_known";

    public static final String BILLED_CNY_ENERGY_KNOWN = "billed_cny_energy_known";
    public static final String ENERGY_KWH_BILLED = "energy_kwh_billed";
    public static final String RUN_ID = "run_id";

    public static final TableDef DEF =
        TableDef.builder(LAYER, "usage_hourly")
            .schema(
                new StructType()
                    .add(REPORT_DATE, DateType, false)
                    .add(REPORT_HOUR, IntegerType, false)
                    .add(UsageFeed.PROVIDER_ID, StringType, false)
                    .add(UsageFeed.MODEL_ID, StringType, false)
                    .add(UsageFeed.REGION_CODE, StringType, false)
                    .add(UsageFeed.DATACENTER_ID, StringType, true)
                    .add(UsageFeed.MODALITY, StringType, false)
                    .add(RECORDS, LongType, false)
                    .add(REQUESTS, LongType, false)
                    .add(UsageFeed.INPUT_TOKENS, LongType, false)
                    .add(UsageFeed.OUTPUT_TOKENS, LongType, false)
                    .add(UsageFeed.CACHED_INPUT_TOKENS, LongType, false)
                    .add(TOTAL_TOKENS, LongType, false)
                    .add(UsageFeed.ACCELERATOR_SECONDS, BronzeTables.MEASURE, false)
                    .add(ENERGY_KWH_MEASURED, BronzeTables.MEASURE, false)
                    .add(ENERGY_KWH_ESTIMATED, BronzeTables.MEASURE, false)
                    .add(TOKENS_ENERGY_MEASURED, LongType, false)
                    .add(TOKENS_ENERGY_ESTIMATED, LongType, false)
                    .add(TOKENS_ENERGY_UNKNOWN, LongType, false)
                    .add(UsageFeed.BILLED_AMOUNT_CNY, BronzeTables.MEASURE, false)
                    .add(RUN_ID, StringType, false)
                    .add(TOKENS_BILLED_ENERGY_KNOWN, LongType, true)
                    .add(BILLED_CNY_ENERGY_KNOWN, BronzeTables.MEASURE, true)
                    .add(ENERGY_KWH_BILLED, BronzeTables.MEASURE, true))
            .partitionedBy(REPORT_DATE)
            .constraints(
                Map.of(
                    "energy_coverage_adds_up",
                    "tokens_energy_measured + tokens_energy_estimated + tokens_energy_unknown"
                        + " = total_tokens"))
            .description(
                "Usage per reporting hour x provider x model x region x datacenter x modality,"
                    + " from the latest version of each record; energy measured, estimated"
                    + " (accelerator-seconds x board power x PUE) or unknown.")
            .build();
  }

  /** {@code silver.price_hourly}: one power price per region and reporting hour. */
  public static final class PriceHourly {
    private PriceHourly() {}

    public static final String REPORT_DATE = "report_date";
    public static final String REPORT_HOUR = "report_hour";
    public static final String REGION_CODE = "region_code";
    public static final String MARKET = "market";
    public static final String PRICE_CNY_PER_KWH = "price_cny_per_kwh";
    public static final String MINUTES_PRICED = "minutes_priced";
    public static final String INTERVALS = "intervals";
    public static final String PUBLISHED_AT = "published_at";
    public static final String RUN_ID = "run_id";

    public static final TableDef DEF =
        TableDef.builder(LAYER, "price_hourly")
            .schema(
                new StructType()
                    .add(REPORT_DATE, DateType, false)
                    .add(REPORT_HOUR, IntegerType, false)
                    .add(REGION_CODE, StringType, false)
                    .add(MARKET, StringType, false)
                    .add(PRICE_CNY_PER_KWH, BronzeTables.MEASURE, false)
                    .add(MINUTES_PRICED, IntegerType, false)
                    .add(INTERVALS, IntegerType, false)
                    .add(PUBLISHED_AT, TimestampType, false)
                    .add(RUN_ID, StringType, false))
            .partitionedBy(REPORT_DATE)
            .constraints(
                Map.of(
                    "minutes_in_hour",
                    MINUTES_PRICED + " > 0 AND " + MINUTES_PRICED + " <= 60",
                    "market_known",
                    MARKET + " IN ('real_time', 'day_ahead', 'tariff')"))
            .description(
                "One price per region x reporting hour: the time-weighted mean (CNY/kWh) of the"
                    + " price intervals in the hour from the most preferred market that has any,"
                    + " each interval at its latest publication.")
            .build();
  }
}
