package org.tokenstats.jobs.curate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tokenstats.common.config.SettingKeys;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.common.run.JobRun;
import org.tokenstats.common.table.BronzeTables;
import org.tokenstats.common.table.GoldTables;
import org.tokenstats.common.table.OpsTables;
import org.tokenstats.common.table.OpsTables.CuratedDays;
import org.tokenstats.common.table.OpsTables.TouchedDays;
import org.tokenstats.common.table.SilverTables;
import org.tokenstats.common.table.TableDef;
import org.tokenstats.common.table.Warehouse;
import org.tokenstats.jobs.cli.RunContext;

/**
 * Recomputes the silver and gold tables for a set of reporting days: the days asked for, plus every
 * day ingestion touched after its last curation. Each table's partitions for exactly those days are
 * replaced in one Delta commit ({@code replaceWhere}), so a re-run gives the same tables and a
 * failed run leaves the previous version in place.
 */
public final class CurateJob {
  private static final Logger LOG = LoggerFactory.getLogger(CurateJob.class);

  private final RunContext context;
  private final Warehouse warehouse;
  private final JobRun run;

  public CurateJob(RunContext context) {
    this.context = context;
    this.warehouse = context.warehouse();
    this.run = context.run();
  }

  /** The tables a curate run writes, in the order it writes them. */
  static final List<TableDef> OUTPUTS =
      List.of(
          SilverTables.UsageHourly.DEF,
          SilverTables.PriceHourly.DEF,
          GoldTables.TokenDaily.DEF,
          GoldTables.TokenDailyRollup.DEF,
          GoldTables.TokenGrowth.DEF,
          GoldTables.EnergyDaily.DEF,
          GoldTables.UtilizationDaily.DEF,
          GoldTables.ModelShareWeekly.DEF);

  /**
   * Curates the days in [from, to] (if given) and every pending touched day, then checks them. If
   * anything fails (a write, or a data-quality check when {@code tokenstats.quality.fatal} is on)
   * every table this run wrote is restored to its version before the run, and the days stay
   * pending.
   */
  public void run(LocalDate from, LocalDate to) {
    for (TableDef t : OUTPUTS) {
      warehouse.ensure(t);
    }
    for (TableDef t :
        List.of(
            CuratedDays.DEF,
            TouchedDays.DEF,
            OpsTables.QualityChecks.DEF,
            BronzeTables.Usage.DEF,
            BronzeTables.Prices.DEF,
            BronzeTables.Datacenters.DEF,
            BronzeTables.Regions.DEF)) {
      warehouse.ensure(t);
    }
    SortedSet<LocalDate> days = new TreeSet<>(run.stage("pending", this::pendingDays));
    if (from != null) {
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
        days.add(d);
      }
    }
    run.count("days_curated", days.size());
    if (days.isEmpty()) {
      context.out().println("curate: no reporting day to recompute");
      return;
    }
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
      throw Errors.failure(
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
          "See ops.quality_checks for this run_id; fix the input (or the threshold) and curate"
              + " the days again, or run with --set tokenstats.quality.fatal=false.",
          null);
    }

    Timestamp now = Timestamp.from(context.clock().instant());
    List<Row> curated = new ArrayList<>();
    for (LocalDate d : days) {
      curated.add(RowFactory.create(Date.valueOf(d), run.runId(), now));
    }
    warehouse
        .spark()
        .createDataFrame(curated, CuratedDays.DEF.schema())
        .write()
        .format("delta")
        .mode("append")
        .save(warehouse.location(CuratedDays.DEF));
    run.wrote(CuratedDays.DEF, warehouse.currentVersion(CuratedDays.DEF));
    context
        .out()
        .println(
            "curate: recomputed "
                + days.size()
                + " reporting days "
                + days.first()
                + " .. "
                + days.last());
  }

  private void recompute(SortedSet<LocalDate> days) {
    Column inDays = col(GoldTables.REPORT_DATE).isin(days.stream().map(Date::valueOf).toArray());
    String replaceWhere = inList(GoldTables.REPORT_DATE, days);

    Dataset<Row> usage = warehouse.read(BronzeTables.Usage.DEF).filter(inDays);
    Dataset<Row> hourly =
        UsageMeasures.usageHourly(usage, warehouse.read(BronzeTables.Datacenters.DEF));
    run.stage(
        "silver.usage_hourly", () -> replace(SilverTables.UsageHourly.DEF, hourly, replaceWhere));
    Dataset<Row> prices =
        EnergyMeasures.priceHourly(
            warehouse.read(BronzeTables.Prices.DEF).filter(inDays),
            context.settings().get(SettingKeys.PRICE_MARKET_ORDER));
    run.stage(
        "silver.price_hourly", () -> replace(SilverTables.PriceHourly.DEF, prices, replaceWhere));

    Dataset<Row> usageHourly = warehouse.read(SilverTables.UsageHourly.DEF).filter(inDays);
    Dataset<Row> regions = warehouse.read(BronzeTables.Regions.DEF);
    Dataset<Row> daily = UsageMeasures.tokenDaily(usageHourly);
    run.stage("gold.token_daily", () -> replace(GoldTables.TokenDaily.DEF, daily, replaceWhere));
    Dataset<Row> rollup =
        UsageMeasures.tokenDailyRollup(
            warehouse.read(GoldTables.TokenDaily.DEF).filter(inDays), regions);
    run.stage(
        "gold.token_daily_rollup",
        () -> replace(GoldTables.TokenDailyRollup.DEF, rollup, replaceWhere));

    // Growth compares periods with others (baseline, month-on-month, year-on-year, 7-day
    // windows): recompute the periods the days can change, from the months they depend on.
    YearMonth baseline = context.settings().get(SettingKeys.GROWTH_BASELINE);
    GrowthScope scope = GrowthScope.of(days, baseline);
    Dataset<Row> rollupHistory = warehouse.read(GoldTables.TokenDailyRollup.DEF);
    Dataset<Row> growth =
        scope.whole()
            ? GrowthMeasures.tokenGrowth(rollupHistory, baseline)
            : GrowthMeasures.tokenGrowth(rollupHistory.filter(scope.input()), baseline)
                .filter(scope.output());
    run.stage(
        "gold.token_growth",
        () ->
            replace(
                GoldTables.TokenGrowth.DEF, growth, scope.whole() ? null : scope.replaceWhere()));

    Dataset<Row> energy =
        EnergyMeasures.energyDaily(
            usageHourly, warehouse.read(SilverTables.PriceHourly.DEF).filter(inDays), regions);
    run.stage("gold.energy_daily", () -> replace(GoldTables.EnergyDaily.DEF, energy, replaceWhere));
    Dataset<Row> utilization =
        UtilizationMeasures.utilizationDaily(
            usageHourly, warehouse.read(BronzeTables.Datacenters.DEF), regions);
    run.stage(
        "gold.utilization_daily",
        () -> replace(GoldTables.UtilizationDaily.DEF, utilization, replaceWhere));

    // A week is recomputed when one of its days was; the week after it too, for its ratio to it.
    SortedSet<LocalDate> weeks = new TreeSet<>();
    for (LocalDate d : days) {
      weeks.add(ModelShareMeasures.weekStart(d));
      weeks.add(ModelShareMeasures.weekStart(d).plusWeeks(1));
    }
    Dataset<Row> weekly =
        ModelShareMeasures.modelShareWeekly(
                warehouse
                    .read(GoldTables.TokenDaily.DEF)
                    .filter(
                        col(GoldTables.REPORT_DATE)
                            .between(
                                Date.valueOf(weeks.first().minusWeeks(1)),
                                Date.valueOf(weeks.last().plusDays(6)))))
            .filter(
                col(GoldTables.ModelShareWeekly.WEEK_START)
                    .isin(weeks.stream().map(Date::valueOf).toArray()));
    run.stage(
        "gold.model_share_weekly",
        () ->
            replace(
                GoldTables.ModelShareWeekly.DEF,
                weekly,
                inList(GoldTables.ModelShareWeekly.WEEK_START, weeks)));
  }

  /** Runs the checks on the curated days, records them, and prints the outcome. */
  private List<QualityChecks.Result> checkQuality(SortedSet<LocalDate> days) {
    QualityCheckRun checks = new QualityCheckRun(warehouse);
    List<QualityChecks.Result> results =
        checks.check(days, QualityCheckRun.thresholds(context.settings()));
    run.wrote(
        OpsTables.QualityChecks.DEF,
        checks.record(results, run.runId(), Timestamp.from(context.clock().instant())));
    long failed = results.stream().filter(QualityChecks.Result::failed).count();
    long skipped =
        results.stream().filter(r -> OpsTables.QualityChecks.SKIPPED.equals(r.status())).count();
    run.count("quality_checks", results.size());
    run.count("quality_failed", failed);
    context
        .out()
        .printf(
            "quality: %d checks, %d passed, %d failed, %d skipped%n",
            results.size(), results.size() - failed - skipped, failed, skipped);
    for (QualityChecks.Result r : results) {
      if (r.failed()) {
        context
            .out()
            .printf(
                "  FAILED %s %s [%s]: %s (expected %s)%n",
                r.day(), r.check(), r.subject(), r.detail(), r.expected());
      }
    }
    return results;
  }

  /** Puts every table back at its version from before this run, where the run changed it. */
  private void restore(Map<TableDef, Long> before) {
    for (Map.Entry<TableDef, Long> e : before.entrySet()) {
      try {
        if (warehouse.currentVersion(e.getKey()) > e.getValue()) {
          warehouse.delta(e.getKey()).restoreToVersion(e.getValue());
          LOG.warn("restored {} to version {}", e.getKey().id(), e.getValue());
        }
      } catch (RuntimeException restoreFailed) {
        LOG.error(
            "could not restore {} to version {}: restore it by hand (RESTORE TABLE ... TO VERSION"
                + " AS OF {})",
            e.getKey().id(),
            e.getValue(),
            e.getValue(),
            restoreFailed);
      }
    }
  }

  private static String inList(String column, SortedSet<LocalDate> days) {
    return column
        + " IN ("
        + days.stream().map(d -> "DATE'" + d + "'").collect(Collectors.joining(", "))
        + ")";
  }

  /** Days touched by ingestion after their last curation. */
  private List<LocalDate> pendingDays() {
    Dataset<Row> touched =
        warehouse
            .read(TouchedDays.DEF)
            .groupBy(TouchedDays.REPORT_DATE)
            .agg(max(TouchedDays.TOUCHED_AT).as("_touched"));
    Dataset<Row> curated =
        warehouse
            .read(CuratedDays.DEF)
            .groupBy(col(CuratedDays.REPORT_DATE).as("_day"))
            .agg(max(CuratedDays.CURATED_AT).as("_curated"));
    List<LocalDate> out = new ArrayList<>();
    for (Row r :
        touched
            .join(curated, col(TouchedDays.REPORT_DATE).equalTo(col("_day")), "left")
            .filter(col("_curated").isNull().or(col("_curated").lt(col("_touched"))))
            .select(TouchedDays.REPORT_DATE)
            .collectAsList()) {
      out.add(r.getDate(0).toLocalDate());
    }
    return out;
  }

  /** Replaces the days' partitions of {@code table} (all of it when null) in one commit. */
  private void replace(TableDef table, Dataset<Row> rows, String replaceWhere) {
    List<Column> columns = new ArrayList<>();
    for (StructField f : table.schema().fields()) {
      columns.add(
          (f.name().equals(GoldTables.RUN_ID) ? lit(run.runId()) : col(f.name()))
              .cast(f.dataType())
              .as(f.name()));
    }
    var writer =
        rows.select(columns.toArray(Column[]::new)).write().format("delta").mode("overwrite");
    if (replaceWhere != null) {
      writer = writer.option("replaceWhere", replaceWhere);
    }
    writer.save(warehouse.location(table));
    run.wrote(table, warehouse.currentVersion(table));
  }
}
