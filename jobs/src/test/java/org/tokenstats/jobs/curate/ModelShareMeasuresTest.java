package org.tokenstats.jobs.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tokenstats.common.testing.DatasetAssert.row;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tokenstats.common.testing.DatasetAssert;
import org.tokenstats.common.testing.SparkExtension;

/** Weekly model shares across the ISO year boundary of 2026 (a 53-week year). */
@ExtendWith(SparkExtension.class)
class ModelShareMeasuresTest {

  static Dataset<Row> tokenDaily(SparkSession spark) {
    return spark.sql(
        "SELECT CAST(d AS DATE) AS report_date, m AS model_id, p AS provider_id,"
            + " CAST(t AS BIGINT) AS total_tokens FROM VALUES"
            // Monday 2026-12-21: week 2026-W52
            + " ('2026-12-21', 'm1', 'p1', 100), ('2026-12-21', 'm2', 'p2', 100),"
            // Thursday 2026-12-31 and Friday 2027-01-01 are both in 2026-W53
            + " ('2026-12-31', 'm1', 'p1', 300), ('2026-12-31', 'm1', 'p2', 100),"
            + " ('2026-12-31', 'm2', 'p2', 200), ('2027-01-01', 'm1', 'p2', 300),"
            // Monday 2027-01-04 starts 2027-W01
            + " ('2027-01-04', 'm3', 'p3', 50), ('2027-01-04', 'm2', 'p2', 50)"
            + " AS v(d, m, p, t)");
  }

  @Test
  void sharesRanksAndWeekOnWeekRatios(SparkSession spark) {
    DatasetAssert.assertRows(
        ModelShareMeasures.modelShareWeekly(tokenDaily(spark)),
        List.of(
            "iso_week",
            "CAST(week_start AS STRING)",
            "model_id",
            "provider_id",
            "providers",
            "total_tokens",
            "share",
            "rank",
            "wow_ratio",
            "days_with_data"),
        List.of(
            // equal tokens share a rank; no earlier week, no ratio
            row("2026-W52", "2026-12-21", "m1", "p1", 1L, 100L, 0.5, 1, null, 1),
            row("2026-W52", "2026-12-21", "m2", "p2", 1L, 100L, 0.5, 1, null, 1),
            // m1: p1 300, p2 100 + 300 = 400: p2 serves the most
            row("2026-W53", "2026-12-28", "m1", "p2", 2L, 700L, 700.0 / 900, 1, 7.0, 2),
            row("2026-W53", "2026-12-28", "m2", "p2", 1L, 200L, 200.0 / 900, 2, 2.0, 2),
            row("2027-W01", "2027-01-04", "m2", "p2", 1L, 50L, 0.5, 1, 0.25, 1),
            row("2027-W01", "2027-01-04", "m3", "p3", 1L, 50L, 0.5, 1, null, 1)));
  }

  @Test
  void weeksStartOnMonday() {
    assertThat(ModelShareMeasures.weekStart(LocalDate.parse("2027-01-03")))
        .isEqualTo(LocalDate.parse("2026-12-28"));
    assertThat(ModelShareMeasures.weekStart(LocalDate.parse("2026-12-28")))
        .isEqualTo(LocalDate.parse("2026-12-28"));
  }
}
