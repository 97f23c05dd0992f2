package org.tokenstats.jobs.curate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.exceptions.DeltaConcurrentModificationException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tokenstats.common.config.SettingKeys;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.common.errors.TokenstatsException;
import org.tokenstats.common.feed.UsageFeed;
import org.tokenstats.common.run.JobRun;
import org.tokenstats.common.run.RunLock;
import org.tokenstats.common.table.BronzeTables;
import org.tokenstats.common.table.DaySet;
import org.tokenstats.common.table.GoldTables;
import org.tokenstats.common.table.OpsTables;
import org.tokenstats.common.table.OpsTables.CuratedDays;
import org.tokenstats.common.table.OpsTables.TouchedDays;
import org.tokenstats.common.table.SilverTables;
import org.tokenstats.common.table.TableDef;
import org.tokenstats.common.table.Warehouse;
import org.tokenstats.jobs.command.RunContext;
import org.tokenstats.jobs.ingest.UsageVersions;

/**
 * Recomputes the silver and gold tables for a set of reporting days: the days asked for, plus every
 * day ingestion touched after its last curation. Each table's partitions for exactly those days are
 * replaced in one Delta commit ({@code replaceWhere}), so a re-run gives the same tables and a
 * failed run leaves the previous version in place.
 */
public final class CurateJob {
  private static final Logger LOG = LoggerFactory.getLogger(CurateJob.class);
  private static final int WRITE_ATTEMPTS = 3;

  private final RunContext context;
  private final Warehouse warehouse;
  private final JobRun run;

  /** The inputs {@link #small} cached for the table being written; dropped after its write. */
  private final CachedInputs writeInputs = new CachedInputs();

  /** The inputs {@link #shared} cached for all the tables of a run; dropped after the last. */
  private final CachedInputs runInputs = new CachedInputs();

  /** Datasets cached for a while (one write, or one run), dropped together. */
  private static final class CachedInputs {
    private final List<Dataset<Row>> cached = new ArrayList<>();

    Dataset<Row> add(Dataset<Row> input) {
      Dataset<Row> c = input.cache();
      cached.add(c);
      return c;
    }

    void drop() {
      cached.forEach(Dataset::unpersist);
      cached.clear();
    }
  }

  public CurateJob(RunContext context) {
    this.context = context;
    this.warehouse = context.warehouse();
    this.run = context.run();
  }

  /** The tables a curate run writes, in the order it writes them. */
  public static final List<TableDef> OUTPUTS =
      List.of(
          SilverTables.UsageHourly.DEF,
          SilverTables.PriceHourly.DEF,
          GoldTables.Geography.DEF,
          GoldTables.TokenDaily.DEF,
          GoldTables.ProviderContributionsDaily.DEF,
          GoldTables.TokenDailyRollup.DEF,
          GoldTables.TokenGrowth.DEF,
          GoldTables.EnergyDaily.DEF,
          GoldTables.UtilizationDaily.DEF,
          GoldTables.ModelShareWeekly.DEF);

  /**
   * Curates the days in [from, to] (if given) and every pending touched day, then checks them. If
   * anything fails (a write, or a data-quality check when {@code tokenstats.quality.fatal} is on)
   * every table this run wrote is restored to its version before the run, and the days stay
   * pending: a write failure is thrown, failed fatal checks are in the report's {@code failure}.
   */
  public CurateReport run(LocalDate from, LocalDate to) {
    Map<String, Long> versionsBefore = Map.copyOf(run.tableVersions());
    for (TableDef t : OUTPUTS) {
      warehouse.ensure(t);
    }
    for (TableDef t :
        List.of(
            CuratedDays.DEF,
            TouchedDays.DEF,
            OpsTables.QualityChecks.DEF,
            BronzeTables.Usage.DEF,
            BronzeTables.UsageSuperseded.DEF,
            BronzeTables.Prices.DEF,
            BronzeTables.Datacenters.DEF,
            BronzeTables.Regions.DEF,
            BronzeTables.Hubs.DEF,
            BronzeTables.Providers.DEF)) {
      warehouse.ensure(t);
    }
    SortedSet<LocalDate> asked =
        new TreeSet<>(run.stage("pending", () -> PendingDays.in(warehouse)));
    if (from != null) {
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
        asked.add(d);
      }
    }
    // A day's figures feed the non-response estimates of the curated days after it.
    SortedSet<LocalDate> days =
        asked.isEmpty() ? asked : run.stage("dependent days", () -> withDependentDays(asked));
    run.count("days_curated", days.size());
    if (days.isEmpty()) {
      // A change of names only touches no day; the geography still follows the registry.
      geography();
      return new CurateReport(days, List.of(), run.writtenSince(versionsBefore), null);
    }
    List<RunLock> locks = lockDays(days);
    try {
      markStarted(days);
      return curate(days, versionsBefore);
    } finally {
      locks.forEach(RunLock::close);
    }
  }

  /**
   * {@code asked} plus the curated days after them whose non-response estimates they feed ({@link
   * NonResponse#dependentDays}); reads nothing more when no curated day follows within the window
   * (a nightly's new day).
   */
  private SortedSet<LocalDate> withDependentDays(SortedSet<LocalDate> asked) {
    int window = context.settings().get(SettingKeys.NONRESPONSE_WINDOW_DAYS);
    LocalDate first = asked.first();
    LocalDate last = asked.last().plusDays(window);
    Column after = col(CuratedDays.REPORT_DATE).gt(Date.valueOf(first));
    List<LocalDate> later = new ArrayList<>();
    for (Row r :
        warehouse
            .read(CuratedDays.DEF)
            .filter(after.and(col(CuratedDays.REPORT_DATE).leq(Date.valueOf(last))))
            .select(CuratedDays.REPORT_DATE)
            .distinct()
            .collectAsList()) {
      LocalDate d = r.getDate(0).toLocalDate();
      if (!asked.contains(d)) {
        later.add(d);
      }
    }
    if (later.isEmpty()) {
      return asked;
    }
    Map<LocalDate, Set<String>> respondents = new HashMap<>();
    Set<LocalDate> estimated = new HashSet<>();
    for (Row r :
        warehouse
            .read(GoldTables.ProviderContributionsDaily.DEF)
            .filter(
                col(GoldTables.REPORT_DATE)
                    .between(Date.valueOf(first.minusDays(window)), Date.valueOf(last))
                    .and(
                        col(GoldTables.TokenDailyRollup.LEVEL)
                            .equalTo(GoldTables.TokenDailyRollup.NATIONAL)))
            .select(
                col(GoldTables.REPORT_DATE), col(UsageFeed.PROVIDER_ID), UsageMeasures.reported())
            .collectAsList()) {
      LocalDate d = r.getDate(0).toLocalDate();
      if (r.getBoolean(2)) {
        respondents.computeIfAbsent(d, k -> new HashSet<>()).add(r.getString(1));
      } else {
        estimated.add(d);
      }
    }
    // The asked days as they will be: their new data, from bronze.
    asked.forEach(respondents::remove);
    for (Row r :
        UsageVersions.current(warehouse, DaySet.of(BronzeTables.Usage.REPORT_DATE, asked).filter())
            .select(BronzeTables.Usage.REPORT_DATE, UsageFeed.PROVIDER_ID)
            .distinct()
            .collectAsList()) {
      respondents
          .computeIfAbsent(r.getDate(0).toLocalDate(), k -> new HashSet<>())
          .add(r.getString(1));
    }
    return NonResponse.dependentDays(
        asked,
        later,
        estimated,
        respondents,
        window,
        context.settings().get(SettingKeys.NONRESPONSE_MIN_REPORTING_DAYS));
  }

  /**
   * One lock per reporting day ({@code curate-YYYY-MM-DD}), taken in date order: a second run over
   * any of the same days refuses, naming the run that holds it; runs over disjoint days proceed.
   */
  private List<RunLock> lockDays(SortedSet<LocalDate> days) {
    List<RunLock> locks = new ArrayList<>();
    try {
      for (LocalDate d : days) {
        locks.add(context.lock("curate-" + d));
      }
      return locks;
    } catch (RuntimeException e) {
      locks.forEach(RunLock::close);
      throw e;
    }
  }

  /**
   * Marks the days pending before any table is written ({@code ops.touched_days}, feed {@code
   * curate}): a run killed part-way (kill -9, a lost machine) leaves them pending, so the next
   * curate recomputes them and no release is built from the half-written tables meanwhile. The row
   * also names the run whose commits may be found in the tables, as a tokenstats job's.
   */
  private void markStarted(SortedSet<LocalDate> days) {
    Timestamp now = Timestamp.from(context.clock().instant());
    List<Row> rows = new ArrayList<>();
    for (LocalDate d : days) {
      rows.add(
          RowFactory.create(Date.valueOf(d), TouchedDays.CURATE, run.runId(), run.runId(), now));
    }
    append(TouchedDays.DEF, rows);
  }

  /** Appends the run's own rows (not derived data) to an ops table, in one commit. */
  private void append(TableDef table, List<Row> rows) {
    warehouse
        .spark()
        .createDataFrame(rows, table.schema())
        .write()
        .format("delta")
        .mode("append")
        .save(warehouse.location(table));
    run.wrote(table, warehouse.currentVersion(table));
  }

  private CurateReport curate(SortedSet<LocalDate> days, Map<String, Long> versionsBefore) {
    LOG.info("curating {} reporting days: {} .. {}", days.size(), days.first(), days.last());
    Map<TableDef, Long> before = new LinkedHashMap<>();
    for (TableDef t : OUTPUTS) {
      before.put(t, warehouse.currentVersion(t));
    }
    List<QualityChecks.Result> results;
    try {
      recompute(days);
      results = run.stage("quality", () -> checkQuality(days));
    } catch (RuntimeException e) {
      restore(before);
      throw e;
    }
    List<QualityChecks.Result> failed =
        results.stream().filter(QualityChecks.Result::failed).toList();
    if (!failed.isEmpty() && context.settings().get(SettingKeys.QUALITY_FATAL)) {
      restore(before);
      TokenstatsException failure =
          Errors.failure(
              failed.size()
                  + " data-quality checks failed and tokenstats.quality.fatal is on: "
                  + failed.get(0).day()
                  + " "
                  + failed.get(0).check()
                  + " ("
                  + failed.get(0).subject()
                  + ": "
                  + failed.get(0).detail()
                  + "); the curated tables were restored to their versions before this run",
              "See ops.quality_checks for this run_id; fix the input (or the threshold) and"
                  + " curate the days again, or run with --set tokenstats.quality.fatal=false.",
              null);
      return new CurateReport(days, results, run.writtenSince(versionsBefore), failure);
    }

    Timestamp now = Timestamp.from(context.clock().instant());
    List<Row> curated = new ArrayList<>();
    for (LocalDate d : days) {
      curated.add(RowFactory.create(Date.valueOf(d), run.runId(), now));
    }
    append(CuratedDays.DEF, curated);
    return new CurateReport(days, results, run.writtenSince(versionsBefore), null);
  }

  private void recompute(SortedSet<LocalDate> days) {
    DaySet daySet = DaySet.of(GoldTables.REPORT_DATE, days);
    Dataset<Row> geography = geography();
    Dataset<Row> regions = Geography.regions(geography);
    try {
      recompute(days, daySet, regions);
    } finally {
      runInputs.drop();
    }
  }

  private void recompute(SortedSet<LocalDate> days, DaySet daySet, Dataset<Row> regions) {
    Column inDays = daySet.filter();
    String replaceWhere = daySet.sql();
    // The registry as this run places every figure with, read once (see #shared).
    Dataset<Row> datacenters = shared(warehouse.read(BronzeTables.Datacenters.DEF));

    replace(
        SilverTables.UsageHourly.DEF,
        replaceWhere,
        () -> UsageMeasures.usageHourly(UsageVersions.current(warehouse, inDays), datacenters));
    // The days' silver rows, as just written, feed three gold tables: read once (see #shared).
    // Only this run writes them (it holds the days' locks), so a retry may reuse them.
    Dataset<Row> usageHourly = shared(warehouse.read(SilverTables.UsageHourly.DEF).filter(inDays));
    replace(
        SilverTables.PriceHourly.DEF,
        replaceWhere,
        () ->
            EnergyMeasures.priceHourly(
                warehouse.read(BronzeTables.Prices.DEF).filter(inDays),
                context.settings().get(SettingKeys.PRICE_MARKET_ORDER)));
    replace(GoldTables.TokenDaily.DEF, replaceWhere, () -> UsageMeasures.tokenDaily(usageHourly));
    int window = context.settings().get(SettingKeys.NONRESPONSE_WINDOW_DAYS);
    Column windowDays =
        col(GoldTables.REPORT_DATE)
            .between(
                Date.valueOf(NonResponse.windowStart(days, window)), Date.valueOf(days.last()));
    replace(
        GoldTables.ProviderContributionsDaily.DEF,
        replaceWhere,
        () -> {
          Dataset<Row> recent = small(warehouse.read(GoldTables.TokenDaily.DEF).filter(windowDays));
          Dataset<Row> providers = small(warehouse.read(BronzeTables.Providers.DEF));
          int minDays = context.settings().get(SettingKeys.NONRESPONSE_MIN_REPORTING_DAYS);
          // Usually every expected provider reported: then there is nothing to estimate, and the
          // estimator's plan (a dozen joins, a Spark job each) is not built.
          if (NonResponse.missing(recent, providers, days, window, minDays).isEmpty()) {
            return UsageMeasures.providerContributions(recent.filter(inDays), regions);
          }
          return UsageMeasures.providerContributions(
              recent.filter(inDays),
              NonResponse.estimates(recent, providers, days, window, minDays),
              regions);
        });
    replace(
        GoldTables.TokenDailyRollup.DEF,
        replaceWhere,
        () ->
            UsageMeasures.tokenDailyRollup(
                warehouse.read(GoldTables.ProviderContributionsDaily.DEF).filter(inDays)));

    // Growth compares periods with others (baseline, month-on-month, year-on-year, 7-day
    // windows): recompute the periods the days can change, from the months they depend on.
    YearMonth baseline = context.settings().get(SettingKeys.GROWTH_BASELINE);
    GrowthScope scope = GrowthScope.of(days, baseline);
    replace(
        GoldTables.TokenGrowth.DEF,
        scope.whole() ? null : scope.replaceWhere(),
        () -> {
          Dataset<Row> rollup = warehouse.read(GoldTables.TokenDailyRollup.DEF);
          return scope.whole()
              ? GrowthMeasures.tokenGrowth(small(rollup), baseline)
              : GrowthMeasures.tokenGrowth(small(rollup.filter(scope.input())), baseline)
                  .filter(scope.output());
        });

    replace(
        GoldTables.EnergyDaily.DEF,
        replaceWhere,
        () ->
            EnergyMeasures.energyDaily(
                usageHourly,
                small(warehouse.read(SilverTables.PriceHourly.DEF).filter(inDays)),
                regions));
    replace(
        GoldTables.UtilizationDaily.DEF,
        replaceWhere,
        () -> UtilizationMeasures.utilizationDaily(usageHourly, datacenters, regions));

    // A week is recomputed when one of its days was; the week after it too, for its ratio to it.
    SortedSet<LocalDate> weeks = new TreeSet<>();
    for (LocalDate d : days) {
      weeks.add(ModelShareMeasures.weekStart(d));
      weeks.add(ModelShareMeasures.weekStart(d).plusWeeks(1));
    }
    DaySet weekSet = DaySet.of(GoldTables.ModelShareWeekly.WEEK_START, weeks);
    replace(
        GoldTables.ModelShareWeekly.DEF,
        weekSet.sql(),
        () ->
            ModelShareMeasures.modelShareWeekly(
                    small(
                        warehouse
                            .read(GoldTables.TokenDaily.DEF)
                            .filter(
                                col(GoldTables.REPORT_DATE)
                                    .between(
                                        Date.valueOf(weeks.first().minusWeeks(1)),
                                        Date.valueOf(weeks.last().plusDays(6))))))
                .filter(weekSet.filter()));
  }

  /**
   * The registry's geography ({@link Geography#dimension}) as a small local Dataset that this run
   * places every figure with; {@code gold.geography} is rewritten with it (one commit) when it
   * differs, so the table always holds what the latest curated figures were placed with and its
   * version changes only with the registry.
   */
  private Dataset<Row> geography() {
    Dataset<Row> dimension =
        Geography.dimension(
            warehouse.read(BronzeTables.Regions.DEF), warehouse.read(BronzeTables.Hubs.DEF));
    List<Row> wanted = dimension.collectAsList();
    Dataset<Row> local = warehouse.spark().createDataFrame(wanted, dimension.schema());
    List<Row> current =
        warehouse.read(GoldTables.Geography.DEF).drop(GoldTables.RUN_ID).collectAsList();
    if (!sorted(current).equals(sorted(wanted))) {
      replace(GoldTables.Geography.DEF, null, () -> local);
    }
    return local;
  }

  private static List<String> sorted(List<Row> rows) {
    return rows.stream().map(Row::toString).sorted().toList();
  }

  /** Runs the checks on the curated days and records them (in ops.quality_checks, and counts). */
  private List<QualityChecks.Result> checkQuality(SortedSet<LocalDate> days) {
    QualityCheckRun checks = new QualityCheckRun(warehouse);
    List<QualityChecks.Result> results =
        checks.check(days, QualityCheckRun.thresholds(context.settings()));
    run.wrote(
        OpsTables.QualityChecks.DEF,
        checks.record(results, run.runId(), Timestamp.from(context.clock().instant())));
    run.count("quality_checks", results.size());
    run.count("quality_failed", results.stream().filter(QualityChecks.Result::failed).count());
    return results;
  }

  /**
   * Puts every table back at its version from before this run, where the run changed it and no
   * other run committed to it since (each of our commits carries our run id as its Delta
   * userMetadata); a table another run wrote meanwhile is left as it is, with an error in the log,
   * and its days stay pending for the next run.
   */
  private void restore(Map<TableDef, Long> before) {
    for (Map.Entry<TableDef, Long> e : before.entrySet()) {
      TableDef table = e.getKey();
      long version = e.getValue();
      try {
        List<Row> since =
            warehouse
                .delta(table)
                .history()
                .filter(col("version").gt(version))
                .select("userMetadata")
                .collectAsList();
        if (since.isEmpty()) {
          continue;
        }
        if (since.stream().allMatch(r -> run.runId().equals(r.getString(0)))) {
          warehouse.delta(table).restoreToVersion(version);
          LOG.warn("restored {} to version {}", table.id(), version);
        } else {
          LOG.error(
              "not restoring {} to version {}: another run committed to it since; its days stay"
                  + " pending and the next curate recomputes them",
              table.id(),
              version);
        }
      } catch (RuntimeException restoreFailed) {
        LOG.error(
            "could not restore {} to version {}: restore it by hand (RESTORE TABLE ... TO VERSION"
                + " AS OF {})",
            table.id(),
            version,
            version,
            restoreFailed);
      }
    }
  }

  /**
   * Replaces the rows of {@code table} matching {@code replaceWhere} (all of it when null) with
   * {@code rows}, in one commit, as the stage named after the table. The rows are computed again
   * from fresh reads when a concurrent curate of other days committed to the same table first (a
   * Delta conflict on rows both can change, such as a shared month of growth): recomputing is
   * always safe, and a conflict is reported after {@link #WRITE_ATTEMPTS} attempts.
   */
  private void replace(TableDef table, String replaceWhere, Supplier<Dataset<Row>> rows) {
    run.stage(
        table.id(),
        () -> {
          for (int attempt = 1; ; attempt++) {
            try {
              write(table, rows.get(), replaceWhere);
              return;
            } catch (DeltaConcurrentModificationException e) {
              if (attempt >= WRITE_ATTEMPTS) {
                throw Errors.failure(
                    "Writing "
                        + table.id()
                        + " conflicted with another run "
                        + attempt
                        + " times: "
                        + e.getMessage(),
                    "Another curate or backfill wrote the same rows; run this one again when it"
                        + " has finished.",
                    e);
              }
              LOG.warn(
                  "{}: concurrent write by another run ({}); recomputing, attempt {}",
                  table.id(),
                  e.getClass().getSimpleName(),
                  attempt + 1);
            } finally {
              writeInputs.drop();
            }
          }
        });
  }

  /**
   * Caches a small input (a slice of the daily roll-up or of {@code gold.token_daily}) for the one
   * write being computed. Delta prepares each scan of a table again every time the write's plan is
   * optimized, listing the table's files in a Spark job of its own: the event log of a warm curate
   * showed 53 such jobs in the growth stage (whose plan reads the roll-up six times) and 15 in the
   * weekly model shares. Cached, the slice is read once. A retry after a conflict reads afresh.
   */
  private Dataset<Row> small(Dataset<Row> input) {
    return writeInputs.add(input);
  }

  /**
   * Caches an input several of the run's tables read (the curated days' {@code silver.usage_hourly}
   * rows, the datacenter registry) until the last table is written. Read from Delta, each would be
   * prepared again by every plan that reads it, with Spark jobs of its own listing the table's
   * files (an event log showed ~15 such jobs in the utilization stage alone). The slice is the
   * days' hourly aggregates, not records; Spark spills it to disk if it must (a long backfill).
   */
  private Dataset<Row> shared(Dataset<Row> input) {
    return runInputs.add(input);
  }

  private void write(TableDef table, Dataset<Row> rows, String replaceWhere) {
    List<Column> columns = new ArrayList<>();
    for (StructField f : table.schema().fields()) {
      columns.add(
          (f.name().equals(GoldTables.RUN_ID) ? lit(run.runId()) : col(f.name()))
              .cast(f.dataType())
              .as(f.name()));
    }
    var writer =
        rows.select(columns.toArray(Column[]::new))
            .write()
            .format("delta")
            .mode("overwrite")
            .option("userMetadata", run.runId());
    if (replaceWhere != null) {
      writer = writer.option("replaceWhere", replaceWhere);
    }
    writer.save(warehouse.location(table));
    run.wrote(table, warehouse.currentVersion(table));
  }
}
