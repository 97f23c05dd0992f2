package org.tokenstats.jobs.pipeline;

import java.util.List;
import org.tokenstats.common.config.Settings;
import org.tokenstats.jobs.command.CommandLine;
import org.tokenstats.jobs.command.OptionSpec;
import org.tokenstats.jobs.command.RunContext;
import org.tokenstats.jobs.command.SessionCommand;
import org.tokenstats.jobs.curate.CurateCommand;
import org.tokenstats.jobs.curate.CurateJob;
import org.tokenstats.jobs.curate.CurateReport;
import org.tokenstats.jobs.ingest.IngestCommand;
import org.tokenstats.jobs.ingest.IngestJob;

/**
 * {@code bin/tokenstats backfill --from D --to D}: reprocess a range of reporting days, e.g. after
 * a provider resubmitted a month or the registry changed. Ingests whatever is new first, then
 * recomputes every silver and gold table for the range (and any other pending day) from bronze.
 * Running it twice gives identical tables.
 */
public final class BackfillCommand implements SessionCommand {
  private static final String FROM = "from";
  private static final String TO = "to";

  @Override
  public String name() {
    return "backfill";
  }

  @Override
  public String summary() {
    return "Ingest anything new, then recompute the curated tables for a range of days";
  }

  @Override
  public String description() {
    return "Reprocesses the reporting days FROM..TO (inclusive): ingests every new submission\n"
        + "(as `ingest`), then recomputes the silver and gold tables for those days and any day\n"
        + "still pending (as `curate --from --to`), with the data-quality checks. Use it after a\n"
        + "registry change or a resubmitted month; it is safe to run again.";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.required(FROM, "DATE", "first reporting day"),
        OptionSpec.required(TO, "DATE", "last reporting day"));
  }

  @Override
  public void check(CommandLine line, Settings settings) {
    line.requireOrdered(FROM, line.date(FROM).orElseThrow(), TO, line.date(TO).orElseThrow());
    settings.requireLandingExists();
  }

  @Override
  public void run(CommandLine line, RunContext context) {
    NightlyCommand.ensureTables(context);
    IngestCommand.print(new IngestJob(context).run(), context.out());
    CurateReport curated =
        new CurateJob(context).run(line.date(FROM).orElseThrow(), line.date(TO).orElseThrow());
    CurateCommand.print(curated, context.out());
    curated.throwIfFailed();
  }
}
