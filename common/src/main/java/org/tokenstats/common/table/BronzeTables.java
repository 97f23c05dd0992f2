package org.tokenstats.common.table;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createDecimalType;

import java.util.Map;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;
import org.tokenstats.common.feed.PriceFeed;
import org.tokenstats.common.feed.UsageFeed;

/**
 * The bronze layer: accepted submissions as typed records with their lineage (which file, which
 * line, which run), the registry, and the quarantine of everything rejected.
 */
public final class BronzeTables {
  private BronzeTables() {}

  public static final String LAYER = "bronze";

  /**
   * Decimal measures (accelerator-seconds, kWh, CNY) keep six decimals; larger scale is rounded.
   */
  public static final DecimalType MEASURE = createDecimalType(24, 6);

  /** Lineage columns shared by every bronze table that holds submitted records. */
  public static final class Lineage {
    private Lineage() {}

    public static final String SUBMISSION = "submission";
    public static final String SUBMISSION_SHA256 = "submission_sha256";
    public static final String LINE_NUMBER = "line_number";
    public static final String INGESTED_AT = "ingested_at";
    public static final String RUN_ID = "run_id";

    static StructType addTo(StructType schema) {
      return schema
          .add(SUBMISSION, StringType, false)
          .add(SUBMISSION_SHA256, StringType, false)
          .add(LINE_NUMBER, LongType, false)
          .add(INGESTED_AT, TimestampType, false)
          .add(RUN_ID, StringType, false);
    }
  }

  /**
   * {@code bronze.usage}: an append-only log of accepted usage record versions. Each accepted
   * record is written once, by the task that parsed it; which version of a key counts is decided
   * when silver is built (see {@code UsageVersions}): the latest one whose submission was
   * registered, ordered by {@link Lineage#INGESTED_AT}, then {@link Lineage#SUBMISSION}, then
   * {@link Lineage#LINE_NUMBER}, unless {@link UsageSuperseded} names a later version elsewhere.
   */
  public static final class Usage {
    private Usage() {}

    /** Table property naming the layout; absent on a table an earlier tokenstats wrote. */
    public static final String LAYOUT = "tokenstats.usage.layout";

    /** {@link #LAYOUT}'s value for the append-only log of versions. */
    public static final String VERSIONS = "versions";

    /**
     * Table property set by the one-time migration of a table an earlier tokenstats wrote (one row
     * per key, each the latest): rows ingested before this instant are current without a
     * registration to match.
     */
    public static final String LEGACY_BEFORE = "tokenstats.usage.legacy-before";

    public static final String REPORT_DATE = "report_date";
    public static final String REPORT_HOUR = "report_hour";
    public static final String MODEL_ID_REPORTED = "model_id_reported";
    public static final String TOTAL_TOKENS = "total_tokens";
    public static final String CONTENT_HASH = "content_hash";

    public static final TableDef DEF =
        TableDef.builder(LAYER, "usage")
            .schema(
                Lineage.addTo(
                    new StructType()
                        .add(UsageFeed.PROVIDER_ID, StringType, false)
                        .add(UsageFeed.RECORD_ID, StringType, false)
                        .add(UsageFeed.EVENT_TIME, TimestampType, false)
                        .add(REPORT_DATE, DateType, false)
                        .add(REPORT_HOUR, IntegerType, false)
                        .add(UsageFeed.MODEL_ID, StringType, false)
                        .add(MODEL_ID_REPORTED, StringType, false)
                        .add(UsageFeed.REGION_CODE, StringType, false)
                        .add(UsageFeed.DATACENTER_ID, StringType, true)
                        .add(UsageFeed.MODALITY, StringType, false)
                        .add(UsageFeed.REQUEST_COUNT, LongType, false)
                        .add(UsageFeed.INPUT_TOKENS, LongType, false)
                        .add(UsageFeed.OUTPUT_TOKENS, LongType, false)
                        .add(UsageFeed.CACHED_INPUT_TOKENS, LongType, true)
                        .add(TOTAL_TOKENS, LongType, false)
                        .add(UsageFeed.ACCELERATOR_SECONDS, MEASURE, true)
                        .add(UsageFeed.ENERGY_KWH, MEASURE, true)
                        .add(UsageFeed.BILLED_AMOUNT_CNY, MEASURE, true)
                        .add(CONTENT_HASH, StringType, false)))
            .partitionedBy(REPORT_DATE)
            .key(UsageFeed.PROVIDER_ID, UsageFeed.RECORD_ID)
            .noStatsFor(UsageFeed.RECORD_ID, CONTENT_HASH)
            .property(LAYOUT, VERSIONS)
            .constraints(
                Map.of(
                    "tokens_non_negative",
                    "input_tokens >= 0 AND output_tokens >= 0 AND total_tokens >= 0",
                    "cached_within_input",
                    "cached_input_tokens IS NULL OR cached_input_tokens <= input_tokens",
                    "requests_positive",
                    "request_count >= 1"))
            .description(
                "Accepted usage record versions, appended as ingested, typed, with the file and"
                    + " line each came from; the current version of each (provider_id, record_id)"
                    + " is the latest one of a registered submission not superseded in"
                    + " bronze.usage_superseded.")
            .build();
  }

  /**
   * {@code bronze.usage_superseded}: for a record key and a reporting day, the version that
   * supersedes every earlier version of the key on that day. Written by ingest when a batch brings
   * a new version of a key whose earlier versions lie on other days (a correction that moved the
   * record) or on the same day, and by {@code maintain --audit} for what the revision window
   * missed. The lineage columns name the superseding version; it counts only once its submission is
   * registered.
   */
  public static final class UsageSuperseded {
    private UsageSuperseded() {}

    public static final String REPORT_DATE = Usage.REPORT_DATE;

    public static final TableDef DEF =
        TableDef.builder(LAYER, "usage_superseded")
            .schema(
                new StructType()
                    .add(UsageFeed.PROVIDER_ID, StringType, false)
                    .add(UsageFeed.RECORD_ID, StringType, false)
                    .add(REPORT_DATE, DateType, false)
                    .add(Lineage.INGESTED_AT, TimestampType, false)
                    .add(Lineage.SUBMISSION, StringType, false)
                    .add(Lineage.LINE_NUMBER, LongType, false)
                    .add(Lineage.RUN_ID, StringType, false))
            .key(
                UsageFeed.PROVIDER_ID,
                UsageFeed.RECORD_ID,
                REPORT_DATE,
                Lineage.INGESTED_AT,
                Lineage.SUBMISSION,
                Lineage.LINE_NUMBER)
            .description(
                "Versions of usage records that supersede, on a reporting day, every earlier"
                    + " version of the same (provider_id, record_id): a correction that replaced"
                    + " or moved a record.")
            .build();
  }

  /** {@code bronze.prices}: the latest publication of each (region, interval, market). */
  public static final class Prices {
    private Prices() {}

    public static final String PRICE_CNY_PER_KWH = "price_cny_per_kwh";
    public static final String PRICE_REPORTED = "price_reported";
    public static final String INTERVAL_END = "interval_end";
    public static final String REPORT_DATE = "report_date";

    public static final TableDef DEF =
        TableDef.builder(LAYER, "prices")
            .schema(
                Lineage.addTo(
                    new StructType()
                        .add(PriceFeed.REGION_CODE, StringType, false)
                        .add(PriceFeed.INTERVAL_START, TimestampType, false)
                        .add(INTERVAL_END, TimestampType, false)
                        .add(PriceFeed.INTERVAL_MINUTES, IntegerType, false)
                        .add(REPORT_DATE, DateType, false)
                        .add(PriceFeed.MARKET, StringType, false)
                        .add(PRICE_CNY_PER_KWH, MEASURE, false)
                        .add(PRICE_REPORTED, MEASURE, false)
                        .add(PriceFeed.UNIT, StringType, false)
                        .add(PriceFeed.PUBLISHED_AT, TimestampType, false)))
            .partitionedBy(REPORT_DATE)
            .key(PriceFeed.REGION_CODE, PriceFeed.INTERVAL_START, PriceFeed.MARKET)
            .description(
                "Accepted power prices, one row per (region_code, interval_start, market): the"
                    + " latest published_at, converted to CNY/kWh.")
            .build();
  }

  /** Columns every registry table has: validity as a half-open date interval. */
  public static final class Validity {
    private Validity() {}

    public static final String VALID_FROM = "valid_from";
    public static final String VALID_TO = "valid_to";
  }

  /** {@code bronze.regions}: the region registry (docs/submitting.md §3), effective-dated. */
  public static final class Regions {
    private Regions() {}

    public static final String REGION_CODE = "region_code";
    public static final String NAME = "name";
    public static final String HUB_CODE = "hub_code";
    public static final String ZONE = "zone";

    public static final TableDef DEF =
        registry(
            "regions",
            new StructType()
                .add(REGION_CODE, StringType, false)
                .add(NAME, StringType, false)
                .add(HUB_CODE, StringType, true)
                .add(ZONE, StringType, false),
            "Regions (ISO 3166-2:CN), the hub serving each, and its zone, effective-dated.");
  }

  /** {@code bronze.hubs}: hubs and clusters of the national computing network. */
  public static final class Hubs {
    private Hubs() {}

    public static final String HUB_CODE = "hub_code";
    public static final String NAME = "name";
    public static final String KIND = "kind";

    public static final TableDef DEF =
        registry(
            "hubs",
            new StructType()
                .add(HUB_CODE, StringType, false)
                .add(NAME, StringType, false)
                .add(KIND, StringType, false),
            "Computing hubs (kind=hub) and data-centre clusters (kind=cluster), effective-dated.");
  }

  /** {@code bronze.datacenters}: sites, their capacity and power characteristics. */
  public static final class Datacenters {
    private Datacenters() {}

    public static final String DATACENTER_ID = "datacenter_id";
    public static final String REGION_CODE = "region_code";
    public static final String ACCELERATOR_COUNT = "accelerator_count";
    public static final String ACCELERATOR_TYPE = "accelerator_type";
    public static final String ACCELERATOR_WATTS = "accelerator_watts";
    public static final String PUE = "pue";
    public static final String RACKS = "racks";
    public static final String PFLOPS_FP16 = "pflops_fp16";

    public static final TableDef DEF =
        registry(
            "datacenters",
            new StructType()
                .add(DATACENTER_ID, StringType, false)
                .add(REGION_CODE, StringType, false)
                .add(ACCELERATOR_COUNT, LongType, false)
                .add(ACCELERATOR_TYPE, StringType, true)
                .add(ACCELERATOR_WATTS, MEASURE, false)
                .add(PUE, MEASURE, false)
                .add(RACKS, LongType, true)
                .add(PFLOPS_FP16, MEASURE, true),
            "Datacenters: accelerators, board power when busy, PUE, effective-dated.");
  }

  /** {@code bronze.providers}: registered AI model providers. */
  public static final class Providers {
    private Providers() {}

    public static final String PROVIDER_ID = "provider_id";
    public static final String NAME = "name";
    public static final String HEADQUARTERS_COUNTRY = "headquarters_country";

    public static final TableDef DEF =
        registry(
            "providers",
            new StructType()
                .add(PROVIDER_ID, StringType, false)
                .add(NAME, StringType, false)
                .add(HEADQUARTERS_COUNTRY, StringType, true),
            "Registered AI model providers, effective-dated.");
  }

  private static TableDef registry(String name, StructType columns, String description) {
    StructType schema =
        Lineage.addTo(
            columns
                .add(Validity.VALID_FROM, DateType, false)
                .add(Validity.VALID_TO, DateType, true));
    return TableDef.builder(LAYER, name)
        .schema(schema)
        .constraints(
            Map.of(
                "valid_interval",
                Validity.VALID_TO
                    + " IS NULL OR "
                    + Validity.VALID_TO
                    + " > "
                    + Validity.VALID_FROM))
        .description(description + " Replaced whole when its file changes.")
        .build();
  }

  /** {@code bronze.quarantine}: every rejected record, and every unreadable file. */
  public static final class Quarantine {
    private Quarantine() {}

    public static final String SUBMISSION = Lineage.SUBMISSION;
    public static final String SUBMISSION_SHA256 = Lineage.SUBMISSION_SHA256;
    public static final String KIND = "kind";
    public static final String LINE_NUMBER = Lineage.LINE_NUMBER;
    public static final String RAW = "raw";
    public static final String REASON_CODE = "reason_code";
    public static final String DETAIL = "detail";
    public static final String RUN_ID = Lineage.RUN_ID;
    public static final String QUARANTINED_AT = "quarantined_at";

    public static final TableDef DEF =
        TableDef.builder(LAYER, "quarantine")
            .schema(
                new StructType()
                    .add(SUBMISSION, StringType, false)
                    .add(SUBMISSION_SHA256, StringType, false)
                    .add(KIND, StringType, false)
                    .add(LINE_NUMBER, LongType, true)
                    .add(RAW, StringType, true)
                    .add(REASON_CODE, StringType, false)
                    .add(DETAIL, StringType, false)
                    .add(RUN_ID, StringType, false)
                    .add(QUARANTINED_AT, TimestampType, false))
            .key(SUBMISSION_SHA256, SUBMISSION, LINE_NUMBER)
            .description(
                "Rejected records (with file, line, raw text, reason code and detail) and"
                    + " unreadable files (line_number null).")
            .build();
  }
}
