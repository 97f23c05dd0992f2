package org.tokenstats.jobs.notebook;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.tokenstats.common.config.SettingKeys;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.common.spark.SparkSessions;
import org.tokenstats.common.table.TableDef;
import org.tokenstats.common.table.Tables;
import org.tokenstats.common.table.Warehouse;
import org.tokenstats.jobs.release.Manifest;
import org.tokenstats.jobs.release.PublishedReleases;

/**
 * What a notebook's Java cells work with, imported statically into every cell: the session ({@link
 * #spark}) on the warehouse, every tokenstats table by name, published releases, and {@link
 * #display} for tables and charts. One per kernel, opened before the first cell runs.
 */
public final class Notebook {
  private Notebook() {}

  /** The kernel's session: Delta, the layer catalogs, read-only unless configured otherwise. */
  public static SparkSession spark;

  private static Settings settings;
  private static Warehouse warehouse;

  /** Starts the kernel's session (once; the guards must be in place before any table is read). */
  static synchronized void open(Settings opened) {
    if (spark != null) {
      throw new IllegalStateException("The notebook session is already open.");
    }
    SparkSession session =
        opened.get(SettingKeys.NOTEBOOK_READ_ONLY)
            ? SparkSessions.startReadOnly(opened, "tokenstats notebook")
            : SparkSessions.start(opened, "tokenstats notebook");
    warehouse = Warehouse.open(session, opened.warehouse());
    settings = opened;
    spark = session;
  }

  static boolean isOpen() {
    return spark != null;
  }

  /** The settings the kernel was started with. */
  public static Settings settings() {
    return Objects.requireNonNull(settings, "the notebook session is not open");
  }

  /** The warehouse root the layer catalogs read ({@code tokenstats.paths.warehouse}). */
  public static Warehouse warehouse() {
    return Objects.requireNonNull(warehouse, "the notebook session is not open");
  }

  /** Runs one Spark SQL statement; every table resolves by name ({@code gold.token_daily}). */
  public static Dataset<Row> sql(String statement) {
    return spark.sql(statement);
  }

  /** A tokenstats table by id ({@code gold.energy_daily}), its latest version. */
  public static Dataset<Row> table(String id) {
    return warehouse().read(declared(id));
  }

  /**
   * A tokenstats table as it was at a Delta version (what a release read: see {@link #release}).
   */
  public static Dataset<Row> tableAsOf(String id, long version) {
    return warehouse().readVersion(declared(id), version);
  }

  /** A table's Delta history, newest first: the versions time travel can go back to. */
  public static Dataset<Row> history(String id) {
    return warehouse().delta(declared(id)).history().select("version", "timestamp", "operation");
  }

  /** Every table tokenstats declares, by id, in data-flow order. */
  public static List<String> tables() {
    return Tables.ALL.stream().map(TableDef::id).toList();
  }

  /** The releases published under {@code tokenstats.paths.releases}, oldest first. */
  public static List<PublishedRelease> releases() {
    PublishedReleases published = published();
    return published.all().stream().map(m -> view(published, m)).toList();
  }

  /** One published release by id ({@code tokens-2026-03-v1}). */
  public static PublishedRelease release(String id) {
    PublishedReleases published = published();
    return published
        .byId(id)
        .map(m -> view(published, m))
        .orElseThrow(
            () ->
                Errors.usage(
                    "No release " + id + " under " + settings().releases() + ".",
                    "List them with releases(); publish one with bin/tokenstats release --period"
                        + " YYYY-MM."));
  }

  /** The latest version of the most recent month published, if any release was published. */
  public static java.util.Optional<PublishedRelease> latestRelease() {
    return releases().stream()
        .max(
            java.util.Comparator.comparing((PublishedRelease r) -> r.manifest().referencePeriod())
                .thenComparingInt(r -> r.manifest().version()));
  }

  /** The latest version of a month's release, if it was published. */
  public static java.util.Optional<PublishedRelease> latestRelease(String period) {
    PublishedReleases published = published();
    return published.latest(period).map(m -> view(published, m));
  }

  private static PublishedReleases published() {
    return PublishedReleases.in(Path.of(settings().releases()));
  }

  private static PublishedRelease view(PublishedReleases published, Manifest manifest) {
    return new PublishedRelease(published.root().resolve(manifest.releaseId()), manifest);
  }

  /** Shows a value in the cell's output now: a Dataset as a table, a {@link Chart} as an image. */
  public static void display(Object value) {
    BaseKernel.notebookKernel().display(Displays.of(value, maxRows()));
  }

  /** Shows at most {@code rows} rows of a Dataset. */
  public static void display(Dataset<?> data, int rows) {
    BaseKernel.notebookKernel().display(Displays.of(data, rows));
  }

  /** Rows a cell shows of a Dataset ({@code tokenstats.notebook.max-rows}). */
  static int maxRows() {
    return settings().get(SettingKeys.NOTEBOOK_MAX_ROWS);
  }

  private static TableDef declared(String id) {
    for (TableDef t : Tables.ALL) {
      if (t.id().equalsIgnoreCase(id)) {
        return t;
      }
    }
    throw Errors.usage(
        "No tokenstats table " + id + ".", "Use one of: " + String.join(", ", tables()) + ".");
  }
}
