package org.tokenstats.common.table;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tokenstats.common.errors.Errors;
import scala.Option;

/**
 * The tables of one warehouse root: where each declared table lives ({@code
 * <root>/<layer>/<name>}), creating it on first use, and the root the session's layer catalogs
 * ({@link LayerCatalog}) resolve {@code gold.token_daily} against. Tables are Delta tables found by
 * path: the files are the truth, nothing is registered anywhere else.
 */
public final class Warehouse {
  private static final Logger LOG = LoggerFactory.getLogger(Warehouse.class);

  /** Session setting naming the root the layer catalogs resolve tables under. */
  public static final String ROOT_CONF = "spark.tokenstats.warehouse";

  private final SparkSession spark;
  private final String root;

  private Warehouse(SparkSession spark, String root) {
    this.spark = spark;
    this.root = stripTrailingSlash(root);
  }

  /**
   * Opens the warehouse at {@code root} and points the session's layer catalogs at it. Costs
   * nothing: a declared table is created on its first use.
   */
  public static Warehouse open(SparkSession spark, String root) {
    Warehouse warehouse = new Warehouse(spark, root);
    warehouse.bindCatalogs();
    return warehouse;
  }

  public SparkSession spark() {
    return spark;
  }

  public String root() {
    return root;
  }

  /** Where the table's Delta log and files live. */
  public String location(TableDef table) {
    return root + "/" + table.layer() + "/" + table.name();
  }

  /** The table as a Dataset (its current version). */
  public Dataset<Row> read(TableDef table) {
    return spark.read().format("delta").load(location(table));
  }

  /**
   * The table, or no rows of its declared schema when it was never written: what a read-only
   * command ({@code status}) uses, so it neither creates tables nor fails on a new warehouse.
   */
  public Dataset<Row> readIfPresent(TableDef table) {
    if (DeltaTable.isDeltaTable(spark, location(table))) {
      return read(table);
    }
    return spark.createDataFrame(java.util.List.of(), table.schema());
  }

  /** The table as it was at a Delta version (time travel; a release reads what it published). */
  public Dataset<Row> readVersion(TableDef table, long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(location(table));
  }

  public DeltaTable delta(TableDef table) {
    return DeltaTable.forPath(spark, location(table));
  }

  /**
   * The table's latest committed Delta version, from the listing of its Delta log on the driver:
   * {@code DESCRIBE HISTORY} would answer the same with a Spark job (~50 ms each, called after
   * every commit a job records).
   */
  public long currentVersion(TableDef table) {
    long version =
        DeltaLog.forTable(spark, location(table))
            .update(false, Option.empty(), Option.empty())
            .version();
    if (version < 0) {
      throw Errors.failure(
          "No Delta table " + table.id() + " at " + location(table),
          "Run a job that creates it first (tables are created on first use).",
          null);
    }
    return version;
  }

  /**
   * Creates the table with its declared schema, partitioning and constraints if it is absent; adds
   * the declared columns an existing table lacks (a table written by an earlier tokenstats).
   */
  public void ensure(TableDef table) {
    String location = location(table);
    if (DeltaTable.isDeltaTable(spark, location)) {
      addMissingColumns(table);
      return;
    }
    LOG.info("Creating table {} at {}", table.id(), location);
    DeltaTableBuilder builder =
        DeltaTable.createIfNotExists(spark).location(location).comment(table.description());
    for (StructField field : table.schema().fields()) {
      builder = builder.addColumn(field);
    }
    // CHECK constraints go into the creating commit (Delta keeps them as table properties),
    // so a new table costs one commit.
    for (Map.Entry<String, String> c : table.constraints().entrySet()) {
      builder = builder.property("delta.constraints." + c.getKey(), c.getValue());
    }
    for (Map.Entry<String, String> p : table.properties().entrySet()) {
      builder = builder.property(p.getKey(), p.getValue());
    }
    if (!table.partitionColumns().isEmpty()) {
      builder = builder.partitionedBy(table.partitionColumns().toArray(String[]::new));
    }
    try {
      builder.execute();
    } catch (RuntimeException e) {
      // Another process may have created it between our check and our commit; that is fine.
      if (!DeltaTable.isDeltaTable(spark, location)) {
        throw Errors.whileDoing("creating table " + table.id() + " at " + location, e);
      }
    }
  }

  /**
   * Adds, in one commit ({@code ADD COLUMNS}, which changes no row), the declared columns the table
   * lacks: columns a later tokenstats declared are nullable, so the rows written before read as
   * null. Reads the schema from the Delta log on the driver (no Spark job when nothing is missing).
   */
  private void addMissingColumns(TableDef table) {
    String location = location(table);
    StructType current =
        DeltaLog.forTable(spark, location).update(false, Option.empty(), Option.empty()).schema();
    Set<String> present = new HashSet<>(Arrays.asList(current.fieldNames()));
    List<String> missing = new ArrayList<>();
    for (StructField f : table.schema().fields()) {
      if (present.contains(f.name())) {
        continue;
      }
      if (!f.nullable()) {
        throw Errors.failure(
            table.id() + " at " + location + " lacks the required column " + f.name(),
            "This warehouse was written by a tokenstats this one cannot upgrade in place; see"
                + " docs/operations.md, \"Upgrading\".",
            null);
      }
      missing.add(f.name() + " " + f.dataType().sql());
    }
    if (!missing.isEmpty()) {
      LOG.info("Adding columns to {}: {}", table.id(), missing);
      spark.sql(
          "ALTER TABLE delta.`" + location + "` ADD COLUMNS (" + String.join(", ", missing) + ")");
    }
  }

  /**
   * Points the session's layer catalogs ({@link LayerCatalog}) at this root: from now on {@code
   * gold.token_daily} in this session means {@code <root>/gold/token_daily}.
   */
  public void bindCatalogs() {
    spark.conf().set(ROOT_CONF, root);
  }

  /** The warehouse the session's layer catalogs point at. */
  public static Warehouse current(SparkSession spark) {
    String root = spark.conf().get(ROOT_CONF, "");
    if (root.isEmpty()) {
      throw Errors.usage(
          "This Spark session has no tokenstats warehouse.",
          "Start it with SparkSessions.start(settings, ...) or set " + ROOT_CONF + ".");
    }
    return new Warehouse(spark, root);
  }

  private static String stripTrailingSlash(String s) {
    return s.endsWith("/") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
  }
}
