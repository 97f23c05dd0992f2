package org.tokenstats.jobs.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.common.table.TableDef;
import org.tokenstats.common.table.Tables;
import org.tokenstats.jobs.command.CommandLine;
import org.tokenstats.jobs.command.OptionSpec;
import org.tokenstats.jobs.command.RunContext;
import org.tokenstats.jobs.command.SessionCommand;
import org.tokenstats.jobs.command.TextTable;
import org.tokenstats.jobs.release.OutsideChanges;

/**
 * {@code bin/tokenstats repair --reason TEXT "STATEMENT"} or {@code repair --accept TABLE@VERSION
 * --reason TEXT}: the one way an operator changes a table by hand, explicitly and on the record.
 * The statement runs as a tokenstats job, so each commit it makes names this run, and {@code
 * ops.job_runs} keeps the statement, the reason and the versions it wrote (the operator's name is
 * logged). {@code --accept} records that a version written outside tokenstats was reviewed and is
 * right, so that releases may publish from it ({@link OutsideChanges}).
 */
public final class RepairCommand implements SessionCommand {
  private static final Logger LOG = LoggerFactory.getLogger(RepairCommand.class);
  private static final String REASON = "reason";
  private static final String ACCEPT = OutsideChanges.ACCEPT.substring(2);

  @Override
  public String name() {
    return "repair";
  }

  @Override
  public String summary() {
    return "Change a table by hand, on the record (operators only): a SQL statement, or --accept";
  }

  @Override
  public String description() {
    return "bin/tokenstats repair --reason TEXT \"STATEMENT\"  |  repair --accept TABLE@VERSION"
        + " --reason TEXT\n\n"
        + "Runs one SQL statement that may change tables (DELETE, UPDATE, RESTORE, ...) as a\n"
        + "recorded tokenstats run: every commit it makes carries the run id, ops.job_runs keeps\n"
        + "the statement, the reason and the table versions written, the log the operator's name.\n"
        + "Or, with --accept TABLE@VERSION, records that a version written outside tokenstats was\n"
        + "reviewed and is right, so that releases may publish from it. Afterwards, curate the\n"
        + "days the change affects again (`curate --from D --to D`): a release checks that the\n"
        + "gold tables agree with each other. Analysts use `sql`, which only reads.\n"
        + "  bin/tokenstats repair --reason \"undo DELETE by hand\" \\\n"
        + "      \"RESTORE TABLE gold.token_daily TO VERSION AS OF 11\"";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.required(REASON, "TEXT", "why the table is changed (kept in ops.job_runs)"),
        OptionSpec.optional(
            ACCEPT, "TABLE@VERSION", "accept a version written outside tokenstats, unchanged"));
  }

  @Override
  public void check(CommandLine line, Settings settings) {
    if (line.string(REASON).orElse("").isBlank()) {
      throw Errors.badOption(name(), "--" + REASON, "say why the table is changed");
    }
    boolean accept = line.has(ACCEPT);
    if (accept == (line.positional().size() == 1) || line.positional().size() > 1) {
      throw Errors.badOption(
          name(),
          "STATEMENT",
          "give either one SQL statement, quoted as one argument, or --" + ACCEPT);
    }
    if (accept) {
      accepted(line);
    }
  }

  private record Accepted(TableDef table, long version) {}

  private Accepted accepted(CommandLine line) {
    String value = line.string(ACCEPT).orElseThrow();
    int at = value.lastIndexOf('@');
    Optional<TableDef> table =
        at < 0
            ? Optional.empty()
            : Tables.ALL.stream().filter(t -> t.id().equals(value.substring(0, at))).findFirst();
    long version;
    try {
      version = at < 0 ? -1 : Long.parseLong(value.substring(at + 1));
    } catch (NumberFormatException e) {
      version = -1;
    }
    if (table.isEmpty() || version < 0) {
      throw Errors.badOption(
          name(), "--" + ACCEPT, "must be a table id and a version, e.g. gold.token_daily@12");
    }
    return new Accepted(table.get(), version);
  }

  @Override
  public void run(CommandLine line, RunContext context) {
    String reason = line.string(REASON).orElseThrow();
    String operator = System.getProperty("user.name", "unknown");
    if (line.has(ACCEPT)) {
      Accepted a = accepted(line);
      long current = context.warehouse().currentVersion(a.table());
      if (a.version() > current) {
        throw Errors.usage(
            a.table().id() + " has no version " + a.version() + " (its latest is " + current + ")",
            "See `bin/tokenstats sql \"DESCRIBE HISTORY " + a.table().id() + "\"`.");
      }
      LOG.warn(
          "repair by {}: accepted {}@{} as written outside tokenstats ({})",
          operator,
          a.table().id(),
          a.version(),
          reason);
      context
          .out()
          .println(
              "repair: "
                  + a.table().id()
                  + " version "
                  + a.version()
                  + " accepted by "
                  + operator
                  + " ("
                  + reason
                  + "); recorded in ops.job_runs as run "
                  + context.run().runId());
      return;
    }
    String statement = line.positional().get(0);
    Map<TableDef, Long> before = versions(context);
    LOG.warn("repair by {}: {} ({})", operator, statement, reason);
    Dataset<Row> result = context.run().stage("statement", () -> context.spark().sql(statement));
    List<Row> rows = result.limit(200).collectAsList();
    if (result.columns().length > 0) {
      TextTable.print(context.out(), result.columns(), rows);
    }
    Map<TableDef, Long> after = versions(context);
    int changed = 0;
    for (Map.Entry<TableDef, Long> e : after.entrySet()) {
      Long was = before.get(e.getKey());
      if (!e.getValue().equals(was)) {
        context.run().wrote(e.getKey(), e.getValue());
        context
            .out()
            .println(
                "repair: changed "
                    + e.getKey().id()
                    + " (version "
                    + (was == null ? "none" : was)
                    + " -> "
                    + e.getValue()
                    + ")");
        changed++;
      }
    }
    context.run().count("tables_changed", changed);
    context
        .out()
        .println(
            "repair: by "
                + operator
                + ", recorded in ops.job_runs as run "
                + context.run().runId()
                + (changed > 0
                    ? ". Curate the days it affects again (bin/tokenstats curate --from D --to D)"
                        + " before the next release."
                    : "; no table changed."));
  }

  /** The latest version of every declared table that exists. */
  private static Map<TableDef, Long> versions(RunContext context) {
    Map<TableDef, Long> out = new LinkedHashMap<>();
    for (TableDef t : Tables.ALL) {
      if (io.delta.tables.DeltaTable.isDeltaTable(
          context.spark(), context.warehouse().location(t))) {
        out.put(t, context.warehouse().currentVersion(t));
      }
    }
    return out;
  }
}
