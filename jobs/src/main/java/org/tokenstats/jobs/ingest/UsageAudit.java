package org.tokenstats.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.tokenstats.common.run.JobRun;
import org.tokenstats.common.table.BronzeTables.Usage;
import org.tokenstats.common.table.BronzeTables.UsageSuperseded;
import org.tokenstats.common.table.OpsTables.TouchedDays;
import org.tokenstats.common.table.Warehouse;

/**
 * {@code maintain --audit}: the check of all of {@code bronze.usage} that the nightly leaves out.
 * Ingest looks for earlier versions of a batch's records only within the revision window; a
 * correction that moved a record further than that leaves the old version current on its old day.
 * The audit computes the supersessions the whole history implies, adds the missing ones, and marks
 * their days for recompute ({@code ops.touched_days}, feed {@value #FEED}), so the next curate
 * repairs the figures.
 */
public final class UsageAudit {
  private UsageAudit() {}

  /** The {@code ops.touched_days} feed of the days an audit found. */
  public static final String FEED = "audit";

  /** What an audit found: the supersessions it added, and the days they change. */
  public record Result(long added, List<LocalDate> days) {}

  public static Result run(Warehouse warehouse, JobRun run) {
    UsageVersions.migrate(warehouse, run.startedAt());
    warehouse.ensure(TouchedDays.DEF);
    Dataset<Row> all = UsageVersions.registered(warehouse, warehouse.read(Usage.DEF));
    Dataset<Row> missing =
        UsageVersions.supersessions(all, all.limit(0))
            .join(
                warehouse.read(UsageSuperseded.DEF),
                scala.jdk.javaapi.CollectionConverters.asScala(UsageSuperseded.DEF.key()).toSeq(),
                "left_anti")
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<LocalDate> days =
          missing
              .select(UsageSuperseded.REPORT_DATE)
              .distinct()
              .orderBy(UsageSuperseded.REPORT_DATE)
              .collectAsList()
              .stream()
              .map(r -> r.getDate(0).toLocalDate())
              .toList();
      long added = days.isEmpty() ? 0 : missing.count();
      run.count("usage_audit_supersessions_added", added);
      run.count("usage_audit_days", days.size());
      if (!days.isEmpty()) {
        IngestWrites writes = new IngestWrites(warehouse, run);
        // Days first: the MERGE into bronze.usage_superseded makes Spark recompute `missing`
        // (its plan reads that table), after which nothing would be missing.
        writes.insertIfAbsent(
            TouchedDays.DEF,
            missing
                .select(col(UsageSuperseded.REPORT_DATE).as(TouchedDays.REPORT_DATE))
                .distinct()
                .select(
                    col(TouchedDays.REPORT_DATE),
                    lit(FEED).as(TouchedDays.FEED),
                    lit(run.runId()).as(TouchedDays.SUBMISSION_SHA256),
                    lit(run.runId()).as(TouchedDays.RUN_ID),
                    lit(Timestamp.from(Instant.now())).as(TouchedDays.TOUCHED_AT)));
        writes.insertIfAbsent(UsageSuperseded.DEF, missing);
      }
      return new Result(added, days);
    } finally {
      missing.unpersist();
    }
  }
}
