package org.tokenstats.jobs.ingest;

import io.delta.tables.DeltaMergeBuilder;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.RuntimeConfig;
import org.tokenstats.common.run.JobRun;
import org.tokenstats.common.table.BronzeTables.Quarantine;
import org.tokenstats.common.table.OpsTables.Submissions;
import org.tokenstats.common.table.TableDef;
import org.tokenstats.common.table.Warehouse;

/**
 * The writes every feed's ingestion shares: the upsert of accepted records into bronze, and
 * insert-if-absent MERGEs into the touched days, the quarantine and the submission register, each
 * keyed so that repeating them after a crash adds nothing twice.
 *
 * <p>Every MERGE here runs without Delta's copy of its source ({@value #MATERIALIZE_SOURCE} =
 * none). Delta copies a source that is not a Delta table, so that the two passes of a MERGE (find
 * the matched files, then write) see the same rows even if the source changes between them. Our
 * sources cannot change: they are the run's own staging files, written once before the MERGE and
 * deleted after it, and rows built on the driver. The copy cost a 10 M-record day ~40 s of its ~220
 * s usage stage (docs/BENCHMARKS.md). A value set explicitly in the configuration wins.
 */
final class IngestWrites {
  static final String MATERIALIZE_SOURCE = "spark.databricks.delta.merge.materializeSource";

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

  /**
   * MERGE on the table's key ({@link TableDef#mergeCondition()}) that only inserts rows whose key
   * is absent: safe to repeat after a crash.
   */
  void insertIfAbsent(TableDef table, Dataset<Row> rows) {
    execute(table, warehouse.delta(table).as("t").merge(rows.as("s"), table.mergeCondition()));
  }

  /**
   * MERGE on the table's key: a row whose key is absent is inserted; a present one is replaced when
   * {@code replaceWhen} holds (the incoming version is the later one), so a repeated run changes
   * nothing.
   */
  void upsert(TableDef table, Dataset<Row> rows, String replaceWhen) {
    execute(
        table,
        warehouse
            .delta(table)
            .as("t")
            .merge(rows.as("s"), table.mergeCondition())
            .whenMatched(replaceWhen)
            .updateAll());
  }

  private void execute(TableDef table, DeltaMergeBuilder merge) {
    RuntimeConfig conf = warehouse.spark().conf();
    boolean explicit = conf.contains(MATERIALIZE_SOURCE);
    if (!explicit) {
      conf.set(MATERIALIZE_SOURCE, "none");
    }
    try {
      merge.whenNotMatched().insertAll().execute();
    } finally {
      if (!explicit) {
        conf.unset(MATERIALIZE_SOURCE);
      }
    }
    run.wrote(table, warehouse.currentVersion(table));
  }

  void quarantine(Dataset<Row> rows) {
    insertIfAbsent(Quarantine.DEF, rows);
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
          warehouse.spark().createDataFrame(submissions, Submissions.DEF.schema()));
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
