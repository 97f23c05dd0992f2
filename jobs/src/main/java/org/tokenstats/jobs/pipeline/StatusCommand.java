package org.tokenstats.jobs.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.substring;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.tokenstats.common.run.RunLock;
import org.tokenstats.common.table.OpsTables.JobRuns;
import org.tokenstats.common.table.OpsTables.QualityChecks;
import org.tokenstats.common.table.Warehouse;
import org.tokenstats.jobs.command.CommandLine;
import org.tokenstats.jobs.command.OptionSpec;
import org.tokenstats.jobs.command.RunContext;
import org.tokenstats.jobs.command.SessionCommand;
import org.tokenstats.jobs.command.TextTable;
import org.tokenstats.jobs.curate.PendingDays;

/**
 * {@code bin/tokenstats status}: what an operator looks at first. The last runs, the days waiting
 * to be curated, the failed data-quality checks of the latest curate, and any run lock held. Reads
 * only; writes nothing but its own row of {@code ops.job_runs}.
 */
public final class StatusCommand implements SessionCommand {
  private static final String RUNS = "runs";

  @Override
  public String name() {
    return "status";
  }

  @Override
  public String summary() {
    return "Show the last runs, pending days, failed quality checks and held locks";
  }

  @Override
  public String description() {
    return "Prints the latest runs from ops.job_runs (status, duration, error), the reporting days\n"
        + "ingestion touched that are not yet curated, the data-quality checks that failed in the\n"
        + "latest run that made checks, and the run locks currently held under\n"
        + "<warehouse>/_locks. Changes nothing.";
  }

  @Override
  public Kind kind() {
    return Kind.QUERY;
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(OptionSpec.optional(RUNS, "N", "how many recent runs to show (default 10)"));
  }

  @Override
  public void check(CommandLine line, org.tokenstats.common.config.Settings settings) {
    line.longValue(RUNS, 1, 10_000);
  }

  @Override
  public void run(CommandLine line, RunContext context) {
    int runs = line.longValue(RUNS, 1, 10_000).orElse(10L).intValue();
    Warehouse warehouse = context.warehouse();
    var out = context.out();

    out.println("== last runs");
    Dataset<Row> last =
        warehouse
            .readIfPresent(JobRuns.DEF)
            .orderBy(col(JobRuns.STARTED_AT).desc())
            .limit(runs)
            .select(
                col(JobRuns.RUN_ID),
                col(JobRuns.COMMAND),
                col(JobRuns.STATUS),
                date_format(col(JobRuns.STARTED_AT), "yyyy-MM-dd HH:mm:ssXXX").as("started_at"),
                expr("round(unix_millis(finished_at) / 1000.0 - unix_millis(started_at) / 1000.0, 1)")
                    .as("seconds"),
                substring(col(JobRuns.ERROR), 1, 120).as("error"));
    print(context, last);

    List<LocalDate> pending = context.run().stage("pending", () -> PendingDays.in(warehouse));
    context.run().count("pending_days", pending.size());
    out.println();
    out.println(
        "== pending days (touched, not yet curated): "
            + (pending.isEmpty() ? "none" : pending.size() + ": " + ranges(pending)));

    out.println();
    Dataset<Row> checks = warehouse.readIfPresent(QualityChecks.DEF);
    List<Row> latest =
        checks
            .orderBy(col(QualityChecks.CHECKED_AT).desc())
            .select(QualityChecks.RUN_ID)
            .limit(1)
            .collectAsList();
    if (latest.isEmpty()) {
      out.println("== failed quality checks: no checks yet");
    } else {
      String runId = latest.get(0).getString(0);
      Dataset<Row> failed =
          checks
              .filter(col(QualityChecks.RUN_ID).equalTo(runId))
              .filter(col(QualityChecks.STATUS).equalTo(QualityChecks.FAIL))
              .orderBy(QualityChecks.REPORT_DATE, QualityChecks.CHECK)
              .select(
                  col(QualityChecks.REPORT_DATE).cast("string").as("report_date"),
                  col(QualityChecks.CHECK),
                  col(QualityChecks.SUBJECT),
                  col(QualityChecks.DETAIL));
      long n = failed.count();
      context.run().count("failed_checks", n);
      out.println("== failed quality checks of run " + runId + ": " + (n == 0 ? "none" : n));
      if (n > 0) {
        print(context, failed);
      }
    }

    out.println();
    List<String> locks =
        RunLock.held(warehouse.root(), context.spark().sparkContext().hadoopConfiguration());
    out.println("== run locks held: " + (locks.isEmpty() ? "none" : ""));
    locks.forEach(l -> out.println("  " + l));
  }

  private static void print(RunContext context, Dataset<Row> rows) {
    TextTable.print(context.out(), rows.columns(), rows.collectAsList());
  }

  /** Consecutive days written as ranges: 2026-03-14..2026-03-16, 2026-03-20. */
  static String ranges(List<LocalDate> days) {
    StringBuilder b = new StringBuilder();
    LocalDate start = null;
    LocalDate prev = null;
    for (LocalDate d : days) {
      if (prev != null && d.equals(prev.plusDays(1))) {
        prev = d;
        continue;
      }
      if (start != null) {
        b.append(start.equals(prev) ? start : start + ".." + prev).append(", ");
      }
      start = d;
      prev = d;
    }
    if (start != null) {
      b.append(start.equals(prev) ? start : start + ".." + prev);
    }
    return b.toString();
  }
}
