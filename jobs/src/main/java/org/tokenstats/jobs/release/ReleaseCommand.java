package org.tokenstats.jobs.release;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.jobs.command.CommandLine;
import org.tokenstats.jobs.command.OptionSpec;
import org.tokenstats.jobs.command.RunContext;
import org.tokenstats.jobs.command.SessionCommand;

/** {@code bin/tokenstats release --period YYYY-MM [--reason TEXT]}: publish a month. */
public final class ReleaseCommand implements SessionCommand {
  private static final String PERIOD = "period";
  private static final String REASON = "reason";

  @Override
  public String name() {
    return "release";
  }

  @Override
  public String summary() {
    return "Publish a month's statistical release (CSV, metadata, manifest, charts, bulletin)";
  }

  @Override
  public String description() {
    return "Builds the release of a month that has ended from the gold tables as they are now,\n"
        + "applies disclosure control, and publishes it as <releases>/tokens-YYYY-MM-vN/ in one\n"
        + "atomic step. The first release is provisional until the calendar's final lag\n"
        + "(tokenstats.release.calendar.final-after-days) has passed, then final. If the month was\n"
        + "published before, a new version is published only when a figure changed (status\n"
        + "revised, changed figures marked R and listed in the manifest) or the figures became\n"
        + "final; otherwise nothing is written. Published folders are never changed.";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.required(PERIOD, "YYYY-MM", "the reference month"),
        OptionSpec.optional(
            REASON, "TEXT", "why a revision is made (default: what tokenstats found)"));
  }

  @Override
  public void check(CommandLine line, Settings settings) {
    line.month(PERIOD);
  }

  @Override
  public void run(CommandLine line, RunContext context) {
    YearMonth period = line.month(PERIOD).orElseThrow();
    LocalDate today = context.reportingTime().yesterday(context.clock().instant()).plusDays(1);
    if (!today.isAfter(period.atEndOfMonth())) {
      throw Errors.usage(
          "Month " + period + " has not ended (today is " + today + " in the reporting zone)",
          "Release a month after its last day; `nightly` publishes on the release calendar.");
    }
    ReleaseJob.Outcome outcome =
        new ReleaseJob(context).publish(period, today, line.string(REASON).orElse(null));
    if (outcome.result() == ReleaseJob.Result.NO_DATA) {
      throw Errors.failure(
          "Nothing to publish for " + period + ": the gold tables have no data for it",
          "Ingest and curate the month first (`bin/tokenstats nightly` or `backfill --from "
              + period.atDay(1)
              + " --to "
              + period.atEndOfMonth()
              + "`).",
          null);
    }
    context.out().println("release: " + outcome.message());
  }
}
