package org.tokenstats.jobs.cli;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.common.readonly.ReadOnlyStatement;
import org.tokenstats.jobs.command.CommandLine;
import org.tokenstats.jobs.command.OptionSpec;
import org.tokenstats.jobs.command.RunContext;
import org.tokenstats.jobs.command.SessionCommand;
import org.tokenstats.jobs.command.TextTable;

/**
 * {@code bin/tokenstats sql "SELECT ..."}: runs one SQL statement in a session where every
 * tokenstats table resolves by name ({@code gold.token_daily}, {@code ops.job_runs}) and prints the
 * result.
 */
public final class SqlCommand implements SessionCommand {
  private static final String MAX_ROWS = "max-rows";
  private static final String FORMAT = "format";

  @Override
  public String name() {
    return "sql";
  }

  @Override
  public String summary() {
    return "Run a SQL statement against the warehouse tables and print the result";
  }

  @Override
  public String description() {
    return "Runs one Spark SQL statement, given as the argument, in a session where every\n"
        + "table resolves by name (bronze.*, silver.*, gold.*, ops.*), including time travel.\n"
        + "Read-only: a statement that would change anything (DELETE, INSERT, MERGE, DDL,\n"
        + "OPTIMIZE, VACUUM, RESTORE, ...) is refused with exit 2, and the warehouse's storage is\n"
        + "guarded while it runs; operators change tables with `repair` (logged).\n"
        + "  bin/tokenstats sql \"SELECT * FROM ops.job_runs ORDER BY started_at DESC\"\n"
        + "  bin/tokenstats sql \"SELECT count(*) FROM ops.job_runs VERSION AS OF 0\"";
  }

  @Override
  public Kind kind() {
    return Kind.QUERY;
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.optional(MAX_ROWS, "N", "print at most N rows (default 200)"),
        OptionSpec.optional(FORMAT, "table|csv|json", "output format (default table)"));
  }

  @Override
  public void check(CommandLine line, org.tokenstats.common.config.Settings settings) {
    if (line.positional().size() != 1) {
      throw Errors.badOption(
          name(), "STATEMENT", "give exactly one SQL statement, quoted as one argument");
    }
    line.longValue(MAX_ROWS, 1, 1_000_000);
    String format = line.string(FORMAT).orElse("table");
    if (!List.of("table", "csv", "json").contains(format)) {
      throw Errors.badOption(name(), "--" + FORMAT, "must be table, csv or json");
    }
  }

  @Override
  public void run(CommandLine line, RunContext context) {
    String statement = line.positional().get(0);
    int maxRows = line.longValue(MAX_ROWS, 1, 1_000_000).orElse(200L).intValue();
    String format = line.string(FORMAT).orElse("table");
    String refusal = ReadOnlyStatement.refusal(context.spark(), statement);
    if (refusal != null) {
      throw Errors.usage(
          "bin/tokenstats sql only reads, and refused this statement: " + refusal,
          "Query the tables (SELECT, DESCRIBE, SHOW, time travel); an operator who must change a"
              + " table uses `bin/tokenstats repair --reason TEXT \"STATEMENT\"`, which is logged"
              + " (docs/operations.md).");
    }
    query(context, statement, maxRows, format);
  }

  private static void query(RunContext context, String statement, int maxRows, String format) {
    Dataset<Row> result = context.run().stage("query", () -> context.spark().sql(statement));
    context
        .run()
        .stage(
            "print",
            () -> {
              List<Row> rows = result.limit(maxRows).collectAsList();
              switch (format) {
                case "csv" -> printCsv(context, result.columns(), rows);
                case "json" ->
                    result.limit(maxRows).toJSON().collectAsList().forEach(context.out()::println);
                default -> TextTable.print(context.out(), result.columns(), rows);
              }
              context.run().count("rows_printed", rows.size());
            });
  }

  private static void printCsv(RunContext context, String[] columns, List<Row> rows) {
    context.out().println(String.join(",", columns));
    for (Row row : rows) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        Object v = row.get(i);
        String s = v == null ? "" : v.toString();
        b.append(s.matches(".*[\",\\r\\n].*") ? '"' + s.replace("\"", "\"\"") + '"' : s);
      }
      context.out().println(b);
    }
  }
}
