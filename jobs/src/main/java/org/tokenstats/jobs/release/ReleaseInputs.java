package org.tokenstats.jobs.release;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.tokenstats.common.feed.UsageFeed;
import org.tokenstats.common.table.BronzeTables;
import org.tokenstats.common.table.GoldTables;
import org.tokenstats.common.table.GoldTables.EnergyDaily;
import org.tokenstats.common.table.GoldTables.ProviderContributionsDaily;
import org.tokenstats.common.table.GoldTables.TokenDailyRollup;
import org.tokenstats.common.table.GoldTables.TokenGrowth;
import org.tokenstats.common.table.GoldTables.UtilizationDaily;
import org.tokenstats.common.table.TableDef;
import org.tokenstats.common.table.Warehouse;
import org.tokenstats.jobs.curate.Geography;
import org.tokenstats.jobs.curate.UsageMeasures;

/**
 * Reads a release's inputs from the warehouse at the Delta versions it pins (so a release and its
 * reproduction read the same data) and collects them into a {@link ReleaseData}.
 */
public final class ReleaseInputs {
  private ReleaseInputs() {}

  /**
   * The tables a release is computed from, all gold; the manifest records each one's version.
   * Providers' contributions and the geography come from curate, so the cells disclosure control
   * protects are the cells published.
   */
  public static final List<TableDef> TABLES =
      List.of(
          GoldTables.TokenDaily.DEF,
          GoldTables.ProviderContributionsDaily.DEF,
          GoldTables.TokenDailyRollup.DEF,
          GoldTables.TokenGrowth.DEF,
          GoldTables.EnergyDaily.DEF,
          GoldTables.UtilizationDaily.DEF,
          GoldTables.Geography.DEF);

  /**
   * What releases published before curate kept contributions and geography (before 2026-11-28)
   * pinned: {@code bronze.regions} and {@code bronze.hubs} in place of the last two gold tables.
   * {@code reproduce} reads such a release as it was built, placing the providers' tokens with the
   * registry at the pinned versions.
   */
  static final List<TableDef> TABLES_BEFORE_GOLD_GEOGRAPHY =
      Stream.concat(
              TABLES.stream()
                  .filter(
                      t ->
                          t != GoldTables.Geography.DEF
                              && t != GoldTables.ProviderContributionsDaily.DEF),
              Stream.of(BronzeTables.Regions.DEF, BronzeTables.Hubs.DEF))
          .toList();

  /** Each input table's latest version: what a new release pins. */
  public static Map<String, Long> currentVersions(Warehouse warehouse) {
    Map<String, Long> out = new TreeMap<>();
    for (TableDef t : TABLES) {
      warehouse.ensure(t);
      out.put(t.id(), warehouse.currentVersion(t));
    }
    return out;
  }

  /** Whether the gold roll-up has any national figure in the month (a cheap check first). */
  public static boolean hasData(Warehouse warehouse, YearMonth period) {
    warehouse.ensure(GoldTables.TokenDailyRollup.DEF);
    return !warehouse
        .read(GoldTables.TokenDailyRollup.DEF)
        .filter(
            col(GoldTables.REPORT_DATE)
                .between(Date.valueOf(period.atDay(1)), Date.valueOf(period.atEndOfMonth()))
                .and(col(TokenDailyRollup.LEVEL).equalTo(lit(TokenDailyRollup.NATIONAL))))
        .limit(1)
        .isEmpty();
  }

  /** Collects the period's figures; {@code baseline} starts the national history. */
  public static ReleaseData read(
      Warehouse warehouse, Map<String, Long> versions, YearMonth period, YearMonth baseline) {
    boolean beforeGoldGeography =
        !versions.containsKey(GoldTables.Geography.DEF.id())
            && versions.containsKey(BronzeTables.Regions.DEF.id());
    Map<String, Dataset<Row>> t = new LinkedHashMap<>();
    for (TableDef def : beforeGoldGeography ? TABLES_BEFORE_GOLD_GEOGRAPHY : TABLES) {
      Long v = versions.get(def.id());
      if (v == null) {
        throw new IllegalArgumentException("no version pinned for " + def.id());
      }
      t.put(def.id(), warehouse.readVersion(def, v));
    }
    YearMonth first = baseline.isBefore(period) ? baseline : period;
    Column history =
        col(GoldTables.REPORT_DATE)
            .between(Date.valueOf(first.atDay(1)), Date.valueOf(period.atEndOfMonth()));
    Column inPeriod =
        col(GoldTables.REPORT_DATE)
            .between(Date.valueOf(period.atDay(1)), Date.valueOf(period.atEndOfMonth()));
    Column national = col(TokenDailyRollup.LEVEL).equalTo(lit(TokenDailyRollup.NATIONAL));
    String p = period.toString();

    Dataset<Row> daily =
        ReleaseFigures.dailySums(
                t.get(GoldTables.TokenDailyRollup.DEF.id()).filter(history),
                t.get(GoldTables.EnergyDaily.DEF.id()).filter(history),
                t.get(GoldTables.UtilizationDaily.DEF.id()).filter(history))
            .cache();
    Dataset<Row> growth = t.get(GoldTables.TokenGrowth.DEF.id());
    List<Figures> days = new ArrayList<>();
    for (Row r :
        daily
            .filter(inPeriod.and(national))
            .transform(
                rows ->
                    withGrowth(
                        rows,
                        growth,
                        TokenGrowth.DAY,
                        col(GoldTables.REPORT_DATE).cast("string"),
                        TokenGrowth.AVG_7D))
            .orderBy(GoldTables.REPORT_DATE)
            .collectAsList()) {
      days.add(figures(r, r.<Date>getAs(GoldTables.REPORT_DATE).toLocalDate().toString(), null, r));
    }
    List<Figures> months = new ArrayList<>();
    for (Row r :
        ReleaseFigures.monthlySums(daily)
            .filter(national.or(col(ReleaseFigures.PERIOD).equalTo(lit(p))))
            .transform(
                rows ->
                    withGrowth(
                        rows,
                        growth,
                        TokenGrowth.MONTH,
                        col(ReleaseFigures.PERIOD),
                        TokenGrowth.AVG_DAILY_TOKENS,
                        TokenGrowth.GROWTH_MULTIPLE,
                        TokenGrowth.MOM_RATIO,
                        TokenGrowth.YOY_RATIO))
            .orderBy(ReleaseFigures.PERIOD, TokenDailyRollup.LEVEL, TokenDailyRollup.CODE)
            .collectAsList()) {
      months.add(figures(r, r.getAs(ReleaseFigures.PERIOD), r, null));
    }
    daily.unpersist();

    // Ratios (mom, yoy, growth) lean on these months; disclosure needs their providers too.
    List<String> ratioMonths =
        List.of(
            period.minusMonths(1).toString(), period.minusYears(1).toString(), baseline.toString());
    YearMonth earliest = first.isBefore(period.minusYears(1)) ? first : period.minusYears(1);
    Column related =
        date_format(col(GoldTables.REPORT_DATE), "yyyy-MM").isin(ratioMonths.toArray());
    Column contributionDays =
        col(GoldTables.REPORT_DATE)
            .between(Date.valueOf(earliest.atDay(1)), Date.valueOf(period.atEndOfMonth()));
    Dataset<Row> tokenDaily =
        t.get(GoldTables.TokenDaily.DEF.id())
            .filter(contributionDays)
            .select(
                col(GoldTables.REPORT_DATE),
                col(UsageFeed.REGION_CODE),
                col(UsageFeed.PROVIDER_ID),
                col(GoldTables.TokenDaily.TOTAL_TOKENS),
                col(GoldTables.TokenDaily.REQUESTS));
    Dataset<Row> regions =
        beforeGoldGeography
            ? t.get(BronzeTables.Regions.DEF.id())
            : Geography.regions(t.get(GoldTables.Geography.DEF.id()));
    Dataset<Row> contributionsByDay =
        (beforeGoldGeography
                ? UsageMeasures.providerContributions(tokenDaily, regions)
                : t.get(GoldTables.ProviderContributionsDaily.DEF.id()).filter(contributionDays))
            .filter(national.or(inPeriod).or(related))
            .cache();
    Map<String, Map<String, Long>> contributions = new TreeMap<>();
    collect(
        contributions,
        contributionsByDay
            .filter(inPeriod.and(national))
            .orderBy(GoldTables.REPORT_DATE, UsageFeed.PROVIDER_ID)
            .collectAsList(),
        r -> r.<Date>getAs(GoldTables.REPORT_DATE).toLocalDate().toString());
    collect(
        contributions,
        ReleaseFigures.monthlyContributions(contributionsByDay)
            .filter(
                national
                    .or(col(ReleaseFigures.PERIOD).equalTo(lit(p)))
                    .or(col(ReleaseFigures.PERIOD).isin(ratioMonths.toArray())))
            .orderBy(
                ReleaseFigures.PERIOD,
                TokenDailyRollup.LEVEL,
                TokenDailyRollup.CODE,
                UsageFeed.PROVIDER_ID)
            .collectAsList(),
        r -> r.getAs(ReleaseFigures.PERIOD));
    contributionsByDay.unpersist();

    List<ReleaseData.Placement> placements = new ArrayList<>();
    for (Row r :
        ReleaseFigures.placements(tokenDaily.filter(inPeriod), regions)
            .orderBy(UsageFeed.REGION_CODE, Geography.HUB, Geography.ZONE)
            .collectAsList()) {
      placements.add(
          new ReleaseData.Placement(
              r.getString(0),
              r.isNullAt(1) ? null : r.getString(1),
              r.isNullAt(2) ? null : r.getString(2)));
    }
    Map<String, String> names = new TreeMap<>();
    LocalDate end = period.atEndOfMonth();
    if (beforeGoldGeography) {
      names.putAll(
          namesInForce(regions, BronzeTables.Regions.REGION_CODE, BronzeTables.Regions.NAME, end));
      names.putAll(
          namesInForce(
              t.get(BronzeTables.Hubs.DEF.id()),
              BronzeTables.Hubs.HUB_CODE,
              BronzeTables.Hubs.NAME,
              end));
    } else {
      names.putAll(
          namesInForce(
              t.get(GoldTables.Geography.DEF.id()),
              GoldTables.Geography.CODE,
              GoldTables.Geography.NAME,
              end));
    }
    return new ReleaseData(
        period, days, months, contributions, placements, names, nationalMonths(growth));
  }

  /**
   * {@code rows} with the given {@code gold.token_growth} columns of the same level and code, of
   * {@code periodType} rows whose period equals {@code period} (null where gold has none).
   */
  private static Dataset<Row> withGrowth(
      Dataset<Row> rows, Dataset<Row> growth, String periodType, Column period, String... columns) {
    List<Column> select = new ArrayList<>();
    select.add(col(TokenGrowth.PERIOD).as("_p"));
    select.add(col(TokenGrowth.LEVEL).as("_l"));
    select.add(col(TokenGrowth.CODE).as("_c"));
    for (String c : columns) {
      select.add(col(c));
    }
    return rows.join(
        growth
            .filter(col(TokenGrowth.PERIOD_TYPE).equalTo(lit(periodType)))
            .select(select.toArray(Column[]::new)),
        col("_p")
            .equalTo(period)
            .and(col("_l").equalTo(col(TokenDailyRollup.LEVEL)))
            .and(col("_c").equalTo(col(TokenDailyRollup.CODE))),
        "left");
  }

  /** Adds each row's provider tokens to its cell (period, level, code), by provider. */
  private static void collect(
      Map<String, Map<String, Long>> into, List<Row> rows, Function<Row, String> period) {
    for (Row r : rows) {
      into.computeIfAbsent(
              ReleaseBuilder.cellId(
                  period.apply(r), r.getAs(TokenDailyRollup.LEVEL), r.getAs(TokenDailyRollup.CODE)),
              k -> new TreeMap<>())
          .merge(
              r.<String>getAs(UsageFeed.PROVIDER_ID),
              r.<Long>getAs(ProviderContributionsDaily.TOTAL_TOKENS),
              Math::addExact);
    }
  }

  private static Map<String, String> namesInForce(
      Dataset<Row> registry, String codeColumn, String nameColumn, LocalDate day) {
    Date d = Date.valueOf(day);
    Map<String, String> out = new TreeMap<>();
    for (Row r :
        registry
            .filter(
                col(BronzeTables.Validity.VALID_FROM)
                    .leq(lit(d))
                    .and(
                        col(BronzeTables.Validity.VALID_TO)
                            .isNull()
                            .or(col(BronzeTables.Validity.VALID_TO).gt(lit(d)))))
            .select(col(codeColumn), col(nameColumn))
            .collectAsList()) {
      out.put(r.getString(0), r.isNullAt(1) ? "" : r.getString(1));
    }
    return out;
  }

  private static Figures figures(Row r, String period, Row monthGrowth, Row dayGrowth) {
    return new Figures(
        period,
        r.getAs(TokenDailyRollup.LEVEL),
        r.getAs(TokenDailyRollup.CODE),
        r.<Long>getAs(TokenDailyRollup.TOTAL_TOKENS),
        r.<Long>getAs(TokenDailyRollup.REQUESTS),
        decimal(r, EnergyDaily.ENERGY_KWH),
        decimal(r, EnergyDaily.ENERGY_KWH_ESTIMATED),
        longOrZero(r, ReleaseFigures.TOKENS_ENERGY_KNOWN),
        decimal(r, EnergyDaily.ENERGY_COST_CNY),
        longOrZero(r, EnergyDaily.TOKENS_PRICED),
        decimal(r, UtilizationDaily.USED_ACCELERATOR_SECONDS),
        longOrZero(r, UtilizationDaily.CAPACITY_ACCELERATOR_SECONDS),
        monthGrowth == null ? null : monthGrowth.<Integer>getAs(TokenGrowth.DAYS_WITH_DATA),
        monthGrowth == null ? null : monthGrowth.<Double>getAs(TokenGrowth.AVG_DAILY_TOKENS),
        monthGrowth == null ? null : monthGrowth.<Double>getAs(TokenGrowth.GROWTH_MULTIPLE),
        monthGrowth == null ? null : monthGrowth.<Double>getAs(TokenGrowth.MOM_RATIO),
        monthGrowth == null ? null : monthGrowth.<Double>getAs(TokenGrowth.YOY_RATIO),
        dayGrowth == null ? null : dayGrowth.<Double>getAs(TokenGrowth.AVG_7D),
        longOrZero(r, TokenDailyRollup.IMPUTED_TOKENS),
        longOrZero(r, TokenDailyRollup.IMPUTED_REQUESTS),
        r.<Long>getAs(TokenDailyRollup.RESPONDENTS),
        r.<Long>getAs(TokenDailyRollup.EXPECTED_RESPONDENTS),
        decimal(r, EnergyDaily.VALUE_BILLED_CNY),
        decimal(r, EnergyDaily.VALUE_COST_CNY),
        longOrZero(r, EnergyDaily.TOKENS_VALUED));
  }

  /**
   * Each month's national coverage from {@code gold.token_growth}: calendar days, days with data,
   * and whether any tokens of it were estimated for non-response.
   */
  private static Map<String, ReleaseData.MonthCoverage> nationalMonths(Dataset<Row> growth) {
    Map<String, ReleaseData.MonthCoverage> out = new TreeMap<>();
    for (Row r :
        growth
            .filter(
                col(TokenGrowth.PERIOD_TYPE)
                    .equalTo(lit(TokenGrowth.MONTH))
                    .and(col(TokenGrowth.LEVEL).equalTo(lit(TokenDailyRollup.NATIONAL))))
            .select(
                col(TokenGrowth.PERIOD),
                col(TokenGrowth.DAYS_IN_PERIOD),
                col(TokenGrowth.DAYS_WITH_DATA),
                ReleaseFigures.orZero(growth, TokenGrowth.IMPUTED_TOKENS))
            .collectAsList()) {
      out.put(
          r.getString(0),
          new ReleaseData.MonthCoverage(r.getInt(1), r.getInt(2), r.getLong(3) != 0));
    }
    return out;
  }

  private static BigDecimal decimal(Row r, String column) {
    Object v = r.getAs(column);
    return v == null ? null : (BigDecimal) v;
  }

  private static long longOrZero(Row r, String column) {
    Object v = r.getAs(column);
    return v == null ? 0L : ((Number) v).longValue();
  }
}
