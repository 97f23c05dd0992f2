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

/** The token and energy measures on a handful of inline rows, against hand-computed values. */
@ExtendWith(SparkExtension.class)
class UsageMeasuresTest {

  static final String USAGE_COLUMNS =
      "report_date, report_hour, provider_id, model_id, region_code, datacenter_id, modality,"
          + " request_count, input_tokens, output_tokens, cached_input_tokens, total_tokens,"
          + " accelerator_seconds, energy_kwh, billed_amount_cny";

  static Dataset<Row> usage(SparkSession spark, String values) {
    return spark.sql(
        "SELECT CAST(report_date AS DATE) AS report_date, report_hour, provider_id, model_id, region_code,"
            + " datacenter_id, modality, CAST(request_count AS BIGINT) AS request_count,"
            + " CAST(input_tokens AS BIGINT) AS input_tokens, CAST(output_tokens AS BIGINT) AS output_tokens,"
            + " CAST(cached_input_tokens AS BIGINT) AS cached_input_tokens, CAST(total_tokens AS BIGINT) AS total_tokens,"
            + " CAST(accelerator_seconds AS DECIMAL(24,6)) AS accelerator_seconds,"
            + " CAST(energy_kwh AS DECIMAL(24,6)) AS energy_kwh, CAST(billed_amount_cny AS DECIMAL(24,6)) AS billed_amount_cny"
            + " FROM VALUES "
            + values
            + " AS t("
            + USAGE_COLUMNS
            + ")");
  }

  /** DC-1: 400 W, PUE 1.25 until 2026-03-15; 500 W, PUE 1.2 from then on. */
  static Dataset<Row> datacenters(SparkSession spark) {
    return spark.sql(
        "SELECT datacenter_id, CAST(w AS DECIMAL(24,6)) AS accelerator_watts, CAST(p AS DECIMAL(24,6)) AS pue,"
            + " CAST(f AS DATE) AS valid_from, CAST(t AS DATE) AS valid_to FROM VALUES"
            + " ('DC-1', 400, 1.25, '2020-01-01', '2026-03-15'), ('DC-1', 500, 1.2, '2026-03-15', NULL)"
            + " AS v(datacenter_id, w, p, f, t)");
  }

  @Test
  void theValueMultiplesBaseIsTheRecordsWithABilledAmountAndKnownEnergy(SparkSession spark) {
    Dataset<Row> usage =
        usage(
            spark,
            // billed, measured 0.5 kWh
            "('2026-03-14', 10, 'p1', 'm1', 'CN-JS', 'DC-1', 'text', 1, 1000, 500, NULL, 1500, NULL, 0.5, 2.0),"
                // billed, estimated 7200 s x 400 W x 1.25 / 3.6e6 = 1.0 kWh
                + " ('2026-03-14', 10, 'p1', 'm1', 'CN-JS', 'DC-1', 'text', 1, 2000, 1000, NULL, 3000, 7200, NULL, 3.0),"
                // estimated but not billed
                + " ('2026-03-14', 10, 'p1', 'm1', 'CN-JS', 'DC-1', 'text', 1, 100, 100, NULL, 200, 3600, NULL, NULL),"
                // billed, energy unknown (no accelerator time, no measurement)
                + " ('2026-03-14', 10, 'p1', 'm1', 'CN-JS', 'DC-1', 'text', 1, 300, 100, NULL, 400, NULL, NULL, 7.0)");
    DatasetAssert.assertRows(
        UsageMeasures.usageHourly(usage, datacenters(spark)),
        List.of(
            "total_tokens",
            "CAST(billed_amount_cny AS DOUBLE)",
            "tokens_billed_energy_known",
            "CAST(billed_cny_energy_known AS DOUBLE)",
            "CAST(energy_kwh_billed AS DOUBLE)"),
        List.of(row(5100L, 12.0, 4500L, 5.0, 1.5)));
  }

  @Test
  void energyIsMeasuredElseEstimatedFromTheSiteInForceElseUnknown(SparkSession spark) {
    Dataset<Row> usage =
        usage(
            spark,
            "('2026-03-14', 10, 'p1', 'm1', 'CN-JS', 'DC-1', 'text', 2, 1000, 500, 100, 1500, 3600, 0.5, 1.0),"
                + " ('2026-03-14', 10, 'p1', 'm1', 'CN-JS', 'DC-1', 'text', 1, 2000, 1000, NULL, 3000, 7200, NULL, NULL),"
                + " ('2026-03-14', 10, 'p1', 'm1', 'CN-JS', NULL, 'text', 1, 400, 200, NULL, 600, 100, NULL, NULL),"
                + " ('2026-03-15', 0, 'p1', 'm1', 'CN-JS', 'DC-1', 'text', 1, 800, 200, NULL, 1000, 7200, NULL, NULL)");
    DatasetAssert.assertRows(
        UsageMeasures.usageHourly(usage, datacenters(spark)),
        List.of(
            "CAST(report_date AS STRING)",
            "report_hour",
            "datacenter_id",
            "records",
            "requests",
            "input_tokens",
            "output_tokens",
            "cached_input_tokens",
            "total_tokens",
            "CAST(accelerator_seconds AS DOUBLE)",
            "CAST(energy_kwh_measured AS DOUBLE)",
            "CAST(energy_kwh_estimated AS DOUBLE)",
            "tokens_energy_measured",
            "tokens_energy_estimated",
            "tokens_energy_unknown"),
        List.of(
            // 7200 s x 400 W x 1.25 / 3.6e6 = 1.0 kWh estimated; 0.5 kWh measured
            row(
                "2026-03-14",
                10,
                "DC-1",
                2L,
                3L,
                3000L,
                1500L,
                100L,
                4500L,
                10800.0,
                0.5,
                1.0,
                1500L,
                3000L,
                0L),
            // no datacenter: accelerator-seconds cannot be priced in watts: unknown
            row(
                "2026-03-14",
                10,
                null,
                1L,
                1L,
                400L,
                200L,
                0L,
                600L,
                100.0,
                0.0,
                0.0,
                0L,
                0L,
                600L),
            // after the site's change: 7200 s x 500 W x 1.2 / 3.6e6 = 1.2 kWh
            row(
                "2026-03-15",
                0,
                "DC-1",
                1L,
                1L,
                800L,
                200L,
                0L,
                1000L,
                7200.0,
                0.0,
                1.2,
                0L,
                1000L,
                0L)));

    DatasetAssert.assertRows(
        UsageMeasures.tokenDaily(UsageMeasures.usageHourly(usage, datacenters(spark))),
        List.of(
            "CAST(report_date AS STRING)",
            "region_code",
            "requests",
            "input_tokens",
            "output_tokens",
            "cached_input_tokens",
            "total_tokens"),
        List.of(
            row("2026-03-14", "CN-JS", 4L, 3400L, 1700L, 100L, 5100L),
            row("2026-03-15", "CN-JS", 1L, 800L, 200L, 0L, 1000L)));
  }

  @Test
  void rollupsAddUpNationallyWithDistinctProvidersAndTheHubInForce(SparkSession spark) {
    Dataset<Row> daily =
        spark.sql(
            "SELECT CAST(d AS DATE) AS report_date, region_code, provider_id, 'm' AS model_id, 'text' AS modality,"
                + " CAST(t / 100 AS BIGINT) AS requests, CAST(t AS BIGINT) AS input_tokens, CAST(0 AS BIGINT) AS output_tokens,"
                + " CAST(0 AS BIGINT) AS cached_input_tokens, CAST(t AS BIGINT) AS total_tokens FROM VALUES"
                + " ('2026-03-14', 'CN-JS', 'p1', 5000), ('2026-03-14', 'CN-JS', 'p2', 3000),"
                + " ('2026-03-14', 'CN-GS', 'p1', 2000), ('2026-03-14', 'CN-HB', 'p3', 1000)"
                + " AS v(d, region_code, provider_id, t)");
    Dataset<Row> regions =
        spark.sql(
            "SELECT region_code, hub_code, zone, CAST(f AS DATE) AS valid_from, CAST(t AS DATE) AS valid_to FROM VALUES"
                + " ('CN-JS', 'YRD', 'east', '2020-01-01', NULL),"
                + " ('CN-GS', 'OLD', 'west', '2020-01-01', '2026-03-10'),"
                + " ('CN-GS', 'GS', 'west', '2026-03-10', NULL),"
                + " ('CN-HB', NULL, 'east', '2020-01-01', NULL)"
                + " AS v(region_code, hub_code, zone, f, t)");
    DatasetAssert.assertRows(
        UsageMeasures.tokenDailyRollup(UsageMeasures.providerContributions(daily, regions)),
        List.of("level", "code", "total_tokens", "requests", "providers", "share_of_national"),
        List.of(
            row("national", "CN", 11000L, 110L, 3L, 1.0),
            row("zone", "east", 9000L, 90L, 3L, 9000.0 / 11000.0),
            row("zone", "west", 2000L, 20L, 1L, 2000.0 / 11000.0),
            row("hub", "YRD", 8000L, 80L, 2L, 8000.0 / 11000.0),
            row("hub", "GS", 2000L, 20L, 1L, 2000.0 / 11000.0),
            row("region", "CN-JS", 8000L, 80L, 2L, 8000.0 / 11000.0),
            row("region", "CN-GS", 2000L, 20L, 1L, 2000.0 / 11000.0),
            row("region", "CN-HB", 1000L, 10L, 1L, 1000.0 / 11000.0)));
  }
}
