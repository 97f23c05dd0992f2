package org.tokenstats.jobs.curate;

import java.time.LocalDate;
import java.util.List;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.jobs.cli.Command;
import org.tokenstats.jobs.cli.CommandLine;
import org.tokenstats.jobs.cli.OptionSpec;
import org.tokenstats.jobs.cli.RunContext;

/** {@code bin/tokenstats curate [--from D --to D]}: recompute the curated tables for days. */
public final class CurateCommand implements Command {
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
    return "Recomputes silver.usage_hourly, gold.token_daily and gold.token_daily_rollup for the\n"
        + "reporting days FROM..TO (inclusive) and for every day that ingestion touched since\n"
        + "it was last curated (ops.touched_days). Replaces exactly those days' partitions;\n"
        + "running it again gives identical tables. Then rebuilds gold.token_growth from the\n"
        + "daily roll-up.";
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
    new CurateJob(context).run(from, line.date(TO).orElse(from));
  }
}
