package org.tokenstats.jobs.pipeline;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.common.errors.TokenstatsException;
import org.tokenstats.common.table.TableDef;
import org.tokenstats.common.table.Tables;
import org.tokenstats.jobs.command.CommandLine;
import org.tokenstats.jobs.command.OptionSpec;
import org.tokenstats.jobs.command.RunContext;
import org.tokenstats.jobs.command.SessionCommand;
import org.tokenstats.jobs.curate.CurateCommand;
import org.tokenstats.jobs.curate.CurateJob;
import org.tokenstats.jobs.curate.CurateReport;
import org.tokenstats.jobs.ingest.IngestCommand;
import org.tokenstats.jobs.ingest.IngestJob;
import org.tokenstats.jobs.release.Manifest;
import org.tokenstats.jobs.release.PublishedReleases;
import org.tokenstats.jobs.release.ReleaseCalendar;
import org.tokenstats.jobs.release.ReleaseConfig;
import org.tokenstats.jobs.release.ReleaseJob;

/**
 * {@code bin/tokenstats nightly [--date D]}: the scheduled run. It makes sure every declared table
 * exists, then runs the pipeline stages that exist so far, in order.
 */
public final class NightlyCommand implements SessionCommand {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyCommand.class);
  private static final String DATE = "date";

  @Override
  public String name() {
    return "nightly";
  }

  @Override
  public String summary() {
    return "The scheduled run: ingest new submissions, curate touched days, publish what is due";
  }

  @Override
  public String description() {
    return "Runs the nightly pipeline for a reporting day (default: yesterday in the reporting\n"
        + "zone): creates any missing table, ingests every new submission (see `ingest`), then\n"
        + "recomputes every reporting day the ingestion touched (see `curate`), then publishes\n"
        + "what the release calendar says is due on that day: a month's provisional release\n"
        + "(tokenstats.release.calendar.provisional-after-days after it ends), its final release\n"
        + "(final-after-days), and a revision of any published month whose figures changed.";
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
    IngestCommand.print(new IngestJob(context).run(), context.out());
    CurateReport curated = new CurateJob(context).run(null, null);
    CurateCommand.print(curated, context.out());
    curated.throwIfFailed();
    publishDue(context, day, curated.days());
  }

  /** Publishes what the release calendar says is due on {@code day}. */
  static void publishDue(RunContext context, LocalDate day, SortedSet<LocalDate> curated) {
    Map<YearMonth, Manifest> latest =
        PublishedReleases.in(java.nio.file.Path.of(context.settings().releases())).latestByPeriod();
    ReleaseConfig config = ReleaseConfig.of(context.settings());
    Map<YearMonth, String> due =
        ReleaseCalendar.due(day, config, latest, ReleaseCalendar.affected(curated));
    if (due.isEmpty()) {
      context.out().println("release: nothing due on " + day);
      return;
    }
    ReleaseJob job = new ReleaseJob(context);
    List<String> refused = new ArrayList<>();
    for (Map.Entry<YearMonth, String> e : due.entrySet()) {
      LOG.info("release calendar: {} due on {}: {}", e.getKey(), day, e.getValue());
      String message;
      try {
        message = job.publish(e.getKey(), day, null).message();
      } catch (TokenstatsException refusal) {
        // One month refused (pending days, a table changed by hand) must not hold back the others.
        refused.add(refusal.getMessage());
        message = "NOT PUBLISHED: " + refusal.getMessage();
      }
      context.out().println("release " + e.getKey() + " (" + e.getValue() + "): " + message);
    }
    if (!refused.isEmpty()) {
      throw Errors.failure(
          refused.size() + " release(s) due were not published; the first: " + refused.get(0),
          "See each month's line above.",
          null);
    }
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
