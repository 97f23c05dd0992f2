package org.tokenstats.jobs.curate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.tokenstats.common.table.BronzeTables.Hubs;
import org.tokenstats.common.table.BronzeTables.Regions;
import org.tokenstats.common.table.BronzeTables.Validity;
import org.tokenstats.common.table.GoldTables;
import org.tokenstats.common.table.GoldTables.TokenDailyRollup;

/**
 * Where a region sits on a reporting day (its hub and zone, from the registry row in force that
 * day) and the geographic levels every daily measure is published at: national ({@code CN}), zone,
 * hub (regions outside any hub count only nationally, in their zone and as themselves) and region.
 * One place for this, so that tokens, energy and utilization always roll up the same way.
 */
public final class Geography {
  private Geography() {}

  public static final String HUB = "_hub";
  public static final String ZONE = "_zone";

  /**
   * {@code gold.geography} (without run_id) from the registry tables: one row per region row (with
   * its hub and zone) and per hub row (with its kind), each with its name and validity.
   */
  public static Dataset<Row> dimension(Dataset<Row> regions, Dataset<Row> hubs) {
    Dataset<Row> r =
        regions.select(
            lit(GoldTables.Geography.REGION).as(GoldTables.Geography.LEVEL),
            col(Regions.REGION_CODE).as(GoldTables.Geography.CODE),
            col(Regions.NAME).as(GoldTables.Geography.NAME),
            col(Regions.HUB_CODE).as(GoldTables.Geography.HUB_CODE),
            col(Regions.ZONE).as(GoldTables.Geography.ZONE),
            lit(null).cast("string").as(GoldTables.Geography.KIND),
            col(Validity.VALID_FROM).as(GoldTables.Geography.VALID_FROM),
            col(Validity.VALID_TO).as(GoldTables.Geography.VALID_TO));
    Dataset<Row> h =
        hubs.select(
            lit(GoldTables.Geography.HUB).as(GoldTables.Geography.LEVEL),
            col(Hubs.HUB_CODE).as(GoldTables.Geography.CODE),
            col(Hubs.NAME).as(GoldTables.Geography.NAME),
            lit(null).cast("string").as(GoldTables.Geography.HUB_CODE),
            lit(null).cast("string").as(GoldTables.Geography.ZONE),
            col(Hubs.KIND).as(GoldTables.Geography.KIND),
            col(Validity.VALID_FROM).as(GoldTables.Geography.VALID_FROM),
            col(Validity.VALID_TO).as(GoldTables.Geography.VALID_TO));
    return r.unionByName(h);
  }

  /**
   * The region rows of a {@code gold.geography} dimension, with the registry's column names, as
   * {@link #place} takes them.
   */
  public static Dataset<Row> regions(Dataset<Row> geography) {
    return geography
        .filter(col(GoldTables.Geography.LEVEL).equalTo(lit(GoldTables.Geography.REGION)))
        .select(
            col(GoldTables.Geography.CODE).as(Regions.REGION_CODE),
            col(GoldTables.Geography.NAME).as(Regions.NAME),
            col(GoldTables.Geography.HUB_CODE).as(Regions.HUB_CODE),
            col(GoldTables.Geography.ZONE).as(Regions.ZONE),
            col(GoldTables.Geography.VALID_FROM).as(Validity.VALID_FROM),
            col(GoldTables.Geography.VALID_TO).as(Validity.VALID_TO));
  }

  /**
   * {@code rows} with {@link #HUB} and {@link #ZONE} from the region registry row in force on each
   * row's {@code report_date}; a region the registry does not know that day gets nulls.
   */
  public static Dataset<Row> place(Dataset<Row> rows, Dataset<Row> regions, String regionColumn) {
    Dataset<Row> reg =
        regions.select(
            col(Regions.REGION_CODE).as("_region"),
            col(Regions.HUB_CODE).as(HUB),
            col(Regions.ZONE).as(ZONE),
            col(Validity.VALID_FROM).as("_from"),
            col(Validity.VALID_TO).as("_to"));
    Column inForce =
        col(regionColumn)
            .equalTo(col("_region"))
            .and(col(GoldTables.REPORT_DATE).geq(col("_from")))
            .and(col("_to").isNull().or(col(GoldTables.REPORT_DATE).lt(col("_to"))));
    return rows.join(reg, inForce, "left").drop("_region", "_from", "_to");
  }

  /**
   * Each placed row once per level it counts in, with {@code level} and {@code code} columns:
   * national, its zone, its hub (if any) and its region. Grouping the result by report_date, level
   * and code gives every level's sums in one pass.
   */
  public static Dataset<Row> byLevel(Dataset<Row> placed, String regionColumn) {
    Column levels =
        array(
            level(TokenDailyRollup.NATIONAL, lit(TokenDailyRollup.NATIONAL_CODE)),
            level(TokenDailyRollup.ZONE, col(ZONE)),
            level(TokenDailyRollup.HUB, col(HUB)),
            level(TokenDailyRollup.REGION, col(regionColumn)));
    return placed
        .withColumn("_level", explode(levels))
        .filter(col("_level.c").isNotNull())
        .withColumn(TokenDailyRollup.LEVEL, col("_level.l"))
        .withColumn(TokenDailyRollup.CODE, col("_level.c"))
        .drop("_level", HUB, ZONE);
  }

  private static Column level(String name, Column code) {
    return struct(lit(name).as("l"), code.cast("string").as("c"));
  }
}
