package org.tokenstats.common.table;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructType;

/**
 * A table's declaration: its id ({@code layer.name}), schema, partition columns, Delta CHECK
 * constraints and what it holds. Every table tokenstats reads or writes is declared once, in {@link
 * Tables}; jobs refer to the declaration, never to a path or a name string.
 */
public final class TableDef {
  private final String layer;
  private final String name;
  private final StructType schema;
  private final List<String> partitionColumns;
  private final Map<String, String> constraints;
  private final String description;
  private final Map<String, String> properties;
  private final List<String> key;

  private TableDef(
      String layer,
      String name,
      StructType schema,
      List<String> partitionColumns,
      Map<String, String> constraints,
      String description,
      Set<String> noStats,
      List<String> key,
      Map<String, String> extraProperties) {
    this.layer = Objects.requireNonNull(layer);
    this.name = Objects.requireNonNull(name);
    this.schema = Objects.requireNonNull(schema);
    this.partitionColumns = List.copyOf(partitionColumns);
    this.constraints = Map.copyOf(constraints);
    this.description = description;
    List<String> names = List.of(schema.fieldNames());
    requireInSchema(names, "partition", partitionColumns);
    requireInSchema(names, "no-stats", noStats);
    requireInSchema(names, "key", key);
    this.key = List.copyOf(key);
    Map<String, String> props = new TreeMap<>(PROPERTIES);
    props.putAll(extraProperties);
    if (!noStats.isEmpty()) {
      props.put(
          STATS_COLUMNS,
          names.stream()
              .filter(n -> !noStats.contains(n) && !partitionColumns.contains(n))
              .collect(Collectors.joining(",")));
    }
    this.properties = Collections.unmodifiableMap(props);
  }

  private void requireInSchema(List<String> names, String kind, Collection<String> columns) {
    for (String column : columns) {
      if (!names.contains(column)) {
        throw new IllegalArgumentException(id() + ": " + kind + " column not in schema: " + column);
      }
    }
  }

  /** Starts a declaration of table {@code layer.name}. */
  public static Builder builder(String layer, String name) {
    return new Builder(layer, name);
  }

  public String layer() {
    return layer;
  }

  public String name() {
    return name;
  }

  /** {@code layer.name}, as Spark SQL resolves it. */
  public String id() {
    return layer + "." + name;
  }

  public StructType schema() {
    return schema;
  }

  public List<String> partitionColumns() {
    return partitionColumns;
  }

  /** Delta CHECK constraints: name → SQL boolean expression over the table's columns. */
  public Map<String, String> constraints() {
    return constraints;
  }

  public String description() {
    return description;
  }

  /**
   * The columns that identify a row, for tables written by MERGE (empty for tables replaced by day
   * or period): a repeated write of the same key changes the row, never adds another.
   */
  public List<String> key() {
    return key;
  }

  /**
   * The MERGE condition matching target {@code t} and source {@code s} on the key: {@code t.a = s.a
   * AND ...}, with the null-safe {@code <=>} for a nullable key column (a whole-file quarantine row
   * has no line number, and must still match itself).
   */
  public String mergeCondition() {
    if (key.isEmpty()) {
      throw new IllegalStateException(id() + " declares no key to MERGE on");
    }
    return key.stream()
        .map(k -> "t." + k + (schema.apply(k).nullable() ? " <=> " : " = ") + "s." + k)
        .collect(Collectors.joining(" AND "));
  }

  /**
   * The Delta properties this table is created with and {@code maintain} keeps: the ten-year log
   * retention every table has and, where the declaration leaves columns out of the file statistics,
   * {@value #STATS_COLUMNS}.
   */
  public Map<String, String> properties() {
    return properties;
  }

  @Override
  public String toString() {
    return id();
  }

  /**
   * Delta properties every tokenstats table has. The transaction log is kept for ten years (Delta's
   * default is 30 days) so that any version a published release was computed from can still be read
   * with time travel; `maintain` sets it on older tables too.
   */
  private static final Map<String, String> PROPERTIES =
      Map.of("delta.logRetentionDuration", "interval 3650 days");

  /** Delta's property naming the columns whose min/max/null counts each file's log entry keeps. */
  public static final String STATS_COLUMNS = "delta.dataSkippingStatsColumns";

  /** Builder for {@link TableDef}. */
  public static final class Builder {
    private final String layer;
    private final String name;
    private StructType schema = new StructType();
    private List<String> partitionColumns = List.of();
    private Map<String, String> constraints = Map.of();
    private String description = "";
    private Set<String> noStats = Set.of();
    private List<String> key = List.of();
    private final Map<String, String> properties = new TreeMap<>();

    private Builder(String layer, String name) {
      this.layer = layer;
      this.name = name;
    }

    public Builder schema(StructType schema) {
      this.schema = schema;
      return this;
    }

    public Builder partitionedBy(String... columns) {
      this.partitionColumns = List.of(columns);
      return this;
    }

    public Builder constraints(Map<String, String> constraints) {
      this.constraints = constraints;
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /**
     * Leaves these columns out of the per-file statistics Delta computes on every write. For
     * columns of unique, unordered values (random ids, hashes) a file's min and max span nearly the
     * whole range, so they never let a query skip a file, and computing them is a measurable part
     * of writing a large day (see docs/BENCHMARKS.md).
     */
    public Builder noStatsFor(String... columns) {
      this.noStats = new LinkedHashSet<>(List.of(columns));
      return this;
    }

    /** The columns that identify a row ({@link TableDef#key()}). */
    public Builder key(String... columns) {
      this.key = List.of(columns);
      return this;
    }

    /** A table property of tokenstats' own, set on creation and kept by {@code maintain}. */
    public Builder property(String key, String value) {
      this.properties.put(key, value);
      return this;
    }

    public TableDef build() {
      return new TableDef(
          layer,
          name,
          schema,
          partitionColumns,
          constraints,
          description,
          noStats,
          key,
          properties);
    }
  }
}
