package org.tokenstats.jobs.pipeline;

import io.delta.tables.DeltaTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.tokenstats.common.config.SettingKeys;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.common.table.BronzeTables;
import org.tokenstats.common.table.TableDef;
import org.tokenstats.common.table.Tables;
import org.tokenstats.common.table.Warehouse;
import org.tokenstats.jobs.command.CommandLine;
import org.tokenstats.jobs.command.OptionSpec;
import org.tokenstats.jobs.command.RunContext;
import org.tokenstats.jobs.command.SessionCommand;
import org.tokenstats.jobs.ingest.UsageAudit;
import org.tokenstats.jobs.ingest.UsageVersions;
import org.tokenstats.jobs.release.PublishedReleases;

/**
 * {@code bin/tokenstats maintain}: table maintenance on a schedule of its own. Compacts small files
 * ({@code OPTIMIZE}), keeps the transaction log long enough for time travel to any release, and
 * vacuums unreferenced files older than the retention, extended for each table so that every
 * version a published release refers to stays readable.
 */
public final class MaintainCommand implements SessionCommand {
  private static final String NO_VACUUM = "no-vacuum";
  private static final String AUDIT = "audit";
  private static final Duration DELTA_MINIMUM = Duration.ofDays(7);
  private static final String FILE_RETENTION = "delta.deletedFileRetentionDuration";

  @Override
  public String name() {
    return "maintain";
  }

  @Override
  public String summary() {
    return "Compact and vacuum every table, keeping every version a release refers to";
  }

  @Override
  public String description() {
    return "For every table: OPTIMIZE (bin-packing small files), make sure the Delta log is kept\n"
        + "for time travel (delta.logRetentionDuration), then VACUUM files unreferenced for longer\n"
        + "than tokenstats.maintenance.vacuum-retention, or, for a table a published release\n"
        + "refers to (manifest.json table_versions), longer than the oldest such version's age.\n"
        + "Migrates, once, a bronze.usage an earlier tokenstats wrote to the append-only layout.\n"
        + "With --audit, first checks every version in bronze.usage for a correction that moved a\n"
        + "record further than tokenstats.ingest.revision-window, records what the nightly missed\n"
        + "and marks those days pending, for the next curate.\n"
        + "Run it when no nightly runs (see deploy/cron).";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.flag(NO_VACUUM, "compact only; delete nothing"),
        OptionSpec.flag(
            AUDIT,
            "also check all of bronze.usage for corrections the revision window missed, and mark"
                + " their days for recompute"));
  }

  @Override
  public void check(CommandLine line, Settings settings) {
    Duration retention = settings.get(SettingKeys.VACUUM_RETENTION);
    if (retention.compareTo(DELTA_MINIMUM) < 0) {
      throw Errors.badSettingValue(
          SettingKeys.VACUUM_RETENTION.key(),
          retention,
          "it is shorter than 7 days, which could delete files a running query still reads",
          "Use 7d or more.");
    }
  }

  @Override
  public void run(CommandLine line, RunContext context) {
    Warehouse warehouse = context.warehouse();
    Duration retention = context.settings().get(SettingKeys.VACUUM_RETENTION);
    Map<String, Long> pinned =
        PublishedReleases.in(java.nio.file.Path.of(context.settings().releases()))
            .oldestPinnedVersions();
    Instant now = context.clock().instant();
    if (DeltaTable.isDeltaTable(context.spark(), warehouse.location(BronzeTables.Usage.DEF))
        && context
            .run()
            .stage(
                "migrate bronze.usage",
                () -> UsageVersions.migrate(warehouse, context.run().startedAt()))) {
      context.out().println("bronze.usage migrated to the append-only log of versions");
    }
    if (line.flag(AUDIT)) {
      UsageAudit.Result audit =
          context.run().stage("audit bronze.usage", () -> UsageAudit.run(warehouse, context.run()));
      context
          .out()
          .printf(
              "%-28s audited: %d supersessions beyond the revision window added; %s%n",
              BronzeTables.Usage.DEF.id(),
              audit.added(),
              audit.days().isEmpty()
                  ? "no day to recompute"
                  : "days pending for the next curate: " + audit.days());
    }
    for (TableDef table : Tables.ALL) {
      if (!DeltaTable.isDeltaTable(context.spark(), warehouse.location(table))) {
        continue;
      }
      DeltaTable delta = warehouse.delta(table);
      context.run().stage("optimize " + table.id(), () -> delta.optimize().executeCompaction());
      long hours = retention.toHours();
      Long version = pinned.get(table.id());
      if (version != null) {
        Instant committed = commitTime(delta, version, table);
        hours = Math.max(hours, Duration.between(committed, now).toHours() + 1);
      }
      // Delta's VACUUM takes its retention from the table, not from an argument.
      Map<String, String> wanted = new TreeMap<>(table.properties());
      wanted.put(FILE_RETENTION, "interval " + hours + " hours");
      setProperties(context, delta, table, wanted);
      if (!line.flag(NO_VACUUM)) {
        context.run().stage("vacuum " + table.id(), () -> delta.vacuum());
      }
      context
          .out()
          .printf(
              "%-28s optimized; %s%n",
              table.id(),
              line.flag(NO_VACUUM)
                  ? "not vacuumed"
                  : "vacuumed, keeping "
                      + hours
                      + " h"
                      + (version == null ? "" : " (release pins version " + version + ")"));
      context.run().wrote(table, warehouse.currentVersion(table));
    }
  }

  /** Sets the table properties that differ from {@code wanted}, in one commit (or none). */
  private static void setProperties(
      RunContext context, DeltaTable delta, TableDef table, Map<String, String> wanted) {
    Map<String, String> current = delta.detail().select("properties").head().getJavaMap(0);
    List<String> changes = new ArrayList<>();
    for (Map.Entry<String, String> p : wanted.entrySet()) {
      if (!p.getValue().equals(current.get(p.getKey()))) {
        changes.add("'" + p.getKey() + "' = '" + p.getValue() + "'");
      }
    }
    if (!changes.isEmpty()) {
      context
          .spark()
          .sql(
              "ALTER TABLE delta.`"
                  + context.warehouse().location(table)
                  + "` SET TBLPROPERTIES ("
                  + String.join(", ", changes)
                  + ")");
    }
  }

  private static Instant commitTime(DeltaTable delta, long version, TableDef table) {
    List<Row> rows =
        delta.history().filter("version = " + version).select("timestamp").collectAsList();
    if (rows.isEmpty()) {
      throw Errors.failure(
          "A release refers to version "
              + version
              + " of "
              + table.id()
              + ", which its"
              + " history no longer has",
          "Do not vacuum this table until the release is checked with `reproduce`.",
          null);
    }
    return rows.get(0).getTimestamp(0).toInstant();
  }
}
