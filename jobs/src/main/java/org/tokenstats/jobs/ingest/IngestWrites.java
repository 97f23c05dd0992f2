package org.tokenstats.jobs.ingest;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.tokenstats.common.run.JobRun;
import org.tokenstats.common.table.BronzeTables.Quarantine;
import org.tokenstats.common.table.OpsTables.Submissions;
import org.tokenstats.common.table.TableDef;
import org.tokenstats.common.table.Warehouse;

/**
 * The writes every feed's ingestion shares: insert-if-absent MERGEs into the quarantine and the
 * submission register, each keyed so that repeating them after a crash adds nothing twice.
 */
final class IngestWrites {
  static final String QUARANTINE_KEY =
      "t.submission_sha256 = s.submission_sha256 AND t.submission = s.submission"
          + " AND t.line_number <=> s.line_number";
  static final String SUBMISSION_KEY = "t.path = s.path AND t.sha256 = s.sha256";

  private final Warehouse warehouse;
  private final JobRun run;
  private final Timestamp ingestedAt;

  IngestWrites(Warehouse warehouse, JobRun run) {
    this.warehouse = warehouse;
    this.run = run;
    this.ingestedAt = Timestamp.from(run.startedAt());
  }

  Timestamp ingestedAt() {
    return ingestedAt;
  }

  /** MERGE that only inserts rows whose key is absent: safe to repeat after a crash. */
  void insertIfAbsent(TableDef table, Dataset<Row> rows, String condition) {
    warehouse
        .delta(table)
        .as("t")
        .merge(rows.as("s"), condition)
        .whenNotMatched()
        .insertAll()
        .execute();
    run.wrote(table, warehouse.currentVersion(table));
  }

  void quarantine(Dataset<Row> rows) {
    insertIfAbsent(Quarantine.DEF, rows, QUARANTINE_KEY);
  }

  void quarantine(List<Row> rows) {
    if (!rows.isEmpty()) {
      quarantine(warehouse.spark().createDataFrame(rows, Quarantine.DEF.schema()));
    }
  }

  void register(List<Row> submissions) {
    if (!submissions.isEmpty()) {
      insertIfAbsent(
          Submissions.DEF,
          warehouse.spark().createDataFrame(submissions, Submissions.DEF.schema()),
          SUBMISSION_KEY);
    }
  }

  /** A quarantine row; {@code line} and {@code raw} are null for a whole unreadable file. */
  Row quarantineRow(
      String path, String sha, FeedKind feed, Long line, String raw, String reason, String detail) {
    return RowFactory.create(
        path, sha, feed.folder(), line, raw, reason, detail, run.runId(), ingestedAt);
  }

  /** An {@code ops.submissions} row. */
  Row submissionRow(
      LandingFile file,
      String sha,
      String format,
      long read,
      long accepted,
      long quarantined,
      Map<String, Long> unknown,
      String status,
      String detail,
      Date firstDay,
      Date lastDay) {
    return RowFactory.create(
        file.path(),
        sha,
        file.feed().folder(),
        format,
        file.size(),
        file.modifiedAt(),
        read,
        accepted,
        quarantined,
        unknown,
        status,
        detail,
        firstDay,
        lastDay,
        run.runId(),
        ingestedAt);
  }
}
