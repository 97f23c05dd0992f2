package org.tokenstats.jobs.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.delta.DeltaLog;
import org.tokenstats.common.feed.UsageFeed;
import org.tokenstats.common.table.BronzeTables.Lineage;
import org.tokenstats.common.table.BronzeTables.Usage;
import org.tokenstats.common.table.BronzeTables.UsageSuperseded;
import org.tokenstats.common.table.OpsTables.Submissions;
import org.tokenstats.common.table.Warehouse;
import scala.Option;

/**
 * Which rows of the append-only {@code bronze.usage} count: for each record key, the latest version
 * (ordered by {@code ingested_at}, then {@code submission}, then {@code line_number}, the feed's
 * rule: the latest ingested submission wins, ties by path, then by line).
 *
 * <p>A version counts when
 *
 * <ol>
 *   <li>its submission was registered as ingested by the run that wrote it ({@code ops.submissions}
 *       path and run_id): rows a killed run appended, or rows of a file found unreadable part-way,
 *       never count; and
 *   <li>no later version of its key supersedes it on its reporting day ({@code
 *       bronze.usage_superseded}, written by ingest from the batch and the history within the
 *       revision window, and by {@code maintain --audit} from all of history).
 * </ol>
 *
 * So the current versions of a set of days are found from those days' partitions alone, without a
 * join with the rest of the history. A table written by a tokenstats before this layout (one row
 * per key, each the latest) is migrated once ({@link #migrate}): its rows count as they are.
 */
public final class UsageVersions {
  private UsageVersions() {}

  /** The columns that order the versions of a key, most significant first. */
  static final String[] ORDER = {Lineage.INGESTED_AT, Lineage.SUBMISSION, Lineage.LINE_NUMBER};

  /** The columns a version is known by: key, day, order and the run that wrote it. */
  static final String[] NARROW = {
    UsageFeed.PROVIDER_ID,
    UsageFeed.RECORD_ID,
    Usage.REPORT_DATE,
    Lineage.INGESTED_AT,
    Lineage.SUBMISSION,
    Lineage.LINE_NUMBER,
    Lineage.RUN_ID
  };

  /**
   * The current usage records of the days {@code days} selects (a filter on report_date); writes
   * nothing, so read-only commands and notebooks use it too.
   */
  public static Dataset<Row> current(Warehouse warehouse, Column days) {
    Dataset<Row> rows = warehouse.read(Usage.DEF).filter(days);
    Layout layout = Layout.of(warehouse);
    if (!layout.versions()) {
      return rows; // not migrated yet: one row per key, each the latest
    }
    Dataset<Row> superseded = warehouse.readIfPresent(UsageSuperseded.DEF).filter(days);
    long count = superseded.count(); // a small table: corrected records only
    return current(
        rows,
        count == 0 ? null : superseded,
        warehouse.readIfPresent(Submissions.DEF),
        layout.legacyBefore(),
        count <= BROADCAST_MAX);
  }

  /**
   * Supersessions of the days read up to this many are sent to every task (a broadcast join); more
   * (a provider resubmitting a whole day) are joined by key. Without the broadcast, the join may
   * shuffle and sort every record of the days. Measured on the bench's 10 M-record day in a fresh
   * JVM it changed little ({@code silver.usage_hourly} 36.8 s with it, 38.6 s without). In a warm
   * session the visibility rule as a whole costs ~5 s of that stage's ~28 s, beside a table of the
   * old layout read without it (docs/benchmarks-lab-notes.md, "Eighth round").
   */
  static final long BROADCAST_MAX = 1_000_000;

  /**
   * The current versions among {@code rows} (bronze.usage rows of some days), given the
   * supersessions of the same days and the submission register. {@code legacyBefore}: rows ingested
   * before it count without a registration (a migrated table's), or null.
   */
  public static Dataset<Row> current(
      Dataset<Row> rows,
      Dataset<Row> superseded,
      Dataset<Row> submissions,
      Timestamp legacyBefore) {
    return current(rows, superseded, submissions, legacyBefore, false);
  }

  /**
   * {@link #current(Dataset, Dataset, Dataset, Timestamp)}; {@code superseded} may be null (none),
   * and {@code small} says it may be broadcast.
   */
  static Dataset<Row> current(
      Dataset<Row> rows,
      Dataset<Row> superseded,
      Dataset<Row> submissions,
      Timestamp legacyBefore,
      boolean small) {
    Dataset<Row> loads = loads(submissions);
    Dataset<Row> visible = registered(rows, loads, legacyBefore);
    if (superseded == null) {
      return visible;
    }
    Dataset<Row> later =
        registered(superseded, loads, null)
            .select(
                col(UsageFeed.PROVIDER_ID).as("_s_provider"),
                col(UsageFeed.RECORD_ID).as("_s_record"),
                col(UsageSuperseded.REPORT_DATE).as("_s_day"),
                col(Lineage.INGESTED_AT).as("_s_" + Lineage.INGESTED_AT),
                col(Lineage.SUBMISSION).as("_s_" + Lineage.SUBMISSION),
                col(Lineage.LINE_NUMBER).as("_s_" + Lineage.LINE_NUMBER));
    Column supersedes =
        col(UsageFeed.PROVIDER_ID)
            .equalTo(col("_s_provider"))
            .and(col(UsageFeed.RECORD_ID).equalTo(col("_s_record")))
            .and(col(Usage.REPORT_DATE).equalTo(col("_s_day")))
            .and(laterThan("_s_", ""));
    return visible.join(small ? broadcast(later) : later, supersedes, "left_anti");
  }

  /**
   * The rows of {@code rows} (bronze.usage rows) whose submission was registered by the run that
   * wrote them, or that a migrated table held before the migration.
   */
  static Dataset<Row> registered(Warehouse warehouse, Dataset<Row> rows) {
    Layout layout = Layout.of(warehouse);
    if (!layout.versions()) {
      return rows;
    }
    return registered(rows, loads(warehouse.readIfPresent(Submissions.DEF)), layout.legacyBefore());
  }

  /** (path, run_id) of every usage submission registered as ingested. */
  private static Dataset<Row> loads(Dataset<Row> submissions) {
    return submissions
        .filter(
            col(Submissions.STATUS)
                .equalTo(Submissions.INGESTED)
                .and(col(Submissions.KIND).equalTo(FeedKind.USAGE.folder())))
        .select(col(Submissions.PATH).as("_load_path"), col(Submissions.RUN_ID).as("_load_run"))
        .distinct();
  }

  /** The rows whose (submission, run_id) was registered, or that were ingested before legacy. */
  private static Dataset<Row> registered(
      Dataset<Row> rows, Dataset<Row> loads, Timestamp legacyBefore) {
    Column load =
        col(Lineage.SUBMISSION)
            .equalTo(col("_load_path"))
            .and(col(Lineage.RUN_ID).equalTo(col("_load_run")));
    if (legacyBefore == null) {
      return rows.join(broadcast(loads), load, "left_semi");
    }
    return rows.join(broadcast(loads), load, "left")
        .filter(col("_load_path").isNotNull().or(col(Lineage.INGESTED_AT).lt(lit(legacyBefore))))
        .drop("_load_path", "_load_run");
  }

  /**
   * Whether the version with column prefix {@code a} is later than the one with prefix {@code b}.
   */
  private static Column laterThan(String a, String b) {
    Column later = lit(false);
    for (int i = ORDER.length - 1; i >= 0; i--) {
      Column ai = col(a + ORDER[i]);
      Column bi = col(b + ORDER[i]);
      later = ai.gt(bi).or(ai.equalTo(bi).and(later));
    }
    return later;
  }

  /**
   * The supersessions a batch brings ({@code bronze.usage_superseded} rows): for every key of
   * {@code batch} with more than one version among {@code batch} and {@code history} (both in the
   * {@link #NARROW} columns), one row per day holding a version of it, naming the key's latest
   * version. The batch is the newest ingestion, so that is the batch's latest version of the key.
   */
  static Dataset<Row> supersessions(Dataset<Row> batch, Dataset<Row> history) {
    Column[] narrow = columns(NARROW);
    Dataset<Row> versions =
        batch
            .select(narrow)
            .withColumn("_batch", lit(1))
            .unionByName(history.select(narrow).withColumn("_batch", lit(0)));
    Column[] key = {col(UsageFeed.PROVIDER_ID), col(UsageFeed.RECORD_ID)};
    Dataset<Row> revised =
        versions
            .groupBy(key)
            .agg(
                count(lit(1)).as("_versions"),
                max("_batch").as("_in_batch"),
                max(struct(
                        col(Lineage.INGESTED_AT),
                        col(Lineage.SUBMISSION),
                        col(Lineage.LINE_NUMBER),
                        col(Lineage.RUN_ID)))
                    .as("_latest"))
            .filter(col("_versions").gt(1).and(col("_in_batch").equalTo(1)))
            .select(
                col(UsageFeed.PROVIDER_ID).as("_r_provider"),
                col(UsageFeed.RECORD_ID).as("_r_record"),
                col("_latest"));
    return versions
        .join(
            revised,
            col(UsageFeed.PROVIDER_ID)
                .equalTo(col("_r_provider"))
                .and(col(UsageFeed.RECORD_ID).equalTo(col("_r_record"))))
        .select(
            col(UsageFeed.PROVIDER_ID),
            col(UsageFeed.RECORD_ID),
            col(Usage.REPORT_DATE),
            col("_latest." + Lineage.INGESTED_AT).as(Lineage.INGESTED_AT),
            col("_latest." + Lineage.SUBMISSION).as(Lineage.SUBMISSION),
            col("_latest." + Lineage.LINE_NUMBER).as(Lineage.LINE_NUMBER),
            col("_latest." + Lineage.RUN_ID).as(Lineage.RUN_ID))
        .distinct();
  }

  private static Column[] columns(String[] names) {
    Column[] out = new Column[names.length];
    for (int i = 0; i < names.length; i++) {
      out[i] = col(names[i]);
    }
    return out;
  }

  /** How a bronze.usage table is laid out, from its Delta properties (read on the driver). */
  record Layout(boolean versions, Timestamp legacyBefore) {
    static Layout of(Warehouse warehouse) {
      Map<String, String> properties =
          scala.jdk.javaapi.CollectionConverters.asJava(
              DeltaLog.forTable(warehouse.spark(), warehouse.location(Usage.DEF))
                  .update(false, Option.empty(), Option.empty())
                  .metadata()
                  .configuration());
      String legacy = properties.get(Usage.LEGACY_BEFORE);
      return new Layout(
          Usage.VERSIONS.equals(properties.get(Usage.LAYOUT)),
          legacy == null ? null : Timestamp.from(Instant.parse(legacy)));
    }
  }

  /**
   * Migrates, once, a bronze.usage an earlier tokenstats wrote (one row per key, replaced in place
   * by MERGE) to the append-only layout: one commit setting {@link Usage#LAYOUT} and {@link
   * Usage#LEGACY_BEFORE}, which changes no row. Every row ingested before {@code since} (the start
   * of the run that migrates, before which all its rows were written; to the microsecond, as {@code
   * ingested_at} is stored) stays current as it is. Returns whether it migrated.
   */
  public static boolean migrate(Warehouse warehouse, Instant since) {
    warehouse.ensure(Usage.DEF);
    warehouse.ensure(UsageSuperseded.DEF);
    if (Layout.of(warehouse).versions()) {
      return false;
    }
    warehouse
        .spark()
        .sql(
            "ALTER TABLE delta.`"
                + warehouse.location(Usage.DEF)
                + "` SET TBLPROPERTIES ('"
                + Usage.LAYOUT
                + "' = '"
                + Usage.VERSIONS
                + "', '"
                + Usage.LEGACY_BEFORE
                + "' = '"
                + since.truncatedTo(ChronoUnit.MICROS)
                + "')");
    return true;
  }
}
