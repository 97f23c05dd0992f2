package org.tokenstats.jobs.curate;

import static org.tokenstats.common.testing.DatasetAssert.row;

import java.time.YearMonth;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tokenstats.common.testing.DatasetAssert;
import org.tokenstats.common.testing.SparkExtension;

/** Growth measures on hand-made daily roll-ups, against values computed by hand. */
@ExtendWith(SparkExtension.class)
class GrowthMeasuresTest {

  @Test
  void averagesUseCalendarDaysAndRatiosAreMissingWhenAPeriodIs(SparkSession spark) {
    // National: every day of January 2024 at 100 (the baseline: 100/day); one day of the leap
    // February at 2,900 (2,900 / 29 days = 100/day); 2025-01-01..07 at 700 (4,900 / 31 days).
    // Zone east: one day in January 2025 and no baseline.
    Dataset<Row> rollup =
        spark.sql(
            "SELECT d AS report_date, 'national' AS level, 'CN' AS code, CAST(100 AS BIGINT) AS total_tokens"
                + " FROM (SELECT explode(sequence(DATE'2024-01-01', DATE'2024-01-31')) AS d)"
                + " UNION ALL SELECT DATE'2024-02-10', 'national', 'CN', CAST(2900 AS BIGINT)"
                + " UNION ALL SELECT d, 'national', 'CN', CAST(700 AS BIGINT)"
                + " FROM (SELECT explode(sequence(DATE'2025-01-01', DATE'2025-01-07')) AS d)"
                + " UNION ALL SELECT DATE'2025-01-01', 'zone', 'east', CAST(500 AS BIGINT)");
    Dataset<Row> growth =
        GrowthMeasures.tokenGrowth(rollup, YearMonth.of(2024, 1))
            .filter(
                "period IN ('2024-01', '2024-02', '2025-01', '2025-01-06', '2025-01-07', '2024-01-07')");
    double jan2025 = 4900.0 / 31;
    DatasetAssert.assertRows(
        growth,
        List.of(
            "period_type",
            "period",
            "level",
            "code",
            "days_in_period",
            "days_with_data",
            "total_tokens",
            "avg_daily_tokens",
            "growth_multiple",
            "mom_ratio",
            "yoy_ratio",
            "avg_7d"),
        List.of(
            row("month", "2024-01", "national", "CN", 31, 31, 3100L, 100.0, 1.0, null, null, null),
            row("month", "2024-02", "national", "CN", 29, 1, 2900L, 100.0, 1.0, 1.0, null, null),
            row(
                "month",
                "2025-01",
                "national",
                "CN",
                31,
                7,
                4900L,
                jan2025,
                jan2025 / 100.0,
                null,
                jan2025 / 100.0,
                null),
            row(
                "month",
                "2025-01",
                "zone",
                "east",
                31,
                1,
                500L,
                500.0 / 31,
                null,
                null,
                null,
                null),
            row("day", "2024-01-07", "national", "CN", 1, 1, 100L, 100.0, 1.0, null, null, 100.0),
            row("day", "2025-01-06", "national", "CN", 1, 1, 700L, 700.0, 7.0, null, 7.0, null),
            row("day", "2025-01-07", "national", "CN", 1, 1, 700L, 700.0, 7.0, null, 7.0, 700.0)));
  }
}
