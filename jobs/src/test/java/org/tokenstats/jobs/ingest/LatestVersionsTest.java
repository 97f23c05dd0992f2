package org.tokenstats.jobs.ingest;

import static org.tokenstats.common.testing.DatasetAssert.row;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tokenstats.common.table.BronzeTables.Lineage;
import org.tokenstats.common.testing.DatasetAssert;
import org.tokenstats.common.testing.SparkExtension;

/** The within-batch choice of each key's latest version, with and without superseded rows. */
@ExtendWith(SparkExtension.class)
class LatestVersionsTest {
  private static final StructType SCHEMA =
      StructType.fromDDL(
          "k STRING, j STRING, published INT, "
              + Lineage.SUBMISSION
              + " STRING, "
              + Lineage.LINE_NUMBER
              + " LONG, v STRING");

  private static final List<String> KEY = List.of("k", "j");
  private static final List<String> SUBMISSION_THEN_LINE =
      List.of(Lineage.SUBMISSION, Lineage.LINE_NUMBER);

  /** Asserts the values {@code v} of the rows {@code latestVersions} keeps of {@code batch}. */
  private static void assertKept(
      SparkSession spark, List<Row> batch, List<String> latestFirst, Row... kept) {
    DatasetAssert.assertRows(
        IngestJob.latestVersions(spark.createDataFrame(batch, SCHEMA), KEY, latestFirst),
        List.of("v"),
        List.of(kept));
  }

  @Test
  void theLaterSubmissionWinsThenTheLaterLineAndOtherKeysAreKept(SparkSession spark) {
    assertKept(
        spark,
        List.of(
            row("p1", "r1", 0, "a", 1L, "first file"),
            row("p1", "r1", 0, "b", 2L, "second file, earlier line"),
            row("p1", "r1", 0, "b", 5L, "second file, later line"),
            row("p1", "r2", 0, "a", 3L, "only version"),
            row("p2", "r1", 0, "a", 4L, "same record id, other provider")),
        SUBMISSION_THEN_LINE,
        row("second file, later line"),
        row("only version"),
        row("same record id, other provider"));
  }

  @Test
  void aLeadingOrderColumnDecidesBeforeTheSubmission(SparkSession spark) {
    assertKept(
        spark,
        List.of(
            row("CN-JS", "09:00", 2, "a", 1L, "revision published later, earlier file"),
            row("CN-JS", "09:00", 1, "b", 1L, "published first"),
            row("CN-JS", "10:00", 1, "b", 2L, "no revision")),
        List.of("published", Lineage.SUBMISSION, Lineage.LINE_NUMBER),
        row("revision published later, earlier file"),
        row("no revision"));
  }

  @Test
  void aBatchWithoutRepeatedKeysIsKeptWhole(SparkSession spark) {
    assertKept(
        spark,
        List.of(row("p1", "r1", 0, "a", 1L, "x"), row("p1", "r2", 0, "a", 2L, "y")),
        SUBMISSION_THEN_LINE,
        row("x"),
        row("y"));
  }
}
