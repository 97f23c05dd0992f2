package org.tokenstats.common.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.testing.SparkExtension;
import org.tokenstats.common.testing.TestWarehouses;

@ExtendWith(SparkExtension.class)
class WarehouseTest {
  private static final String INSERT_RUN =
      "INSERT INTO ops.job_runs VALUES ('%s', 'test', array(), current_timestamp(),"
          + " current_timestamp(), '%s', map(), map(), map(), map(), null, null, null)";

  @Test
  void everyDeclaredTableResolvesByNameAndIsCreatedOnFirstUseUnderItsLayer(
      SparkSession spark, @TempDir Path dir) {
    Warehouse warehouse = TestWarehouses.open(dir);

    for (TableDef table : Tables.ALL) {
      Path location = dir.resolve("warehouse").resolve(table.layer()).resolve(table.name());
      assertThat(spark.table(table.id()).schema().fieldNames())
          .as("schema of %s resolved by name", table)
          .containsExactly(table.schema().fieldNames());
      assertThat(location.resolve("_delta_log")).as("Delta log of %s", table).isDirectory();
      assertThat(warehouse.location(table)).isEqualTo(location.toString());
    }
    List<String> listed =
        spark.sql("SHOW TABLES IN ops").collectAsList().stream()
            .map(r -> r.getString(r.fieldIndex("tableName")))
            .toList();
    assertThat(listed).contains("job_runs");
  }

  @Test
  void namesFollowTheWarehouseTheSessionOpenedLast(SparkSession spark, @TempDir Path dir) {
    TestWarehouses.open(dir.resolve("a"));
    spark.sql(String.format(INSERT_RUN, "r1", "succeeded"));
    assertThat(spark.table("ops.job_runs").count()).isEqualTo(1);

    TestWarehouses.open(dir.resolve("b"));
    assertThat(spark.table("ops.job_runs").count()).as("fresh warehouse b is empty").isZero();

    TestWarehouses.open(dir.resolve("a"));
    assertThat(spark.table("ops.job_runs").count()).as("a still holds its row").isEqualTo(1);
  }

  @Test
  void timeTravelAndHistoryWorkByName(SparkSession spark, @TempDir Path dir) {
    Warehouse warehouse = TestWarehouses.open(dir);
    spark.sql(String.format(INSERT_RUN, "r1", "succeeded"));
    long afterFirst = warehouse.currentVersion(OpsTables.JobRuns.DEF);
    spark.sql(String.format(INSERT_RUN, "r2", "failed"));

    Row old = spark.sql("SELECT count(*) FROM ops.job_runs VERSION AS OF " + afterFirst).head();
    assertThat(old.getLong(0)).isEqualTo(1);
    assertThat(spark.table("ops.job_runs").count()).isEqualTo(2);
    assertThat(spark.sql("DESCRIBE HISTORY ops.job_runs").count()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aTableWrittenBeforeColumnsWereAddedGainsThemAndItsRowsReadAsNull(
      SparkSession spark, @TempDir Path dir) {
    Warehouse warehouse = TestWarehouses.open(dir);
    TableDef rollup = GoldTables.TokenDailyRollup.DEF;
    // The roll-up as the previous tokenstats declared it: up to run_id.
    StructType declared = rollup.schema();
    int runId = declared.fieldIndex(GoldTables.RUN_ID);
    StructType old = new StructType(java.util.Arrays.copyOfRange(declared.fields(), 0, runId + 1));
    spark
        .createDataFrame(
            List.of(
                RowFactory.create(
                    Date.valueOf("2026-03-14"), "national", "CN", 100L, 2L, 1L, 1.0, "r0")),
            old)
        .write()
        .format("delta")
        .partitionBy(GoldTables.REPORT_DATE)
        .save(warehouse.location(rollup));
    long before = warehouse.currentVersion(rollup);

    warehouse.ensure(rollup);
    assertThat(warehouse.read(rollup).schema().fieldNames()).containsExactly(declared.fieldNames());
    Row row = warehouse.read(rollup).head();
    assertThat(row.<Long>getAs(GoldTables.TokenDailyRollup.TOTAL_TOKENS)).isEqualTo(100L);
    assertThat(row.isNullAt(row.fieldIndex(GoldTables.TokenDailyRollup.IMPUTED_TOKENS))).isTrue();
    assertThat(warehouse.currentVersion(rollup)).isEqualTo(before + 1);
    assertThat(warehouse.delta(rollup).history(1).select("operation").head().getString(0))
        .isEqualTo("ADD COLUMNS");

    warehouse.ensure(rollup);
    assertThat(warehouse.currentVersion(rollup)).as("nothing left to add").isEqualTo(before + 1);
  }

  @Test
  void declaredConstraintsRejectBadRows(SparkSession spark, @TempDir Path dir) {
    TestWarehouses.open(dir);
    assertThatThrownBy(() -> spark.sql(String.format(INSERT_RUN, "r1", "half-done")))
        .hasMessageContaining("status_known");
  }

  @Test
  void ddlThroughTheLayerCatalogsIsRefused(SparkSession spark, @TempDir Path dir) {
    TestWarehouses.open(dir);
    assertThatThrownBy(() -> spark.sql("DROP TABLE ops.job_runs"))
        .hasMessageContaining("declared in code");
    assertThatThrownBy(() -> spark.sql("CREATE TABLE gold.mine (x INT) USING delta"))
        .hasMessageContaining("declared in code");
  }

  @Test
  void bronzeUsageKeepsNoFileStatisticsForItsRandomIdentifiers(
      SparkSession spark, @TempDir Path dir) {
    Warehouse warehouse = TestWarehouses.open(dir);
    TableDef usage = BronzeTables.Usage.DEF;
    Row detail = spark.sql("DESCRIBE DETAIL bronze.usage").head();
    assertThat(detail.<String, String>getJavaMap(detail.fieldIndex("properties")))
        .containsAllEntriesOf(usage.properties())
        .containsKey(TableDef.STATS_COLUMNS);

    StructType schema = usage.schema();
    Object[] values = new Object[schema.size()];
    for (int i = 0; i < values.length; i++) {
      DataType t = schema.fields()[i].dataType();
      values[i] =
          t instanceof StringType
              ? "v" + i
              : t instanceof LongType
                  ? 1L
                  : t instanceof IntegerType
                      ? 1
                      : t instanceof DateType
                          ? Date.valueOf("2026-03-14")
                          : t instanceof TimestampType
                              ? Timestamp.valueOf("2026-03-14 10:00:00")
                              : BigDecimal.ONE;
    }
    spark
        .createDataFrame(List.of(RowFactory.create(values)), schema)
        .write()
        .format("delta")
        .mode("append")
        .save(warehouse.location(usage));

    String stats =
        spark
            .read()
            .json(warehouse.location(usage) + "/_delta_log/*.json")
            .where("add IS NOT NULL")
            .select("add.stats")
            .head()
            .getString(0);
    assertThat(stats)
        .as("file statistics of bronze.usage")
        .contains("\"provider_id\"", "\"model_id\"", "\"submission\"")
        .doesNotContain("\"record_id\"", "\"content_hash\"");
    assertThatThrownBy(
            () -> TableDef.builder("bronze", "x").schema(schema).noStatsFor("no_such").build())
        .hasMessageContaining("no_such");
  }
}
