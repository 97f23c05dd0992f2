package org.tokenstats.common.table;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import java.util.Map;
import org.apache.spark.sql.types.StructType;

/** Operational tables: what ran, when, with which outcome (the `ops` layer). */
public final class OpsTables {
  private OpsTables() {}

  public static final String LAYER = "ops";

  /** {@code ops.job_runs}: one row per run of any command (OUTPUTS.md). */
  public static final class JobRuns {
    private JobRuns() {}

    public static final String RUN_ID = "run_id";
    public static final String COMMAND = "command";
    public static final String ARGUMENTS = "arguments";
    public static final String STARTED_AT = "started_at";
    public static final String FINISHED_AT = "finished_at";
    public static final String STATUS = "status";
    public static final String COUNTS = "counts";
    public static final String STAGE_MILLIS = "stage_millis";
    public static final String TABLE_VERSIONS = "table_versions";
    public static final String SETTINGS = "settings";
    public static final String ERROR = "error";
    public static final String SPARK_MASTER = "spark_master";
    public static final String TOKENSTATS_VERSION = "tokenstats_version";

    public static final TableDef DEF =
        TableDef.builder(LAYER, "job_runs")
            .schema(
                new StructType()
                    .add(RUN_ID, StringType, false)
                    .add(COMMAND, StringType, false)
                    .add(ARGUMENTS, createArrayType(StringType, false), false)
                    .add(STARTED_AT, TimestampType, false)
                    .add(FINISHED_AT, TimestampType, false)
                    .add(STATUS, StringType, false)
                    .add(COUNTS, createMapType(StringType, LongType, false), false)
                    .add(STAGE_MILLIS, createMapType(StringType, LongType, false), false)
                    .add(TABLE_VERSIONS, createMapType(StringType, LongType, false), false)
                    .add(SETTINGS, createMapType(StringType, StringType, true), false)
                    .add(ERROR, StringType, true)
                    .add(SPARK_MASTER, StringType, true)
                    .add(TOKENSTATS_VERSION, StringType, true))
            .constraints(
                Map.of(
                    "status_known",
                    STATUS + " IN ('succeeded', 'failed')",
                    "finished_after_start",
                    FINISHED_AT + " >= " + STARTED_AT))
            .description(
                "One row per run of any command: status, counts, stage timings, the Delta"
                    + " versions it wrote, and the settings that shaped it.")
            .build();
  }
}
