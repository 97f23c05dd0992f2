package org.tokenstats.jobs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.tokenstats.common.config.SettingKeys;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.jobs.command.CommandLine;
import org.tokenstats.jobs.command.EntryPoints;
import org.tokenstats.jobs.command.OptionSpec;
import org.tokenstats.jobs.command.ToolCommand;
import org.tokenstats.jobs.command.ToolContext;
import org.tokenstats.jobs.release.ReleaseFolder;

/**
 * {@code bin/tokenstats bench}: the benchmark of issue 8. For each size, one reporting day of
 * generated usage submissions goes through ingest, curate (fresh JVM, then warm) and release, each
 * stage a child JVM measured from outside ({@link ChildJvm}); then the whole nightly on a fresh
 * warehouse; then the same raw-to-daily-totals work by DuckDB ({@link DuckDbPeer}) on the same
 * files, and by a plain Spark + Delta job ({@link SparkPeer}); both peers' totals must equal {@code
 * gold.token_daily}'s. Then the one-day nightly on 30 and 400 days of history. Prints Markdown for
 * docs/BENCHMARKS.md and writes it to WORK/report.md.
 */
public final class BenchCommand implements ToolCommand {
  static final String SIZES = "sizes";
  static final String HISTORY = "history-days";
  static final String HISTORY_DAY = "history-day-records";
  static final String WORK = "work";

  /** The benchmark day and its month; the nightly date is when that month's release is due. */
  static final LocalDate DAY = LocalDate.of(2026, 3, 14);

  static final String PERIOD = "2026-03";
  static final LocalDate NIGHTLY_DATE = LocalDate.of(2026, 4, 5);

  /** History ends the day before the timed nightly's new day; see {@link #history}. */
  static final LocalDate HISTORY_END = LocalDate.of(2026, 3, 31);

  static final LocalDate HISTORY_SETUP_DATE = LocalDate.of(2026, 4, 1);
  static final LocalDate HISTORY_NEW_DAY = LocalDate.of(2026, 4, 2);
  static final long HISTORY_RECORDS_PER_DAY = 2000;
  static final String HISTORY_SCALE = "0.001";

  private static final String MAIN = EntryPoints.MAIN;

  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String summary() {
    return "Benchmark ingest, curate, release and nightly against DuckDB and plain Spark";
  }

  @Override
  public String description() {
    return "For each size in SIZES: generates one day ("
        + DAY
        + ") of gzip JSON Lines usage\n"
        + "submissions (kept under WORK and reused while the parameters are the same), then\n"
        + "times ingest, curate of the day (fresh JVM and warm session), release of "
        + PERIOD
        + ",\n"
        + "a nightly --date "
        + NIGHTLY_DATE
        + " on a fresh warehouse, then DuckDB and a plain Spark +\n"
        + "Delta job doing the same raw-to-daily-totals work on the same files; each stage is\n"
        + "its own JVM, measured for wall time, CPU and peak RSS. Then, for each length in\n"
        + "HISTORY-DAYS, the nightly of one new day on that much history. Prints Markdown\n"
        + "tables; writes WORK/report.md.";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.optional(
            SIZES,
            "N,N,...|none",
            "records in the benchmark day (default 1000000,10000000,30000000)"),
        OptionSpec.optional(
            HISTORY, "N,N,...|none", "days of history for the nightly comparison (default 30,400)"),
        OptionSpec.optional(
            HISTORY_DAY, "N", "records in the new day of the history runs (default 100000)"),
        OptionSpec.optional(
            WORK, "DIR", "where data, warehouses and logs go (default <tmp>/tokenstats-bench)"));
  }

  @Override
  public void check(CommandLine line, Settings settings) {
    sizes(line);
    historyDays(line);
    line.longValue(HISTORY_DAY, 1, 2_000_000_000L);
  }

  private List<Long> sizes(CommandLine line) {
    return numbers(SIZES, line.string(SIZES).orElse("1000000,10000000,30000000"));
  }

  private List<Long> historyDays(CommandLine line) {
    return numbers(HISTORY, line.string(HISTORY).orElse("30,400"));
  }

  /** Positive whole numbers separated by commas, or {@code none}. */
  private List<Long> numbers(String option, String text) {
    if (text.equals("none")) {
      return List.of();
    }
    List<Long> out = new ArrayList<>();
    for (String part : text.split(",")) {
      try {
        long n = Long.parseLong(part.strip());
        if (n < 1) {
          throw new NumberFormatException();
        }
        out.add(n);
      } catch (NumberFormatException e) {
        throw Errors.badOption(
            name(), "--" + option, "must be positive whole numbers separated by commas");
      }
    }
    return out;
  }

  @Override
  public void run(CommandLine line, ToolContext context) throws Exception {
    Path work =
        line.path(WORK)
            .orElse(Path.of(System.getProperty("java.io.tmpdir"), "tokenstats-bench"))
            .toAbsolutePath();
    Path reference = Path.of(context.settings().landing(), "reference");
    String zone = context.settings().timeZone().getId();
    int shufflePartitions = context.settings().get(SettingKeys.SHUFFLE_PARTITIONS);
    BenchReport report = new BenchReport(Runtime.getRuntime().availableProcessors());
    for (long n : sizes(line)) {
      context.out().println("bench: " + n + " records ...");
      report.day(dayRun(work.resolve("day-" + n), reference, zone, shufflePartitions, n));
      context.out().print(report.dayTable());
      context.out().flush();
    }
    long newDay = line.longValue(HISTORY_DAY, 1, 2_000_000_000L).orElse(100_000L);
    for (long days : historyDays(line)) {
      context.out().println("bench: nightly on " + days + " days of history ...");
      report.history(history(work.resolve("history-" + days), reference, days, newDay));
      context.out().print(report.historyTable());
      context.out().flush();
    }
    Path file = work.resolve("report.md");
    Files.writeString(file, report.markdown(), StandardCharsets.UTF_8);
    context.out().print(report.markdown());
    context.out().println("bench: report written to " + file);
  }

  /** One size: every stage on the same generated day. */
  private BenchReport.DayRun dayRun(
      Path dir, Path reference, String zone, int shufflePartitions, long n)
      throws IOException, InterruptedException {
    Path landing = dir.resolve("landing");
    ensureLanding(
        dir,
        landing,
        reference,
        "day=" + DAY + " records=" + n + " files=2 bad-rate=0.001 seed=42",
        List.of(
            generate(DAY, DAY, n, landing, "usage"),
            List.of("--bad-rate", "0.001", "--seed", "42")));
    Path logs = dir.resolve("logs");
    List<String> paths = paths(dir.resolve("warehouse"), landing, dir.resolve("releases"));
    fresh(dir.resolve("warehouse"), dir.resolve("releases"));
    ChildJvm.Measured ingest = stage(logs.resolve("ingest.log"), MAIN, with(paths, "ingest"));
    ChildJvm.Measured curate =
        stage(
            logs.resolve("curate.log"),
            MAIN,
            with(paths, "curate", "--from", DAY.toString(), "--to", DAY.toString()));
    ChildJvm.Measured warm =
        stage(
            logs.resolve("warm-curate.log"),
            EntryPoints.WARM_CURATE,
            with(List.of(DAY.toString()), paths));
    ChildJvm.Measured release =
        stage(logs.resolve("release.log"), MAIN, with(paths, "release", "--period", PERIOD));
    List<String> nightlyPaths =
        paths(dir.resolve("warehouse-nightly"), landing, dir.resolve("releases-nightly"));
    fresh(dir.resolve("warehouse-nightly"), dir.resolve("releases-nightly"));
    ChildJvm.Measured nightly = nightly(logs.resolve("nightly.log"), nightlyPaths, NIGHTLY_DATE);
    ReleaseFolder.deleteTree(dir.resolve("duckdb"));
    ChildJvm.Measured duck =
        stage(
            logs.resolve("duckdb.log"),
            DuckDbPeer.class.getName(),
            List.of(
                landing.resolve("usage").toString(),
                landing.resolve("reference").toString(),
                dir.resolve("duckdb").toString(),
                zone,
                Integer.toString(Runtime.getRuntime().availableProcessors())));
    ReleaseFolder.deleteTree(dir.resolve("spark"));
    ChildJvm.Measured spark =
        stage(
            logs.resolve("spark.log"),
            SparkPeer.class.getName(),
            List.of(
                landing.resolve("usage").toString(),
                landing.resolve("reference").toString(),
                dir.resolve("spark").toString(),
                zone,
                Integer.toString(shufflePartitions)));
    return new BenchReport.DayRun(n, ingest, curate, warm, release, nightly, duck, spark);
  }

  /** The one-day nightly on {@code days} of history ending {@link #HISTORY_END}. */
  private BenchReport.HistoryRun history(Path dir, Path reference, long days, long newDayRecords)
      throws IOException, InterruptedException {
    Path landing = dir.resolve("landing");
    Path newDay = dir.resolve("new-day");
    LocalDate from = HISTORY_END.minusDays(days - 1);
    List<String> common = List.of("--scale", HISTORY_SCALE);
    ensureLanding(
        dir,
        landing,
        reference,
        "history from=" + from + " to=" + HISTORY_END + " new-day-records=" + newDayRecords,
        List.of(
            generate(from, HISTORY_END, HISTORY_RECORDS_PER_DAY, landing, "both"),
            common,
            List.of("--files-per-provider-day", "1")),
        List.of(generate(HISTORY_NEW_DAY, HISTORY_NEW_DAY, newDayRecords, newDay, "both"), common));
    Path logs = dir.resolve("logs");
    fresh(dir.resolve("warehouse"), dir.resolve("releases"));
    removeNewDay(landing, newDay);
    List<String> paths = paths(dir.resolve("warehouse"), landing, dir.resolve("releases"));
    // Not timed: the history, curated, and what its releases calendar has due before the day.
    stage(logs.resolve("setup-ingest.log"), MAIN, with(paths, "ingest"));
    stage(logs.resolve("setup-curate.log"), MAIN, with(paths, "curate"));
    nightly(logs.resolve("setup-nightly.log"), paths, HISTORY_SETUP_DATE);
    copyTree(newDay.resolve("usage"), landing.resolve("usage"));
    copyTree(newDay.resolve("prices"), landing.resolve("prices"));
    ChildJvm.Measured nightly = nightly(logs.resolve("nightly.log"), paths, HISTORY_NEW_DAY);
    removeNewDay(landing, newDay);
    return new BenchReport.HistoryRun(days, days * HISTORY_RECORDS_PER_DAY, newDayRecords, nightly);
  }

  private static List<String> generate(
      LocalDate from, LocalDate to, long records, Path out, String what) {
    return List.of(
        "generate",
        "--from",
        from.toString(),
        "--to",
        to.toString(),
        "--records-per-day",
        Long.toString(records),
        "--files-per-provider-day",
        "2",
        "--gzip",
        "--what",
        what,
        "--out",
        out.toString());
  }

  /**
   * Generates the landing folder unless it holds a marker with the same parameters: a 10 million
   * record day takes minutes to write and is the same every time (deterministic by seed).
   */
  @SafeVarargs
  private void ensureLanding(
      Path dir, Path landing, Path reference, String params, List<List<String>>... commands)
      throws IOException, InterruptedException {
    Path marker = dir.resolve("landing.params");
    if (Files.exists(marker) && Files.readString(marker).strip().equals(params)) {
      return;
    }
    ReleaseFolder.deleteTree(dir);
    Files.createDirectories(landing.resolve("reference"));
    copyTree(reference, landing.resolve("reference"));
    int i = 0;
    for (List<List<String>> parts : commands) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--set",
                  "tokenstats.paths.landing=" + landing,
                  "--set",
                  "tokenstats.paths.warehouse=" + dir.resolve("generate-warehouse")));
      parts.forEach(args::addAll);
      stage(dir.resolve("logs").resolve("generate-" + i++ + ".log"), MAIN, args);
    }
    Files.writeString(marker, params + "\n");
  }

  /** A stage that must succeed: a failure stops the benchmark and names the log to read. */
  private static ChildJvm.Measured stage(Path log, String mainClass, List<String> args)
      throws IOException, InterruptedException {
    ChildJvm.Measured m = ChildJvm.run(log, mainClass, args);
    if (m.exit() != 0) {
      throw Errors.usage(
          "benchmark stage " + log.getFileName() + " failed with exit status " + m.exit(),
          "Read " + log + "; the command was: " + String.join(" ", args));
    }
    return m;
  }

  private static ChildJvm.Measured nightly(Path log, List<String> paths, LocalDate date)
      throws IOException, InterruptedException {
    return stage(log, MAIN, with(paths, "nightly", "--date", date.toString()));
  }

  private static List<String> paths(Path warehouse, Path landing, Path releases) {
    return List.of(
        "--set",
        "tokenstats.paths.warehouse=" + warehouse,
        "--set",
        "tokenstats.paths.landing=" + landing,
        "--set",
        "tokenstats.paths.releases=" + releases);
  }

  private static List<String> with(List<String> first, String... more) {
    return with(first, List.of(more));
  }

  private static List<String> with(List<String> first, List<String> more) {
    List<String> out = new ArrayList<>(first);
    out.addAll(more);
    return out;
  }

  private static void fresh(Path... dirs) {
    for (Path d : dirs) {
      ReleaseFolder.deleteTree(d);
    }
  }

  /** The new day's files leave the landing folder so that a re-run starts from history only. */
  private static void removeNewDay(Path landing, Path newDay) throws IOException {
    for (String feed : List.of("usage", "prices")) {
      Path src = newDay.resolve(feed);
      if (!Files.isDirectory(src)) {
        continue;
      }
      try (var files = Files.walk(src)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Files.deleteIfExists(landing.resolve(feed).resolve(src.relativize(f)));
        }
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      return;
    }
    try (var files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(from.relativize(f));
        Files.createDirectories(target.getParent());
        Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
