package org.tokenstats.jobs.curate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tokenstats.common.testing.DatasetAssert;
import org.tokenstats.common.testing.SparkExtension;

/** Recomputing only the growth rows a change can alter gives the rows a full rebuild gives. */
@ExtendWith(SparkExtension.class)
class GrowthScopeTest {

  static final YearMonth BASELINE = YearMonth.of(2024, 1);
  static final List<String> COLUMNS =
      List.of(
          "period_type",
          "period",
          "level",
          "code",
          "total_tokens",
          "avg_daily_tokens",
          "growth_multiple",
          "mom_ratio",
          "yoy_ratio",
          "avg_7d");

  /** 18 months of national and zone rows, varying tokens, every 10th day missing. */
  static Dataset<Row> rollup(SparkSession spark) {
    return spark.sql(
        "SELECT d AS report_date, l AS level, c AS code,"
            + " CAST((datediff(d, DATE'2024-01-01') * 37 % 101 + 1) * 1000 AS BIGINT) AS total_tokens"
            + " FROM (SELECT explode(sequence(DATE'2024-01-01', DATE'2025-06-30')) AS d)"
            + " CROSS JOIN VALUES ('national', 'CN'), ('zone', 'east') AS v(l, c)"
            + " WHERE datediff(d, DATE'2024-01-01') % 10 <> 9");
  }

  @Test
  void scopedRecomputationEqualsAFullRebuildOnTheScopedRows(SparkSession spark) {
    Dataset<Row> rollup = rollup(spark).cache();
    GrowthScope scope =
        GrowthScope.of(
            List.of(LocalDate.parse("2024-02-29"), LocalDate.parse("2025-04-10")), BASELINE);
    assertThat(scope.whole()).isFalse();
    // Feb 29 changes Feb 29..Mar 6, all of March 2024 and of February 2025; 2025-04-10's
    // year-on-year ratios need April and May 2024, which nothing else brings in.
    assertThat(scope.days())
        .contains(
            LocalDate.parse("2024-02-29"),
            LocalDate.parse("2024-03-06"),
            LocalDate.parse("2025-02-28"),
            LocalDate.parse("2025-05-31"))
        .doesNotContain(LocalDate.parse("2024-02-28"), LocalDate.parse("2024-04-15"));
    assertThat(scope.months())
        .containsExactlyInAnyOrder(
            YearMonth.of(2024, 2),
            YearMonth.of(2024, 3),
            YearMonth.of(2025, 2),
            YearMonth.of(2025, 4),
            YearMonth.of(2025, 5),
            YearMonth.of(2026, 4));
    assertThat(scope.inputMonths()).contains(YearMonth.of(2024, 4), YearMonth.of(2024, 5));

    Dataset<Row> full = GrowthMeasures.tokenGrowth(rollup, BASELINE).filter(scope.output());
    Dataset<Row> scoped =
        GrowthMeasures.tokenGrowth(rollup.filter(scope.input()), BASELINE).filter(scope.output());
    assertThat(full.count()).isGreaterThan(100);
    assertThat(full.filter("period = '2025-04' AND yoy_ratio IS NOT NULL").count()).isEqualTo(2);
    DatasetAssert.assertSameRows(scoped, full, COLUMNS);
  }

  @Test
  void theLastDayOfAMonthReachesTheSevenDayAveragesOfTheNext() {
    assertThat(GrowthScope.of(List.of(LocalDate.parse("2024-05-31")), BASELINE).days())
        .contains(LocalDate.parse("2024-06-06"), LocalDate.parse("2024-06-30"))
        .doesNotContain(LocalDate.parse("2024-05-30"));
  }

  @Test
  void aChangeInTheBaselineMonthRebuildsEverything() {
    assertThat(GrowthScope.of(List.of(LocalDate.parse("2024-01-15")), BASELINE).whole()).isTrue();
  }
}
