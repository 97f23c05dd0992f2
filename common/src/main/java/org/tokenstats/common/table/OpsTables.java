package org.tokenstats.common.table;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
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

  /** {@code ops.job_runs}: one row per run of any command (docs/outputs.md). */
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

  /** {@code ops.submissions}: one row per ingested file, with its reconciliation. */
  public static final class Submissions {
    private Submissions() {}

    public static final String PATH = "path";
    public static final String SHA256 = "sha256";
    public static final String KIND = "kind";
    public static final String FORMAT = "format";
    public static final String SIZE_BYTES = "size_bytes";
    public static final String MODIFIED_AT = "modified_at";
    public static final String RECORDS_READ = "records_read";
    public static final String RECORDS_ACCEPTED = "records_accepted";
    public static final String RECORDS_QUARANTINED = "records_quarantined";
    public static final String UNKNOWN_FIELDS = "unknown_fields";
    public static final String STATUS = "status";
    public static final String DETAIL = "detail";
    public static final String FIRST_REPORT_DATE = "first_report_date";
    public static final String LAST_REPORT_DATE = "last_report_date";
    public static final String RUN_ID = "run_id";
    public static final String INGESTED_AT = "ingested_at";

    /** Status of a file that was read and whose records were accepted or quarantined. */
    public static final String INGESTED = "ingested";

    /** Status of a file that could not be read at all; it is quarantined whole. */
    public static final String UNREADABLE = "unreadable";

    /** Status of a file whose content (SHA-256) was already ingested under another path. */
    public static final String DUPLICATE = "duplicate";

    public static final TableDef DEF =
        TableDef.builder(LAYER, "submissions")
            .schema(
                new StructType()
                    .add(PATH, StringType, false)
                    .add(SHA256, StringType, false)
                    .add(KIND, StringType, false)
                    .add(FORMAT, StringType, false)
                    .add(SIZE_BYTES, LongType, false)
                    .add(MODIFIED_AT, TimestampType, false)
                    .add(RECORDS_READ, LongType, false)
                    .add(RECORDS_ACCEPTED, LongType, false)
                    .add(RECORDS_QUARANTINED, LongType, false)
                    .add(UNKNOWN_FIELDS, createMapType(StringType, LongType, false), false)
                    .add(STATUS, StringType, false)
                    .add(DETAIL, StringType, true)
                    .add(FIRST_REPORT_DATE, DateType, true)
                    .add(LAST_REPORT_DATE, DateType, true)
                    .add(RUN_ID, StringType, false)
                    .add(INGESTED_AT, TimestampType, false))
            .key(PATH, SHA256)
            .constraints(
                Map.of(
                    "reconciled",
                    RECORDS_READ + " = " + RECORDS_ACCEPTED + " + " + RECORDS_QUARANTINED,
                    "status_known",
                    STATUS + " IN ('ingested', 'unreadable', 'duplicate')"))
            .description(
                "One row per submission file (path and SHA-256): records read, accepted and"
                    + " quarantined (read = accepted + quarantined), status, run.")
            .build();
  }

  /** {@code ops.touched_days}: reporting days that ingestion changed and curation must redo. */
  public static final class TouchedDays {
    private TouchedDays() {}

    public static final String REPORT_DATE = "report_date";
    public static final String FEED = "feed";
    public static final String SUBMISSION_SHA256 = "submission_sha256";
    public static final String RUN_ID = "run_id";
    public static final String TOUCHED_AT = "touched_at";

    /**
     * The {@code feed} of the rows a curate run writes as it starts (its run id as the submission):
     * the days stay pending until the run has finished them.
     */
    public static final String CURATE = "curate";

    public static final TableDef DEF =
        TableDef.builder(LAYER, "touched_days")
            .schema(
                new StructType()
                    .add(REPORT_DATE, DateType, false)
                    .add(FEED, StringType, false)
                    .add(SUBMISSION_SHA256, StringType, false)
                    .add(RUN_ID, StringType, false)
                    .add(TOUCHED_AT, TimestampType, false))
            .key(REPORT_DATE, FEED, SUBMISSION_SHA256)
            .description(
                "Reporting days whose inputs changed (new, late or corrected records; new or"
                    + " revised prices), per submission, and days a curate run started on (feed"
                    + " curate). Curation recomputes them.")
            .build();
  }

  /** {@code ops.curated_days}: when each reporting day was last curated, and by which run. */
  public static final class CuratedDays {
    private CuratedDays() {}

    public static final String REPORT_DATE = "report_date";
    public static final String RUN_ID = "run_id";
    public static final String CURATED_AT = "curated_at";

    public static final TableDef DEF =
        TableDef.builder(LAYER, "curated_days")
            .schema(
                new StructType()
                    .add(REPORT_DATE, DateType, false)
                    .add(RUN_ID, StringType, false)
                    .add(CURATED_AT, TimestampType, false))
            .description(
                "One row per reporting day a curate run recomputed. A touched day is pending"
                    + " while it was touched after its last curation.")
            .build();
  }

  /** {@code ops.quality_checks}: the data-quality checks each curate run made, and their result. */
  public static final class QualityChecks {
    private QualityChecks() {}

    public static final String RUN_ID = "run_id";
    public static final String CHECKED_AT = "checked_at";
    public static final String REPORT_DATE = "report_date";
    public static final String CHECK = "check_name";
    public static final String SUBJECT = "subject";
    public static final String STATUS = "status";
    public static final String OBSERVED = "observed";
    public static final String EXPECTED = "expected";
    public static final String DETAIL = "detail";

    public static final String PASS = "pass";
    public static final String FAIL = "fail";
    public static final String SKIPPED = "skipped";

    public static final TableDef DEF =
        TableDef.builder(LAYER, "quality_checks")
            .schema(
                new StructType()
                    .add(RUN_ID, StringType, false)
                    .add(CHECKED_AT, TimestampType, false)
                    .add(REPORT_DATE, DateType, true)
                    .add(CHECK, StringType, false)
                    .add(SUBJECT, StringType, false)
                    .add(STATUS, StringType, false)
                    .add(OBSERVED, DoubleType, true)
                    .add(EXPECTED, StringType, false)
                    .add(DETAIL, StringType, false))
            .constraints(Map.of("status_known", STATUS + " IN ('pass', 'fail', 'skipped')"))
            .description(
                "One row per data-quality check a curate run made (per reporting day where the"
                    + " check is per day): what was checked, the observed value, the rule, pass,"
                    + " fail or skipped (not enough history), and why.")
            .build();
  }
}
