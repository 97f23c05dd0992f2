package org.tokenstats.jobs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The benchmark's figures as Markdown: per stage, per size; tokenstats against DuckDB; and the
 * nightly against the length of history. Also the check that both arrived at the same totals: a
 * ratio between two programs that computed different things would mean nothing.
 */
final class BenchReport {

  /** Every stage of one size. */
  record DayRun(
      long records,
      ChildJvm.Measured ingest,
      ChildJvm.Measured curate,
      ChildJvm.Measured warmCurate,
      ChildJvm.Measured release,
      ChildJvm.Measured nightly,
      ChildJvm.Measured duckdb,
      ChildJvm.Measured spark) {

    double warmCurateSeconds() {
      return number(warmCurate, "warm.run2_seconds");
    }

    double duckValidateSeconds() {
      return number(duckdb, "duckdb.validate_seconds");
    }

    double duckTotalsSeconds() {
      return number(duckdb, "duckdb.totals_seconds");
    }

    double sparkBronzeSeconds() {
      return number(spark, "spark.bronze_seconds");
    }

    double sparkTotalsSeconds() {
      return number(spark, "spark.totals_seconds");
    }

    double sparkQuarantineSeconds() {
      return number(spark, "spark.quarantine_seconds");
    }

    /** The plain job's core work with its JVM start: the whole JVM less the quarantine pass. */
    double sparkCoreSeconds() {
      return spark.wallSeconds() - sparkQuarantineSeconds();
    }

    /**
     * Our accepted, total tokens and requests against each peer's: equal, or what differs. A ratio
     * between programs that computed different things would mean nothing.
     */
    String agreement() {
      List<String> differ = new ArrayList<>();
      against(differ, duckdb, "duckdb");
      against(differ, spark, "spark");
      return differ.isEmpty() ? "yes" : "NO: " + String.join("; ", differ);
    }

    /** Adds what differs between ours and one peer's figures (keys prefixed {@code peer.}). */
    private void against(List<String> differ, ChildJvm.Measured theirs, String peer) {
      compare(differ, "accepted", ingest, "usage_records_accepted", theirs, peer + ".accepted");
      compare(
          differ, "total tokens", warmCurate, "gold.total_tokens", theirs, peer + ".total_tokens");
      compare(differ, "requests", warmCurate, "gold.requests", theirs, peer + ".requests");
    }

    private static void compare(
        List<String> differ,
        String what,
        ChildJvm.Measured ours,
        String ourKey,
        ChildJvm.Measured theirs,
        String theirKey) {
      String a = text(ours, ourKey);
      String b = text(theirs, theirKey);
      if (!a.equals(b)) {
        differ.add(what + " " + a + " vs " + theirKey + " " + b);
      }
    }
  }

  /** The timed nightly of one new day on {@code days} of history. */
  record HistoryRun(
      long days, long historyRecords, long newDayRecords, ChildJvm.Measured nightly) {}

  private final int cores;
  private final List<DayRun> days = new ArrayList<>();
  private final List<HistoryRun> histories = new ArrayList<>();

  BenchReport(int cores) {
    this.cores = cores;
  }

  void day(DayRun run) {
    days.add(run);
  }

  void history(HistoryRun run) {
    histories.add(run);
  }

  String markdown() {
    return "Machine: "
        + cores
        + " cores, Java "
        + System.getProperty("java.version")
        + ", heap option "
        + heapOption()
        + ". Each stage is a fresh JVM unless marked warm.\n\n"
        + dayTable()
        + "\n"
        + comparisonTable()
        + "\n"
        + historyTable();
  }

  String dayTable() {
    StringBuilder b = new StringBuilder();
    b.append("| records | stage | wall s | records/s | CPU s | peak RSS MB |\n");
    b.append("| ---: | --- | ---: | ---: | ---: | ---: |\n");
    for (DayRun d : days) {
      stageRow(b, d.records(), "ingest", d.ingest());
      stageRow(b, d.records(), "curate (fresh JVM)", d.curate());
      row(b, d.records(), "curate (warm session, 2nd run)", d.warmCurateSeconds(), -1, -1);
      stageRow(b, d.records(), "release " + BenchCommand.PERIOD, d.release());
      stageRow(b, d.records(), "nightly, end to end", d.nightly());
      row(b, d.records(), "DuckDB: raw to validated Parquet", d.duckValidateSeconds(), -1, -1);
      row(b, d.records(), "DuckDB: daily totals", d.duckTotalsSeconds(), -1, -1);
      stageRow(b, d.records(), "DuckDB: whole JVM", d.duckdb());
      row(b, d.records(), "plain Spark: raw to Delta bronze", d.sparkBronzeSeconds(), -1, -1);
      row(b, d.records(), "plain Spark: daily totals to Delta", d.sparkTotalsSeconds(), -1, -1);
      row(
          b,
          d.records(),
          "plain Spark: quarantine pass (not core)",
          d.sparkQuarantineSeconds(),
          -1,
          -1);
      stageRow(b, d.records(), "plain Spark: whole JVM", d.spark());
    }
    return b.toString();
  }

  /**
   * tokenstats against both peers, whole JVMs measured from outside: ingest plus curate, and the
   * nightly (which also curates prices and releases nothing on this date), against DuckDB's whole
   * JVM and the plain Spark job's core work (its JVM less the quarantine pass).
   */
  String comparisonTable() {
    StringBuilder b = new StringBuilder();
    b.append(
        "| records | ingest / DuckDB validate | curate / DuckDB totals |"
            + " raw to gold totals: tokenstats s | DuckDB s | ratio | plain Spark core s | ratio |"
            + " nightly / plain Spark | same totals |\n");
    b.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (DayRun d : days) {
      double ours = d.ingest().wallSeconds() + d.curate().wallSeconds();
      double duck = d.duckdb().wallSeconds();
      double spark = d.sparkCoreSeconds();
      b.append(
          String.format(
              Locale.ROOT,
              "| %d | %.1f | %.0f | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %s |%n",
              d.records(),
              d.ingest().wallSeconds() / d.duckValidateSeconds(),
              d.curate().wallSeconds() / d.duckTotalsSeconds(),
              ours,
              duck,
              ours / duck,
              spark,
              ours / spark,
              d.nightly().wallSeconds() / spark,
              d.agreement()));
    }
    return b.toString();
  }

  String historyTable() {
    if (histories.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    b.append(
        "| history days | history records | new-day records | nightly wall s | CPU s |"
            + " peak RSS MB | vs first |\n");
    b.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    double first = histories.get(0).nightly().wallSeconds();
    for (HistoryRun h : histories) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %d | %.1f | %s | %s | %.2f |%n",
              h.days(),
              h.historyRecords(),
              h.newDayRecords(),
              h.nightly().wallSeconds(),
              cpu(h.nightly().cpuSeconds()),
              rss(h.nightly().peakRssMb()),
              h.nightly().wallSeconds() / first));
    }
    return b.toString();
  }

  private static void stageRow(StringBuilder b, long records, String stage, ChildJvm.Measured m) {
    row(b, records, stage, m.wallSeconds(), m.cpuSeconds(), m.peakRssMb());
  }

  private static void row(
      StringBuilder b, long records, String stage, double wall, double cpu, long rss) {
    b.append(
        String.format(
            Locale.ROOT,
            "| %d | %s | %.1f | %d | %s | %s |%n",
            records,
            stage,
            wall,
            Math.round(records / wall),
            cpu(cpu),
            rss(rss)));
  }

  private static String cpu(double seconds) {
    return seconds < 0 ? "-" : String.format(Locale.ROOT, "%.1f", seconds);
  }

  private static String rss(long mb) {
    return mb < 0 ? "-" : Long.toString(mb);
  }

  private static String heapOption() {
    return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("-Xmx"))
        .findFirst()
        .orElse("(JVM default)");
  }

  private static String text(ChildJvm.Measured m, String key) {
    return m.value(key).map(v -> v.replace(",", "")).orElse("?");
  }

  private static double number(ChildJvm.Measured m, String key) {
    Optional<String> v = m.value(key);
    try {
      return v.map(Double::parseDouble).orElse(Double.NaN);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
