package org.tokenstats.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.tokenstats.common.table.GoldTables;

/**
 * The curate stage in a warm session: one JVM runs {@code curate --from D --to D} twice (or {@code
 * --runs N} times) through the ordinary command line (the session is shared, as in a notebook or a
 * long-lived driver) and prints the seconds of each run, the median of the runs after the first
 * (the upper middle one for an even count), then the day's totals in {@code gold.token_daily} for
 * the benchmark to check against the peer's. More runs than two steady a comparison of two builds
 * on a noisy machine (the second run still pays some JIT warm-up).
 */
public final class WarmCurate {
  private WarmCurate() {}

  /** Usage: {@code WarmCurate DATE [--runs N] [--set KEY=VALUE]...}. */
  public static void main(String[] args) {
    String day = args[0];
    int first = 1;
    int runs = 2;
    if (args.length > 2 && args[1].equals("--runs")) {
      runs = Integer.parseInt(args[2]);
      first = 3;
    }
    List<String> base = new ArrayList<>(List.of(args).subList(first, args.length));
    PrintStream out = System.out;
    Cli cli = new Cli(Main.commands(), out, System.err, Clock.systemUTC(), System.getenv());
    int status = 0;
    List<Double> warm = new ArrayList<>();
    for (int run = 1; run <= runs && status == 0; run++) {
      List<String> argv = new ArrayList<>(base);
      argv.addAll(List.of("curate", "--from", day, "--to", day));
      long start = System.nanoTime();
      status = cli.run(argv.toArray(String[]::new));
      double seconds = (System.nanoTime() - start) / 1e9;
      out.printf(Locale.ROOT, "warm.run%d_seconds=%.3f%n", run, seconds);
      if (run > 1) {
        warm.add(seconds);
      }
    }
    if (status == 0 && !warm.isEmpty()) {
      warm.sort(null);
      out.printf(Locale.ROOT, "warm.median_seconds=%.3f%n", warm.get(warm.size() / 2));
    }
    if (status == 0) {
      Row r =
          SparkSession.active()
              .table(GoldTables.TokenDaily.DEF.id())
              .where(col(GoldTables.REPORT_DATE).equalTo(lit(java.sql.Date.valueOf(day))))
              .agg(
                  count(lit(1)),
                  sum(GoldTables.TokenDaily.REQUESTS),
                  sum(GoldTables.TokenDaily.TOTAL_TOKENS))
              .first();
      out.printf(
          Locale.ROOT,
          "gold.daily_rows=%d%ngold.requests=%d%ngold.total_tokens=%d%n",
          r.getLong(0),
          r.isNullAt(1) ? 0 : r.getLong(1),
          r.isNullAt(2) ? 0 : r.getLong(2));
    }
    out.flush();
    System.exit(status);
  }
}
