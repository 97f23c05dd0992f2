package org.tokenstats.jobs.ingest;

import static org.tokenstats.common.testing.DatasetAssert.row;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.testing.DatasetAssert;
import org.tokenstats.common.testing.SparkExtension;

/** The registry's own rules, and every price rejection of the sample bad-price file. */
@ExtendWith(SparkExtension.class)
class RegistryAndPriceRejectionsTest {

  @Test
  void registryRowsAreCheckedAgainstEachOtherAndTheirValidity(
      SparkSession spark, @TempDir Path dir) {
    Landing landing = Landing.withRegistry(dir);
    landing.write(
        "reference/regions.csv",
        "region_code,name,hub_code,zone,valid_from,valid_to\n"
            + "CN-JS,Jiangsu,YRD,east,2020-01-01,\n"
            + "CN-GS,Gansu,GS,west,2020-01-01,\n"
            + "CN-XX,Nowhere,NOHUB,east,2020-01-01,\n"
            + "CN-YY,Somewhere,,north,2020-01-01,\n"
            + "CN-ZZ,Backwards,,east,2026-01-01,2025-01-01\n");
    landing.write(
        "reference/datacenters.csv",
        "datacenter_id,region_code,accelerator_count,accelerator_type,accelerator_watts,pue,racks,pflops_fp16,valid_from,valid_to\n"
            + "DC-1,CN-JS,100,H20,400,1.25,4,14.8,2020-01-01,2026-03-01\n"
            + "DC-1,CN-JS,200,H20,400,1.25,8,29.6,2026-03-01,\n"
            + "DC-1,CN-JS,300,H20,400,1.25,8,29.6,2026-06-01,\n"
            + "DC-2,CN-XX,100,H20,400,1.25,4,14.8,2020-01-01,\n"
            + "DC-3,CN-GS,-5,H20,400,1.25,4,14.8,2020-01-01,\n"
            + "DC-4,CN-GS,100,H20,400,0.9,4,14.8,2020-01-01,\n");
    IngestJobTest.ingest(dir, landing);

    DatasetAssert.assertRows(
        spark.sql(
            "SELECT regexp_extract(submission, '[^/]+$', 0) AS f, line_number, reason_code FROM bronze.quarantine"),
        List.of("f", "line_number", "reason_code"),
        List.of(
            row("regions.csv", 4L, "UNKNOWN_REFERENCE"),
            row("regions.csv", 5L, "BAD_VALUE"),
            row("regions.csv", 6L, "BAD_VALUE"),
            row("datacenters.csv", 4L, "OVERLAPPING_VALIDITY"),
            row("datacenters.csv", 5L, "UNKNOWN_REFERENCE"),
            row("datacenters.csv", 6L, "NEGATIVE_VALUE"),
            row("datacenters.csv", 7L, "OUT_OF_BOUNDS")));
    DatasetAssert.assertRows(
        spark.table("bronze.datacenters"),
        List.of(
            "datacenter_id",
            "accelerator_count",
            "CAST(valid_from AS STRING)",
            "CAST(valid_to AS STRING)"),
        List.of(
            row("DC-1", 100L, "2020-01-01", "2026-03-01"), row("DC-1", 200L, "2026-03-01", null)));
    DatasetAssert.assertRows(
        spark.table("bronze.regions"), List.of("region_code"), List.of(row("CN-JS"), row("CN-GS")));
  }

  @Test
  void everyBadPriceInTheSamplesHasItsReason(SparkSession spark, @TempDir Path dir) {
    Landing landing = Landing.withSamples(dir);
    IngestJobTest.ingest(dir, landing);
    DatasetAssert.assertRows(
        spark.sql("SELECT line_number, reason_code FROM bronze.quarantine WHERE kind = 'prices'"),
        List.of("line_number", "reason_code"),
        List.of(
            row(2L, "MISSING_FIELD"),
            row(3L, "NO_OFFSET"),
            row(4L, "UNKNOWN_REGION"),
            row(5L, "MISALIGNED_INTERVAL"),
            row(6L, "BAD_VALUE"),
            row(7L, "BAD_VALUE"),
            row(8L, "BAD_VALUE"),
            row(9L, "OUT_OF_BOUNDS"),
            row(10L, "BAD_TIMESTAMP"),
            row(11L, "MALFORMED_RECORD"),
            row(12L, "BAD_VALUE")));
  }
}
