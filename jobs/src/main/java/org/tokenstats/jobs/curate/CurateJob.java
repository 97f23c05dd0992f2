package org.tokenstats.jobs.curate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
import org.tokenstats.common.run.JobRun;
import org.tokenstats.common.table.BronzeTables;
import org.tokenstats.common.table.GoldTables;
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

  /** Curates the days in [from, to] (if given) and every pending touched day. */
  public void run(LocalDate from, LocalDate to) {
    for (TableDef t :
        List.of(
            SilverTables.UsageHourly.DEF,
            GoldTables.TokenDaily.DEF,
            GoldTables.TokenDailyRollup.DEF,
            GoldTables.TokenGrowth.DEF,
            CuratedDays.DEF,
            TouchedDays.DEF,
            BronzeTables.Usage.DEF,
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
    Column inDays = col(GoldTables.REPORT_DATE).isin(days.stream().map(Date::valueOf).toArray());
    String replaceWhere =
        GoldTables.REPORT_DATE
            + " IN ("
            + days.stream().map(d -> "DATE'" + d + "'").collect(Collectors.joining(", "))
            + ")";

    Dataset<Row> usage = warehouse.read(BronzeTables.Usage.DEF).filter(inDays);
    Dataset<Row> hourly =
        UsageMeasures.usageHourly(usage, warehouse.read(BronzeTables.Datacenters.DEF));
    run.stage(
        "silver.usage_hourly", () -> replace(SilverTables.UsageHourly.DEF, hourly, replaceWhere));
    Dataset<Row> daily =
        UsageMeasures.tokenDaily(warehouse.read(SilverTables.UsageHourly.DEF).filter(inDays));
    run.stage("gold.token_daily", () -> replace(GoldTables.TokenDaily.DEF, daily, replaceWhere));
    Dataset<Row> rollup =
        UsageMeasures.tokenDailyRollup(
            warehouse.read(GoldTables.TokenDaily.DEF).filter(inDays),
            warehouse.read(BronzeTables.Regions.DEF));
    run.stage(
        "gold.token_daily_rollup",
        () -> replace(GoldTables.TokenDailyRollup.DEF, rollup, replaceWhere));

    // Growth compares periods across the whole history (baseline, month-on-month, year-on-year,
    // 7-day windows); its input is the small daily roll-up, so it is rebuilt whole, in one commit.
    Dataset<Row> growth =
        GrowthMeasures.tokenGrowth(
            warehouse.read(GoldTables.TokenDailyRollup.DEF),
            context.settings().get(SettingKeys.GROWTH_BASELINE));
    run.stage("gold.token_growth", () -> replace(GoldTables.TokenGrowth.DEF, growth, null));

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
