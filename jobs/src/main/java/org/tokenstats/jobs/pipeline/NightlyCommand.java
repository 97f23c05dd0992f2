package org.tokenstats.jobs.pipeline;

import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tokenstats.common.table.TableDef;
import org.tokenstats.common.table.Tables;
import org.tokenstats.jobs.cli.Command;
import org.tokenstats.jobs.cli.CommandLine;
import org.tokenstats.jobs.cli.OptionSpec;
import org.tokenstats.jobs.cli.RunContext;
import org.tokenstats.jobs.curate.CurateJob;
import org.tokenstats.jobs.ingest.IngestJob;

/**
 * {@code bin/tokenstats nightly [--date D]}: the scheduled run. It makes sure every declared table
 * exists, then runs the pipeline stages that exist so far, in order.
 */
public final class NightlyCommand implements Command {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyCommand.class);
  private static final String DATE = "date";

  @Override
  public String name() {
    return "nightly";
  }

  @Override
  public String summary() {
    return "The scheduled run: prepare the warehouse, ingest new submissions, curate touched days";
  }

  @Override
  public String description() {
    return "Runs the nightly pipeline for a reporting day (default: yesterday in the reporting\n"
        + "zone): creates any missing table, ingests every new submission (see `ingest`), then\n"
        + "recomputes every reporting day the ingestion touched (see `curate`).";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.optional(DATE, "DATE", "reporting day YYYY-MM-DD (default: yesterday)"));
  }

  @Override
  public void check(CommandLine line, org.tokenstats.common.config.Settings settings) {
    line.date(DATE);
    settings.requireLandingExists();
  }

  @Override
  public void run(CommandLine line, RunContext context) {
    LocalDate day =
        line.date(DATE)
            .orElseGet(() -> context.reportingTime().yesterday(context.clock().instant()));
    LOG.info("nightly run for reporting day {}", day);
    ensureTables(context);
    new IngestJob(context).run();
    new CurateJob(context).run(null, null);
  }

  /** Creates every declared table that does not exist yet (a fresh warehouse). */
  static void ensureTables(RunContext context) {
    context
        .run()
        .stage(
            "tables",
            () -> {
              for (TableDef table : Tables.ALL) {
                context.warehouse().ensure(table);
              }
              context.run().count("tables", Tables.ALL.size());
            });
  }
}
