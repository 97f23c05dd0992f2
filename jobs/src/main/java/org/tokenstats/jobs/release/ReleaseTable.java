package org.tokenstats.jobs.release;

import java.util.List;

/**
 * The four tidy tables of a release (docs/outputs.md): one observation a row, the same columns in
 * each, so that they stack.
 */
public enum ReleaseTable {
  NATIONAL_DAILY(
      "national_daily",
      "National daily figures",
      "Every calendar day of the reference month, national level (code CN)."),
  MONTHLY_SUMMARY(
      "monthly_summary",
      "Monthly summary",
      "The reference month nationally and per zone (east, west), and every month from the"
          + " baseline to it nationally: the growth trajectory."),
  HUB_MONTHLY(
      "hub_monthly",
      "Monthly figures per national computing hub",
      "The reference month per East-Data-West-Computing hub (registry in force at month end)."),
  REGION_MONTHLY(
      "region_monthly",
      "Monthly figures per region",
      "The reference month per provincial-level region with usage data.");

  public static final String PERIOD = "period";
  public static final String GEO_LEVEL = "geo_level";
  public static final String GEO_CODE = "geo_code";
  public static final String GEO_NAME = "geo_name";
  public static final String MEASURE = "measure";
  public static final String UNIT = "unit";
  public static final String VALUE = "value";
  public static final String OBS_STATUS = "obs_status";
  public static final String REVISION = "revision";
  public static final String CONF_STATUS = "conf_status";

  /** The columns of every release table, in order. */
  public static final List<String> COLUMNS =
      List.of(
          PERIOD,
          GEO_LEVEL,
          GEO_CODE,
          GEO_NAME,
          MEASURE,
          UNIT,
          VALUE,
          OBS_STATUS,
          REVISION,
          CONF_STATUS);

  private final String id;
  private final String title;
  private final String description;

  ReleaseTable(String id, String title, String description) {
    this.id = id;
    this.title = title;
    this.description = description;
  }

  public String id() {
    return id;
  }

  public String fileName() {
    return id + ".csv";
  }

  public String metadataFileName() {
    return id + ".csv-metadata.json";
  }

  public String title() {
    return title;
  }

  public String description() {
    return description;
  }

  /** The table's cells as text, in {@link #COLUMNS} order. */
  static List<String> cells(Observation o) {
    return List.of(
        o.period(),
        o.geoLevel(),
        o.geoCode(),
        o.geoName(),
        o.measure().id(),
        o.measure().unit(),
        o.publishedValue(),
        o.obsStatus(),
        o.revision(),
        o.confStatus());
  }
}
