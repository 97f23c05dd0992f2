package org.tokenstats.jobs.curate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.tokenstats.common.config.SettingKeys;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.feed.UsageFeed;
import org.tokenstats.common.table.DaySet;
import org.tokenstats.common.table.GoldTables;
import org.tokenstats.common.table.GoldTables.EnergyDaily;
import org.tokenstats.common.table.GoldTables.TokenDaily;
import org.tokenstats.common.table.GoldTables.TokenDailyRollup;
import org.tokenstats.common.table.GoldTables.UtilizationDaily;
import org.tokenstats.common.table.OpsTables;
import org.tokenstats.common.table.Warehouse;
import org.tokenstats.jobs.curate.QualityChecks.DayFacts;
import org.tokenstats.jobs.curate.QualityChecks.Result;

/**
 * Gathers the per-day facts {@link QualityChecks} judges from the gold tables (only the curated
 * days' partitions and the 28 days before, so the cost does not grow with history), and appends the
 * results to {@code ops.quality_checks}: a log of checks per run, like {@code ops.job_runs}.
 */
final class QualityCheckRun {
  private final Warehouse warehouse;

  QualityCheckRun(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  static QualityChecks.Thresholds thresholds(Settings settings) {
    return new QualityChecks.Thresholds(
        settings.get(SettingKeys.QUALITY_ROW_COUNT_TOLERANCE),
        settings.get(SettingKeys.QUALITY_MIN_ENERGY_COVERAGE),
        settings.get(SettingKeys.QUALITY_MIN_COST_COVERAGE));
  }

  /** Checks every day of {@code days}; the results in day order. */
  List<Result> check(SortedSet<LocalDate> days, QualityChecks.Thresholds thresholds) {
    Column inDays = DaySet.of(GoldTables.REPORT_DATE, days).filter();
    Map<LocalDate, Long> rowCounts = rowCounts(days);
    Map<LocalDate, Row> tokens = byDay(tokenFacts(inDays));
    Map<LocalDate, Row> rollup = byDay(rollupFacts(inDays));
    Map<LocalDate, Row> energy = byDay(energyFacts(inDays));
    Map<LocalDate, Row> utilization = byDay(utilizationFacts(inDays));
    List<Result> out = new ArrayList<>();
    for (LocalDate d : days) {
      Row t = tokens.get(d);
      Row r = rollup.get(d);
      Row e = energy.get(d);
      Row u = utilization.get(d);
      DayFacts facts =
          new DayFacts(
              d,
              t == null ? 0 : t.<Long>getAs("rows"),
              t == null ? null : t.<Long>getAs("total"),
              r == null ? null : r.<Long>getAs("national"),
              r == null ? null : r.<Long>getAs("region_sum"),
              r == null ? null : r.<Long>getAs("zone_sum"),
              r == null ? null : r.<Long>getAs("hub_sum"),
              longOf(t, "negatives")
                  + longOf(r, "negatives")
                  + longOf(e, "negatives")
                  + longOf(u, "negatives"),
              e == null ? null : e.<BigDecimal>getAs("kwh_national"),
              e == null ? null : e.<BigDecimal>getAs("kwh_region_sum"),
              e == null ? null : e.<Long>getAs("tokens"),
              e == null ? null : e.<Long>getAs("known_tokens"),
              e == null ? null : e.<BigDecimal>getAs("kwh_priced"),
              u == null ? null : u.<Long>getAs("capacity_national"),
              u == null ? null : u.<Long>getAs("capacity_sites"),
              u == null ? null : u.<BigDecimal>getAs("used_national"),
              u == null ? null : u.<BigDecimal>getAs("used_sites"),
              longOf(u, "overfull"));
      out.addAll(QualityChecks.evaluate(facts, rowCounts, thresholds));
    }
    return out;
  }

  /** Appends the results of run {@code runId}; returns the table version written. */
  long record(List<Result> results, String runId, Timestamp checkedAt) {
    List<Row> rows = new ArrayList<>();
    for (Result r : results) {
      rows.add(
          RowFactory.create(
              runId,
              checkedAt,
              r.day() == null ? null : Date.valueOf(r.day()),
              r.check(),
              r.subject(),
              r.status(),
              r.observed(),
              r.expected(),
              r.detail()));
    }
    warehouse
        .spark()
        .createDataFrame(rows, OpsTables.QualityChecks.DEF.schema())
        .write()
        .format("delta")
        .mode("append")
        .save(warehouse.location(OpsTables.QualityChecks.DEF));
    return warehouse.currentVersion(OpsTables.QualityChecks.DEF);
  }

  private Map<LocalDate, Long> rowCounts(SortedSet<LocalDate> days) {
    Map<LocalDate, Long> out = new HashMap<>();
    for (Row r :
        warehouse
            .read(TokenDaily.DEF)
            .filter(
                col(GoldTables.REPORT_DATE)
                    .between(
                        Date.valueOf(days.first().minusDays(QualityChecks.HISTORY_DAYS)),
                        Date.valueOf(days.last())))
            .groupBy(GoldTables.REPORT_DATE)
            .count()
            .collectAsList()) {
      out.put(r.getDate(0).toLocalDate(), r.getLong(1));
    }
    return out;
  }

  private Dataset<Row> tokenFacts(Column inDays) {
    return warehouse
        .read(TokenDaily.DEF)
        .filter(inDays)
        .groupBy(GoldTables.REPORT_DATE)
        .agg(
            count(lit(1)).as("rows"),
            sum(TokenDaily.TOTAL_TOKENS).as("total"),
            countWhere(
                    col(TokenDaily.TOTAL_TOKENS)
                        .lt(0)
                        .or(col(UsageFeed.INPUT_TOKENS).lt(0))
                        .or(col(UsageFeed.OUTPUT_TOKENS).lt(0))
                        .or(col(TokenDaily.REQUESTS).lt(0)))
                .as("negatives"));
  }

  private Dataset<Row> rollupFacts(Column inDays) {
    Column level = col(TokenDailyRollup.LEVEL);
    Column tokens = col(TokenDailyRollup.TOTAL_TOKENS);
    return warehouse
        .read(TokenDailyRollup.DEF)
        .filter(inDays)
        .groupBy(GoldTables.REPORT_DATE)
        .agg(
            sum(when(level.equalTo(TokenDailyRollup.NATIONAL), tokens)).as("national"),
            sum(when(level.equalTo(TokenDailyRollup.REGION), tokens)).as("region_sum"),
            sum(when(level.equalTo(TokenDailyRollup.ZONE), tokens)).as("zone_sum"),
            sum(when(level.equalTo(TokenDailyRollup.HUB), tokens).otherwise(lit(0L))).as("hub_sum"),
            countWhere(tokens.lt(0).or(col(TokenDailyRollup.REQUESTS).lt(0))).as("negatives"));
  }

  private Dataset<Row> energyFacts(Column inDays) {
    Column national = col(EnergyDaily.LEVEL).equalTo(TokenDailyRollup.NATIONAL);
    Column kwh = col(EnergyDaily.ENERGY_KWH);
    return warehouse
        .read(EnergyDaily.DEF)
        .filter(inDays)
        .groupBy(GoldTables.REPORT_DATE)
        .agg(
            sum(when(national, kwh)).as("kwh_national"),
            sum(when(col(EnergyDaily.LEVEL).equalTo(TokenDailyRollup.REGION), kwh))
                .as("kwh_region_sum"),
            sum(when(national, col(EnergyDaily.TOTAL_TOKENS))).as("tokens"),
            sum(when(
                    national,
                    col(EnergyDaily.TOKENS_ENERGY_MEASURED)
                        .plus(col(EnergyDaily.TOKENS_ENERGY_ESTIMATED))))
                .as("known_tokens"),
            sum(when(national, col(EnergyDaily.ENERGY_KWH_PRICED))).as("kwh_priced"),
            countWhere(kwh.lt(0)).as("negatives"));
  }

  private Dataset<Row> utilizationFacts(Column inDays) {
    Column level = col(UtilizationDaily.LEVEL);
    Column capacity = col(UtilizationDaily.CAPACITY_ACCELERATOR_SECONDS);
    Column used = col(UtilizationDaily.USED_ACCELERATOR_SECONDS);
    return warehouse
        .read(UtilizationDaily.DEF)
        .filter(inDays)
        .groupBy(GoldTables.REPORT_DATE)
        .agg(
            sum(when(level.equalTo(TokenDailyRollup.NATIONAL), capacity)).as("capacity_national"),
            sum(when(level.equalTo(UtilizationDaily.DATACENTER), capacity)).as("capacity_sites"),
            sum(when(level.equalTo(TokenDailyRollup.NATIONAL), used)).as("used_national"),
            sum(when(level.equalTo(UtilizationDaily.DATACENTER), used)).as("used_sites"),
            countWhere(
                    level
                        .equalTo(UtilizationDaily.DATACENTER)
                        .and(col(UtilizationDaily.UTILIZATION).gt(1)))
                .as("overfull"),
            countWhere(used.lt(0).or(capacity.lt(0))).as("negatives"));
  }

  private static Column countWhere(Column condition) {
    return sum(when(condition, lit(1L)).otherwise(lit(0L)));
  }

  private static Map<LocalDate, Row> byDay(Dataset<Row> perDay) {
    Map<LocalDate, Row> out = new HashMap<>();
    for (Row r : perDay.collectAsList()) {
      out.put(r.<Date>getAs(GoldTables.REPORT_DATE).toLocalDate(), r);
    }
    return out;
  }

  private static long longOf(Row r, String field) {
    return r == null ? 0 : r.<Long>getAs(field);
  }
}
