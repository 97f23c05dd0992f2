package org.tokenstats.common.table;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.common.readonly.ReadOnlyGuard;

/**
 * A Spark catalog for one layer ({@code bronze}, {@code silver}, {@code gold}, {@code ops}) that
 * resolves {@code gold.token_daily} to the Delta table at {@code <warehouse>/gold/token_daily} of
 * the session's current warehouse, at query time. Nothing is registered up front, so opening a
 * warehouse costs nothing, any session configured with these catalogs (jobs, the SQL command,
 * notebooks, {@code spark-sql}) sees the same tables, and switching warehouses is one setting.
 * Tables are declared in code ({@link Tables}); DDL through this catalog is refused.
 */
public final class LayerCatalog implements TableCatalog {
  private String layer;

  @Override
  public void initialize(String name, CaseInsensitiveStringMap options) {
    this.layer = name;
  }

  @Override
  public String name() {
    return layer;
  }

  private static org.apache.spark.sql.classic.SparkSession session() {
    return (org.apache.spark.sql.classic.SparkSession) SparkSession.active();
  }

  private static TableCatalog deltaCatalog() {
    return (TableCatalog) session().sessionState().catalogManager().catalog("spark_catalog");
  }

  private TableDef declared(Identifier ident) throws NoSuchTableException {
    if (ident.namespace().length != 0) {
      throw new NoSuchTableException(ident);
    }
    for (TableDef table : Tables.ALL) {
      if (table.layer().equals(layer) && table.name().equalsIgnoreCase(ident.name())) {
        return table;
      }
    }
    throw new NoSuchTableException(ident);
  }

  private static Identifier pathIdentifier(TableDef table) {
    Warehouse warehouse = Warehouse.current(session());
    if (Boolean.parseBoolean(session().conf().get(ReadOnlyGuard.SESSION_FLAG, "false"))) {
      // A read-only session (a notebook) cannot create the table; say why it is not there.
      if (!DeltaTable.isDeltaTable(session(), warehouse.location(table))) {
        throw Errors.usage(
            "Table "
                + table.id()
                + " does not exist yet in the warehouse "
                + warehouse.root()
                + ".",
            "Run the job that writes it there (bin/tokenstats nightly), or point"
                + " tokenstats.paths.warehouse at a warehouse that has it.");
      }
      return Identifier.of(new String[] {"delta"}, warehouse.location(table));
    }
    warehouse.ensure(table);
    return Identifier.of(new String[] {"delta"}, warehouse.location(table));
  }

  @Override
  public Table loadTable(Identifier ident) throws NoSuchTableException {
    return deltaCatalog().loadTable(pathIdentifier(declared(ident)));
  }

  @Override
  public Table loadTable(Identifier ident, String version) throws NoSuchTableException {
    return deltaCatalog().loadTable(pathIdentifier(declared(ident)), version);
  }

  @Override
  public Table loadTable(Identifier ident, long timestamp) throws NoSuchTableException {
    return deltaCatalog().loadTable(pathIdentifier(declared(ident)), timestamp);
  }

  @Override
  public Identifier[] listTables(String[] namespace) throws NoSuchNamespaceException {
    List<Identifier> out = new ArrayList<>();
    for (TableDef table : Tables.ALL) {
      if (table.layer().equals(layer)) {
        out.add(Identifier.of(new String[0], table.name()));
      }
    }
    return out.toArray(Identifier[]::new);
  }

  @Override
  public void invalidateTable(Identifier ident) {
    // Delta tables are resolved from their log on every load; nothing is cached here.
  }

  @Override
  public Table createTable(
      Identifier ident, StructType schema, Transform[] partitions, Map<String, String> props) {
    throw refused("CREATE TABLE");
  }

  @Override
  public Table alterTable(Identifier ident, TableChange... changes) {
    throw refused("ALTER TABLE");
  }

  @Override
  public boolean dropTable(Identifier ident) {
    throw refused("DROP TABLE");
  }

  @Override
  public void renameTable(Identifier oldIdent, Identifier newIdent) {
    throw refused("RENAME TABLE");
  }

  private UnsupportedOperationException refused(String statement) {
    return new UnsupportedOperationException(
        statement
            + " is not allowed in catalog `"
            + layer
            + "`: tokenstats tables are declared in code (org.tokenstats.common.table), and"
            + " their jobs create and evolve them.");
  }
}
