package org.tokenstats.common.run;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.tokenstats.common.table.OpsTables.JobRuns;
import org.tokenstats.common.table.Warehouse;

/**
 * Stores finished runs in {@code ops.job_runs}. A run id is unique, so each row is written once;
 * the row is the run's own record, not derived data, and appending it is idempotent by key.
 */
public final class RunLog {
  private RunLog() {}

  /** Appends the run's row; returns the Delta version of {@code ops.job_runs} it committed. */
  public static long record(
      Warehouse warehouse, JobRun run, Map<String, String> settings, String version) {
    warehouse.ensure(JobRuns.DEF);
    Row row =
        RowFactory.create(
            run.runId(),
            run.command(),
            run.arguments(),
            Timestamp.from(run.startedAt()),
            Timestamp.from(run.finishedAt()),
            run.status().value(),
            run.counts(),
            run.stageMillis(),
            run.tableVersions(),
            settings,
            run.error(),
            warehouse.spark().sparkContext().master(),
            version);
    warehouse
        .spark()
        .createDataFrame(List.of(row), JobRuns.DEF.schema())
        .write()
        .format("delta")
        .mode("append")
        .save(warehouse.location(JobRuns.DEF));
    return warehouse.currentVersion(JobRuns.DEF);
  }
}
