package org.tokenstats.jobs.command;

import java.io.PrintStream;
import java.time.Clock;
import org.apache.spark.sql.SparkSession;
import org.tokenstats.common.config.SettingKeys;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.run.JobRun;
import org.tokenstats.common.run.RunLock;
import org.tokenstats.common.table.Warehouse;
import org.tokenstats.common.time.ReportingTime;

/**
 * What a {@link SessionCommand} works with: settings, session, warehouse, run record, clock,
 * output. None of them is null (tools get a {@link ToolContext}).
 */
public record RunContext(
    Settings settings,
    SparkSession spark,
    Warehouse warehouse,
    JobRun run,
    Clock clock,
    PrintStream out) {

  public RunContext {
    java.util.Objects.requireNonNull(settings, "settings");
    java.util.Objects.requireNonNull(spark, "spark");
    java.util.Objects.requireNonNull(warehouse, "warehouse");
    java.util.Objects.requireNonNull(run, "run");
    java.util.Objects.requireNonNull(clock, "clock");
    java.util.Objects.requireNonNull(out, "out");
  }

  /**
   * Takes the run lock {@code name} under the warehouse ({@code _locks/<name>.lock}) for this run,
   * stale after {@code tokenstats.run.lock-stale-after}; fails naming the run that holds it.
   */
  public RunLock lock(String name) {
    return RunLock.acquire(
        warehouse.root(),
        name,
        run.runId(),
        settings.get(SettingKeys.LOCK_STALE_AFTER),
        clock,
        spark.sparkContext().hadoopConfiguration());
  }

  public ReportingTime reportingTime() {
    return new ReportingTime(settings.timeZone());
  }
}
