package org.tokenstats.jobs.release;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.common.table.DaySet;
import org.tokenstats.common.table.GoldTables;
import org.tokenstats.common.table.OpsTables.CuratedDays;
import org.tokenstats.common.table.OpsTables.TouchedDays;
import org.tokenstats.common.table.Warehouse;
import org.tokenstats.jobs.curate.PendingDays;

/**
 * What must hold before a release is built, checked in this order, each refusal one line (exit 1)
 * naming what is wrong and the command that puts it right:
 *
 * <ol>
 *   <li>no reporting day the release reads is waiting to be curated: touched by ingestion since its
 *       last curation, or begun by a curate run that did not finish;
 *   <li>no table it reads holds a version written outside a tokenstats job ({@link
 *       OutsideChanges});
 *   <li>the gold tables agree with each other over the days it reads ({@link GoldConsistency}).
 * </ol>
 */
final class ReleaseGate {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseGate.class);

  private ReleaseGate() {}

  /** The first day a release of {@code period} reads (its history and year-before months). */
  static LocalDate firstDay(YearMonth period, YearMonth baseline) {
    YearMonth first = baseline.isBefore(period) ? baseline : period;
    return (first.isBefore(period.minusYears(1)) ? first : period.minusYears(1)).atDay(1);
  }

  /** Refuses (a failure, exit 1) while a day the release of {@code period} reads is pending. */
  static void checkCurated(Warehouse warehouse, YearMonth period, YearMonth baseline) {
    String p = period.toString();
    LocalDate from = firstDay(period, baseline);
    LocalDate to = period.atEndOfMonth();
    warehouse.ensure(TouchedDays.DEF);
    warehouse.ensure(CuratedDays.DEF);
    List<LocalDate> pending =
        PendingDays.in(warehouse).stream()
            .filter(d -> !d.isBefore(from) && !d.isAfter(to))
            .toList();
    if (!pending.isEmpty()) {
      List<String> unfinished = unfinishedCurates(warehouse, pending);
      throw Errors.failure(
          "Release of "
              + p
              + " refused: "
              + pending.size()
              + " reporting day(s) it covers are waiting to be curated ("
              + describe(pending)
              + ")"
              + (unfinished.isEmpty()
                  ? ""
                  : "; curate run(s) "
                      + String.join(", ", unfinished)
                      + " began them and did not finish"),
          "Run `bin/tokenstats curate` (it recomputes every pending day), then publish again.",
          null);
    }
  }

  /**
   * Refuses (a failure, exit 1) unless only tokenstats jobs wrote the tables at the {@code pinned}
   * versions and the gold tables agree with each other over the days the release reads.
   */
  static void checkWritten(
      Warehouse warehouse,
      Map<String, Long> pinned,
      PublishedReleases releases,
      YearMonth period,
      YearMonth baseline) {
    LocalDate from = firstDay(period, baseline);
    LocalDate to = period.atEndOfMonth();
    List<String> outside =
        OutsideChanges.find(
            warehouse, pinned, releases.newestPinnedVersions(), ReleaseInputs.TABLES);
    refuse(
        period,
        "",
        outside,
        "Undo it with `bin/tokenstats repair --reason TEXT \"RESTORE TABLE <table> TO VERSION AS"
            + " OF <the version before>\"` and curate the days it changed again, or, if the change"
            + " is right, accept it with `bin/tokenstats repair --accept <table>@<version> --reason"
            + " TEXT` (docs/operations.md, \"Repairing a table\").");
    List<String> disagreements = disagreements(warehouse, pinned, from, to);
    refuse(
        period,
        "the gold tables disagree: ",
        disagreements,
        "Recompute the days: `bin/tokenstats curate --from "
            + from
            + " --to "
            + to
            + "`, then publish again.");
  }

  /**
   * Refuses a release whose figures and whose providers' contributions disagree: the cell totals
   * come from the gold roll-up and the contributions disclosure control weighs from {@code
   * gold.provider_contributions_daily}, which curate writes together (the roll-up is their sum).
   * They differ only for days curated before tokenstats kept contributions (a warehouse written
   * before 2026-11-28) or after a change to one table outside a run; either way suppression would
   * protect cells other than the ones published.
   */
  static void checkContributions(ReleaseData data) {
    List<String> out = new ArrayList<>();
    List<Figures> cells = new ArrayList<>(data.months());
    cells.addAll(data.days());
    for (Figures f : cells) {
      String id = ReleaseBuilder.cellId(f.period(), f.level(), f.code());
      long sum =
          data.contributions().getOrDefault(id, Map.of()).values().stream()
              .mapToLong(Long::longValue)
              .reduce(0L, Math::addExact);
      if (sum != f.wholeTokens()) {
        out.add(id + ": " + f.wholeTokens() + " tokens curated, " + sum + " in contributions");
      }
    }
    refuse(
        data.period(),
        "the providers' contributions in gold.provider_contributions_daily do not add up to the"
            + " curated figures (days curated before tokenstats kept contributions, or a table"
            + " changed outside a run): ",
        out,
        "Recompute them: `bin/tokenstats backfill --from "
            + data.period().atDay(1)
            + " --to "
            + data.period().atEndOfMonth()
            + "` (and the earlier months it names), then publish again.");
  }

  /**
   * Refuses the release of {@code period} when there are findings: each is logged, the first (and
   * how many more) is the one line an operator reads, with the fix.
   */
  static void refuse(YearMonth period, String what, List<String> findings, String fix) {
    if (findings.isEmpty()) {
      return;
    }
    findings.forEach(f -> LOG.error("release of {} refused: {}{}", period, what, f));
    throw Errors.failure(
        "Release of "
            + period
            + " refused: "
            + what
            + findings.get(0)
            + (findings.size() > 1 ? " (and " + (findings.size() - 1) + " more, in the log)" : ""),
        fix,
        null);
  }

  /**
   * Run ids of curate runs that began some of the pending days and never finished them: their mark
   * in {@code ops.touched_days} is later than the day's last curation (a run that finished recorded
   * the day curated after marking it).
   */
  private static List<String> unfinishedCurates(Warehouse warehouse, List<LocalDate> pending) {
    Dataset<Row> curated =
        warehouse
            .read(CuratedDays.DEF)
            .groupBy(col(CuratedDays.REPORT_DATE).as("_day"))
            .agg(max(CuratedDays.CURATED_AT).as("_curated"));
    List<String> out = new ArrayList<>();
    for (Row r :
        warehouse
            .read(TouchedDays.DEF)
            .filter(
                col(TouchedDays.FEED)
                    .equalTo(TouchedDays.CURATE)
                    .and(DaySet.of(TouchedDays.REPORT_DATE, pending).filter()))
            .join(curated, col(TouchedDays.REPORT_DATE).equalTo(col("_day")), "left")
            .filter(col("_curated").isNull().or(col("_curated").lt(col(TouchedDays.TOUCHED_AT))))
            .select(TouchedDays.RUN_ID)
            .distinct()
            .orderBy(TouchedDays.RUN_ID)
            .collectAsList()) {
      out.add(r.getString(0));
    }
    return out;
  }

  private static String describe(List<LocalDate> days) {
    if (days.size() <= 5) {
      return String.join(", ", days.stream().map(LocalDate::toString).toList());
    }
    return days.get(0) + " .. " + days.get(days.size() - 1);
  }

  /** The first disagreements among the pinned gold tables over [from, to]. */
  private static List<String> disagreements(
      Warehouse warehouse, Map<String, Long> pinned, LocalDate from, LocalDate to) {
    Column days = col(GoldTables.REPORT_DATE).between(Date.valueOf(from), Date.valueOf(to));
    Column periods =
        col(GoldTables.TokenGrowth.PERIOD_START).between(Date.valueOf(from), Date.valueOf(to));
    Dataset<Row> found =
        GoldConsistency.disagreements(
            read(warehouse, pinned, GoldTables.TokenDaily.DEF.id()).filter(days),
            read(warehouse, pinned, GoldTables.TokenDailyRollup.DEF.id()).filter(days),
            read(warehouse, pinned, GoldTables.TokenGrowth.DEF.id()).filter(periods),
            read(warehouse, pinned, GoldTables.EnergyDaily.DEF.id()).filter(days),
            read(warehouse, pinned, GoldTables.UtilizationDaily.DEF.id()).filter(days));
    List<String> out = new ArrayList<>();
    for (Row r :
        found.orderBy(GoldConsistency.CHECK, GoldConsistency.SUBJECT).limit(20).collectAsList()) {
      out.add(
          r.getString(0)
              + " fails for "
              + r.getString(1)
              + ": expected "
              + r.getString(2)
              + ", found "
              + r.getString(3));
    }
    return out;
  }

  private static Dataset<Row> read(Warehouse warehouse, Map<String, Long> pinned, String id) {
    return ReleaseInputs.TABLES.stream()
        .filter(t -> t.id().equals(id))
        .findFirst()
        .map(t -> warehouse.readVersion(t, pinned.get(id)))
        .orElseThrow();
  }
}
