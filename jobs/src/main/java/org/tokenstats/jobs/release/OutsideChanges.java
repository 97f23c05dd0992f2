package org.tokenstats.jobs.release;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.tokenstats.common.run.JobRun;
import org.tokenstats.common.table.OpsTables.JobRuns;
import org.tokenstats.common.table.OpsTables.TouchedDays;
import org.tokenstats.common.table.TableDef;
import org.tokenstats.common.table.Warehouse;

/**
 * Finds table versions written outside a tokenstats job. Every commit a tokenstats run makes
 * carries the run's id as its Delta {@code userMetadata} ({@link JobRun#COMMIT_LABEL}); a run is
 * known from {@code ops.job_runs}, or, for a curate that was killed before it could record itself,
 * from the days it marked in {@code ops.touched_days}. A commit that changes a table's content
 * without such a label (an analyst's {@code DELETE}, a restore by hand) makes the table's figures
 * ones no tokenstats job computed, so a release refuses it, unless a later commit undid it (a
 * {@code RESTORE} to an earlier version) or an operator accepted it with {@code bin/tokenstats
 * repair --accept TABLE@VERSION} (logged). A version a run recorded in {@code
 * ops.job_runs.table_versions} is that run's, label or not, so a warehouse written before commits
 * carried run ids keeps working.
 */
public final class OutsideChanges {
  private OutsideChanges() {}

  /** Operations that leave a table's rows as they were. */
  static final Set<String> CONTENT_NEUTRAL =
      Set.of(
          "CREATE TABLE",
          "OPTIMIZE",
          "VACUUM START",
          "VACUUM END",
          "SET TBLPROPERTIES",
          "ADD CONSTRAINT",
          "ADD COLUMNS",
          "UPGRADE PROTOCOL");

  /** The repair option that accepts a version written outside tokenstats. */
  public static final String ACCEPT = "--accept";

  /**
   * One commit of a table's history. {@code restoredTo} is the version a {@code RESTORE} went back
   * to (null for other operations).
   */
  record Commit(long version, String operation, String label, Long restoredTo, Timestamp at) {}

  /**
   * The commits that shape the table as it is at the last one and that no known tokenstats run
   * made. Versions up to {@code trustedUpTo} were checked when an earlier release pinned them. A
   * {@code RESTORE} to version v leaves in force what was in force at v.
   */
  static List<Commit> outside(
      List<Commit> history,
      long trustedUpTo,
      Set<String> knownRuns,
      Set<String> accepted,
      String table) {
    Map<Long, Commit> byVersion = new TreeMap<>();
    history.forEach(c -> byVersion.put(c.version(), c));
    Map<Long, List<Commit>> inForce = new HashMap<>();
    List<Commit> previous = List.of();
    for (Commit c : byVersion.values()) {
      if (c.version() <= trustedUpTo) {
        inForce.put(c.version(), List.of());
        continue;
      }
      List<Commit> now;
      if (c.restoredTo() != null) {
        now = new ArrayList<>(inForce.getOrDefault(c.restoredTo(), List.of()));
      } else {
        now = new ArrayList<>(previous);
      }
      boolean neutral = CONTENT_NEUTRAL.contains(c.operation());
      boolean ours = c.label() != null && knownRuns.contains(c.label());
      if (!neutral && !ours && !accepted.contains(table + "@" + c.version())) {
        now.add(c);
      }
      inForce.put(c.version(), now);
      previous = now;
    }
    return previous;
  }

  /**
   * One line per table version in force that was written outside tokenstats, for the tables a
   * release reads, up to the versions it pins.
   */
  static List<String> find(
      Warehouse warehouse,
      Map<String, Long> pinned,
      Map<String, Long> trusted,
      List<TableDef> tables) {
    Set<String> knownRuns = new HashSet<>();
    Set<String> accepted = new HashSet<>();
    warehouse.ensure(JobRuns.DEF);
    for (Row r :
        warehouse
            .read(JobRuns.DEF)
            .select(
                col(JobRuns.RUN_ID),
                col(JobRuns.COMMAND),
                col(JobRuns.STATUS),
                col(JobRuns.ARGUMENTS),
                col(JobRuns.TABLE_VERSIONS))
            .collectAsList()) {
      if (!"sql".equals(r.getString(1))) {
        knownRuns.add(r.getString(0)); // an analyst's query is no job, even had it written
      }
      // The versions a run recorded as written are its own, labelled or not (a warehouse written
      // before commits carried run ids).
      r.<String, Long>getJavaMap(4).forEach((table, v) -> accepted.add(table + "@" + v));
      if ("repair".equals(r.getString(1))
          && JobRun.Status.SUCCEEDED.value().equals(r.getString(2))) {
        List<String> args = r.getList(3);
        for (int i = 0; i < args.size(); i++) {
          if (args.get(i).equals(ACCEPT) && i + 1 < args.size()) {
            accepted.add(args.get(i + 1));
          } else if (args.get(i).startsWith(ACCEPT + "=")) {
            accepted.add(args.get(i).substring(ACCEPT.length() + 1));
          }
        }
      }
    }
    warehouse.ensure(TouchedDays.DEF);
    warehouse
        .read(TouchedDays.DEF)
        .filter(col(TouchedDays.FEED).equalTo(lit(TouchedDays.CURATE)))
        .select(TouchedDays.RUN_ID)
        .distinct()
        .collectAsList()
        .forEach(r -> knownRuns.add(r.getString(0)));
    List<String> out = new ArrayList<>();
    for (TableDef t : tables) {
      Long version = pinned.get(t.id());
      if (version == null) {
        continue;
      }
      long since = trusted.getOrDefault(t.id(), -1L);
      if (since >= version) {
        continue;
      }
      List<Commit> history = new ArrayList<>();
      for (Row r :
          warehouse
              .delta(t)
              .history((int) Math.min(Integer.MAX_VALUE, version - since + 1))
              .filter(col("version").leq(lit(version)))
              .select("version", "operation", "userMetadata", "operationParameters", "timestamp")
              .collectAsList()) {
        Map<String, String> params = r.isNullAt(3) ? Map.of() : r.getJavaMap(3);
        Long restoredTo = null;
        if ("RESTORE".equals(r.getString(1)) && params.get("version") != null) {
          restoredTo = Long.parseLong(params.get("version").replace("\"", ""));
        }
        history.add(
            new Commit(
                r.getLong(0), r.getString(1), r.getString(2), restoredTo, r.getTimestamp(4)));
      }
      for (Commit c : outside(history, since, knownRuns, accepted, t.id())) {
        out.add(
            t.id()
                + " version "
                + c.version()
                + " ("
                + c.operation()
                + " at "
                + c.at().toInstant()
                + ") was written outside a tokenstats job");
      }
    }
    return out;
  }
}
