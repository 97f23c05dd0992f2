package org.tokenstats.jobs.curate;

import static org.tokenstats.common.testing.DatasetAssert.row;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tokenstats.common.testing.DatasetAssert;
import org.tokenstats.common.testing.SparkExtension;

/** Utilization: capacity in force that day, idle sites, capacity-weighted roll-ups. */
@ExtendWith(SparkExtension.class)
class UtilizationMeasuresTest {

  /**
   * DC-A (CN-JS) grows from 10 to 20 accelerators on 2026-03-15, mid-month; DC-B (CN-JS) has 5 and
   * is never used; DC-C (CN-XZ) has 1 and opens on 2026-03-15.
   */
  static Dataset<Row> datacenters(SparkSession spark) {
    return spark.sql(
        "SELECT datacenter_id, region_code, CAST(n AS BIGINT) AS accelerator_count,"
            + " CAST(f AS DATE) AS valid_from, CAST(t AS DATE) AS valid_to FROM VALUES"
            + " ('DC-A', 'CN-JS', 10, '2020-01-01', '2026-03-15'),"
            + " ('DC-A', 'CN-JS', 20, '2026-03-15', NULL),"
            + " ('DC-B', 'CN-JS', 5, '2020-01-01', NULL),"
            + " ('DC-C', 'CN-XZ', 1, '2026-03-15', NULL)"
            + " AS v(datacenter_id, region_code, n, f, t)");
  }

  static Dataset<Row> usageHourly(SparkSession spark) {
    return spark.sql(
        "SELECT CAST(d AS DATE) AS report_date, h AS report_hour, dc AS datacenter_id,"
            + " CAST(s AS DECIMAL(24,6)) AS accelerator_seconds FROM VALUES"
            + " ('2026-03-14', 3, 'DC-A', 200000), ('2026-03-14', 4, 'DC-A', 232000),"
            + " ('2026-03-15', 0, 'DC-A', 432000), ('2026-03-15', 0, 'DC-C', 86400),"
            // usage without a datacenter cannot be placed on capacity
            + " ('2026-03-15', 1, NULL, 1000)"
            + " AS v(d, h, dc, s)");
  }

  @Test
  void usedOverCapacityInForceWithIdleSitesCounted(SparkSession spark) {
    DatasetAssert.assertRows(
        UtilizationMeasures.utilizationDaily(
            usageHourly(spark), datacenters(spark), EnergyMeasuresTest.regions(spark)),
        List.of(
            "CAST(report_date AS STRING)",
            "level",
            "code",
            "datacenters",
            "capacity_accelerator_seconds",
            "CAST(used_accelerator_seconds AS DOUBLE)",
            "utilization"),
        List.of(
            // 03-14: DC-A 10 x 86,400 = 864,000 s, 432,000 used = 0.5; DC-B idle; DC-C not open
            row("2026-03-14", "datacenter", "DC-A", 1L, 864_000L, 432_000.0, 0.5),
            row("2026-03-14", "datacenter", "DC-B", 1L, 432_000L, 0.0, 0.0),
            row("2026-03-14", "region", "CN-JS", 2L, 1_296_000L, 432_000.0, 1.0 / 3),
            row("2026-03-14", "hub", "YRD", 2L, 1_296_000L, 432_000.0, 1.0 / 3),
            row("2026-03-14", "zone", "east", 2L, 1_296_000L, 432_000.0, 1.0 / 3),
            row("2026-03-14", "national", "CN", 2L, 1_296_000L, 432_000.0, 1.0 / 3),
            // 03-15: DC-A now 20 x 86,400 = 1,728,000 s: 0.25; DC-C full
            row("2026-03-15", "datacenter", "DC-A", 1L, 1_728_000L, 432_000.0, 0.25),
            row("2026-03-15", "datacenter", "DC-B", 1L, 432_000L, 0.0, 0.0),
            row("2026-03-15", "datacenter", "DC-C", 1L, 86_400L, 86_400.0, 1.0),
            row("2026-03-15", "region", "CN-JS", 2L, 2_160_000L, 432_000.0, 0.2),
            row("2026-03-15", "hub", "YRD", 2L, 2_160_000L, 432_000.0, 0.2),
            row("2026-03-15", "zone", "east", 2L, 2_160_000L, 432_000.0, 0.2),
            row("2026-03-15", "region", "CN-XZ", 1L, 86_400L, 86_400.0, 1.0),
            row("2026-03-15", "zone", "west", 1L, 86_400L, 86_400.0, 1.0),
            // capacity-weighted: 518,400 / 2,246,400, not the mean of ratios (0.25 + 0 + 1) / 3
            row("2026-03-15", "national", "CN", 3L, 2_246_400L, 518_400.0, 518_400.0 / 2_246_400)));
  }
}
