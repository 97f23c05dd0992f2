package org.tokenstats.jobs.curate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.tokenstats.common.feed.UsageFeed;
import org.tokenstats.common.table.BronzeTables;
import org.tokenstats.common.table.BronzeTables.Datacenters;
import org.tokenstats.common.table.BronzeTables.Validity;
import org.tokenstats.common.table.GoldTables;
import org.tokenstats.common.table.GoldTables.UtilizationDaily;
import org.tokenstats.common.table.SilverTables.UsageHourly;

/**
 * Accelerator utilization (docs/methodology.md) as a pure function: a datacenter's
 * accelerator-seconds used on a day over its capacity, {@code accelerator_count × 86,400} from the
 * registry row in force that day. Higher levels divide summed use by summed capacity
 * (capacity-weighted), never average the ratios, and a datacenter in force with no usage
 * contributes its capacity as idle.
 */
public final class UtilizationMeasures {
  private UtilizationMeasures() {}

  /**
   * {@code gold.utilization_daily} (without run_id) for every day that has usage in {@code
   * usageHourly}. Usage without a datacenter cannot be placed on capacity and is left out; a day
   * without any usage has no rows (missing, not idle).
   */
  public static Dataset<Row> utilizationDaily(
      Dataset<Row> usageHourly, Dataset<Row> datacenters, Dataset<Row> regions) {
    Dataset<Row> days =
        usageHourly.select(col(UsageHourly.REPORT_DATE).as(GoldTables.REPORT_DATE)).distinct();
    Dataset<Row> inForce =
        days.join(
                datacenters,
                col(GoldTables.REPORT_DATE)
                    .geq(col(Validity.VALID_FROM))
                    .and(
                        col(Validity.VALID_TO)
                            .isNull()
                            .or(col(GoldTables.REPORT_DATE).lt(col(Validity.VALID_TO)))))
            .select(
                col(GoldTables.REPORT_DATE),
                col(Datacenters.DATACENTER_ID).as("_dc"),
                col(Datacenters.REGION_CODE).as("_dc_region"),
                col(Datacenters.ACCELERATOR_COUNT));
    Dataset<Row> used =
        usageHourly
            .filter(col(UsageFeed.DATACENTER_ID).isNotNull())
            .groupBy(col(UsageHourly.REPORT_DATE).as("_ud"), col(UsageFeed.DATACENTER_ID))
            .agg(sum(UsageFeed.ACCELERATOR_SECONDS).as("_used"));
    Dataset<Row> sites =
        inForce
            .join(
                used,
                col(GoldTables.REPORT_DATE)
                    .equalTo(col("_ud"))
                    .and(col("_dc").equalTo(col(UsageFeed.DATACENTER_ID))),
                "left")
            .select(
                col(GoldTables.REPORT_DATE),
                col("_dc"),
                col("_dc_region"),
                col(Datacenters.ACCELERATOR_COUNT),
                coalesce(col("_used"), lit(0)).as("_used"));

    Dataset<Row> datacenterLevel =
        sites.select(
            col(GoldTables.REPORT_DATE),
            lit(UtilizationDaily.DATACENTER).as(UtilizationDaily.LEVEL),
            col("_dc").as(UtilizationDaily.CODE),
            col(Datacenters.ACCELERATOR_COUNT).as("_accelerators"),
            col("_used"));
    Dataset<Row> geographic =
        Geography.byLevel(Geography.place(sites, regions, "_dc_region"), "_dc_region")
            .select(
                col(GoldTables.REPORT_DATE),
                col(UtilizationDaily.LEVEL),
                col(UtilizationDaily.CODE),
                col(Datacenters.ACCELERATOR_COUNT).as("_accelerators"),
                col("_used"));

    Column capacity = col(UtilizationDaily.CAPACITY_ACCELERATOR_SECONDS);
    return datacenterLevel
        .unionByName(geographic)
        .groupBy(
            col(GoldTables.REPORT_DATE), col(UtilizationDaily.LEVEL), col(UtilizationDaily.CODE))
        .agg(
            count(lit(1)).as(UtilizationDaily.DATACENTERS),
            sum("_accelerators").as(UtilizationDaily.ACCELERATORS),
            sum("_used").cast(BronzeTables.MEASURE).as(UtilizationDaily.USED_ACCELERATOR_SECONDS))
        .withColumn(
            UtilizationDaily.CAPACITY_ACCELERATOR_SECONDS,
            col(UtilizationDaily.ACCELERATORS).multiply(lit(UtilizationDaily.SECONDS_PER_DAY)))
        .withColumn(
            UtilizationDaily.UTILIZATION,
            when(capacity.equalTo(0), lit(null).cast("double"))
                .otherwise(
                    col(UtilizationDaily.USED_ACCELERATOR_SECONDS)
                        .cast("double")
                        .divide(capacity.cast("double"))));
  }
}
