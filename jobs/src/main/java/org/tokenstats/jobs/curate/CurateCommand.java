package org.tokenstats.jobs.curate;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.List;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.jobs.command.CommandLine;
import org.tokenstats.jobs.command.OptionSpec;
import org.tokenstats.jobs.command.RunContext;
import org.tokenstats.jobs.command.SessionCommand;

/** {@code bin/tokenstats curate [--from D --to D]}: recompute the curated tables for days. */
public final class CurateCommand implements SessionCommand {
  static final String FROM = "from";
  static final String TO = "to";

  @Override
  public String name() {
    return "curate";
  }

  @Override
  public String summary() {
    return "Recompute silver and gold tables for the given days and every day ingestion touched";
  }

  @Override
  public String description() {
    return "Recomputes the silver tables (usage_hourly, price_hourly) and the gold tables\n"
        + "(token_daily, token_daily_rollup, energy_daily, utilization_daily) for the reporting\n"
        + "days FROM..TO (inclusive) and every day ingestion touched since it was last curated\n"
        + "(ops.touched_days), replacing exactly those days' partitions; then the weeks of\n"
        + "gold.model_share_weekly and the periods of gold.token_growth those days can change.\n"
        + "Running it again gives identical tables. Data-quality checks follow and land in\n"
        + "ops.quality_checks; with tokenstats.quality.fatal=true a failed check fails the run\n"
        + "and restores every table it wrote.";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.optional(FROM, "DATE", "first reporting day to recompute"),
        OptionSpec.optional(TO, "DATE", "last reporting day to recompute (default: --from)"));
  }

  @Override
  public void check(CommandLine line, Settings settings) {
    LocalDate from = line.date(FROM).orElse(null);
    LocalDate to = line.date(TO).orElse(from);
    if (from == null && to != null) {
      throw Errors.missingOption(name(), "--" + FROM);
    }
    if (from != null) {
      line.requireOrdered(FROM, from, TO, to);
    }
  }

  @Override
  public void run(CommandLine line, RunContext context) {
    LocalDate from = line.date(FROM).orElse(null);
    CurateReport report = new CurateJob(context).run(from, line.date(TO).orElse(from));
    print(report, context.out());
    report.throwIfFailed();
  }

  /** The days recomputed and the data-quality checks, with every failure on a line of its own. */
  public static void print(CurateReport report, PrintStream out) {
    if (report.days().isEmpty()) {
      out.println("curate: no reporting day to recompute");
      return;
    }
    List<QualityChecks.Result> failed = report.failedChecks();
    int checks = report.checks().size();
    long skipped = report.skippedChecks();
    out.printf(
        "quality: %d checks, %d passed, %d failed, %d skipped%n",
        checks, checks - failed.size() - skipped, failed.size(), skipped);
    for (QualityChecks.Result r : failed) {
      out.printf(
          "  FAILED %s %s [%s]: %s (expected %s)%n",
          r.day(), r.check(), r.subject(), r.detail(), r.expected());
    }
    if (report.failure() == null) {
      out.println(
          "curate: recomputed "
              + report.days().size()
              + " reporting days "
              + report.days().first()
              + " .. "
              + report.days().last());
    }
  }
}
