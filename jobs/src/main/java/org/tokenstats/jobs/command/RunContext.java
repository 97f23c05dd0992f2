package org.tokenstats.jobs.command;

import java.io.PrintStream;
import java.time.Clock;
import org.apache.spark.sql.SparkSession;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.run.JobRun;
import org.tokenstats.common.table.Warehouse;
import org.tokenstats.common.time.ReportingTime;

/**
 * What a running command works with: settings, session, warehouse, run record, clock, output. A
 * tool ({@link Command.Kind#TOOL}) gets no session and no warehouse (null).
 */
public record RunContext(
    Settings settings,
    SparkSession spark,
    Warehouse warehouse,
    JobRun run,
    Clock clock,
    PrintStream out) {

  public ReportingTime reportingTime() {
    return new ReportingTime(settings.timeZone());
  }
}
