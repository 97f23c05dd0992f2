package org.tokenstats.jobs.curate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tokenstats.jobs.curate.QualityChecks.DayFacts;
import org.tokenstats.jobs.curate.QualityChecks.Result;

/** The data-quality rules on hand-made facts: each one can pass, fail and be skipped. */
class QualityChecksTest {

  static final LocalDate DAY = LocalDate.parse("2026-03-31");
  static final QualityChecks.Thresholds T = new QualityChecks.Thresholds(0.5, 0.6, 0.5);

  /** A day where everything adds up: 100 tokens, 80 of known energy, 4 kWh of which 3 priced. */
  static DayFacts good(long rows) {
    return new DayFacts(
        DAY,
        rows,
        100L,
        100L,
        100L,
        100L,
        90L,
        0,
        new BigDecimal("4.000000"),
        new BigDecimal("4.000000"),
        100L,
        80L,
        new BigDecimal("3.000000"),
        864_000L,
        864_000L,
        new BigDecimal("1000.000000"),
        new BigDecimal("1000.000000"),
        0);
  }

  static Map<LocalDate, Long> history(long... counts) {
    Map<LocalDate, Long> out = new HashMap<>();
    for (int i = 0; i < counts.length; i++) {
      out.put(DAY.minusDays(i + 1), counts[i]);
    }
    return out;
  }

  static Map<String, String> statuses(List<Result> results) {
    Map<String, String> out = new HashMap<>();
    for (Result r : results) {
      out.merge(r.check(), r.status(), (a, b) -> a.equals("fail") || b.equals("fail") ? "fail" : a);
    }
    return out;
  }

  @Test
  void aConsistentDayPassesEveryCheck() {
    List<Result> results =
        QualityChecks.evaluate(good(100), history(90, 100, 110, 100, 95, 105, 100), T);
    assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo("pass"));
    assertThat(statuses(results).keySet())
        .containsExactlyInAnyOrder(
            QualityChecks.ROW_COUNT,
            QualityChecks.NO_NEGATIVES,
            QualityChecks.ROLLUP_ADDS_UP,
            QualityChecks.ENERGY_ADDS_UP,
            QualityChecks.UTILIZATION_ADDS_UP,
            QualityChecks.UTILIZATION_AT_MOST_ONE,
            QualityChecks.ENERGY_COVERAGE,
            QualityChecks.COST_COVERAGE);
  }

  @Test
  void theRowCountIsJudgedAgainstTheMedianOfThePrevious28Days() {
    // median of 7 earlier days = 100; 151 rows is 1.51x, outside 50 %
    Result high =
        QualityChecks.evaluate(good(151), history(90, 100, 110, 100, 95, 105, 100), T).get(0);
    assertThat(high.status()).isEqualTo("fail");
    assertThat(high.observed()).isEqualTo(1.51);
    // a day 29 days back is not history; 6 earlier days are not enough
    Map<LocalDate, Long> sparse = history(100, 100, 100, 100, 100, 100);
    sparse.put(DAY.minusDays(29), 100L);
    assertThat(QualityChecks.evaluate(good(500), sparse, T).get(0).status()).isEqualTo("skipped");
    // an empty day against a full history fails
    assertThat(QualityChecks.evaluate(good(0), history(9, 9, 9, 9, 9, 9, 9, 9), T).get(0).status())
        .isEqualTo("fail");
  }

  @Test
  void rollupsThatDoNotAddUpFail() {
    DayFacts f = good(100);
    DayFacts broken =
        new DayFacts(
            DAY,
            100,
            101L,
            100L,
            99L,
            100L,
            120L,
            2,
            f.energyNational(),
            new BigDecimal("4.000001"),
            100L,
            80L,
            f.energyPriced(),
            864_000L,
            777L,
            f.usedNational(),
            f.usedSites(),
            1);
    Map<String, String> s = statuses(QualityChecks.evaluate(broken, Map.of(), T));
    assertThat(s)
        .containsEntry(QualityChecks.ROLLUP_ADDS_UP, "fail")
        .containsEntry(QualityChecks.ENERGY_ADDS_UP, "fail")
        .containsEntry(QualityChecks.UTILIZATION_ADDS_UP, "fail")
        .containsEntry(QualityChecks.UTILIZATION_AT_MOST_ONE, "fail")
        .containsEntry(QualityChecks.NO_NEGATIVES, "fail")
        .containsEntry(QualityChecks.ROW_COUNT, "skipped");
  }

  @Test
  void coverageBelowItsThresholdFailsAndNoEnergyIsSkipped() {
    DayFacts low =
        new DayFacts(
            DAY,
            1,
            100L,
            100L,
            100L,
            100L,
            100L,
            0,
            new BigDecimal("4"),
            new BigDecimal("4"),
            100L,
            59L,
            new BigDecimal("1.9"),
            null,
            null,
            null,
            null,
            0);
    Map<String, String> s = statuses(QualityChecks.evaluate(low, Map.of(), T));
    assertThat(s)
        .containsEntry(QualityChecks.ENERGY_COVERAGE, "fail")
        .containsEntry(QualityChecks.COST_COVERAGE, "fail")
        .containsEntry(QualityChecks.UTILIZATION_ADDS_UP, "skipped");
    DayFacts none =
        new DayFacts(
            DAY, 0, null, null, null, null, null, 0, null, null, null, null, null, null, null, null,
            null, 0);
    assertThat(QualityChecks.evaluate(none, Map.of(), T))
        .filteredOn(r -> !r.check().equals(QualityChecks.NO_NEGATIVES))
        .filteredOn(r -> !r.check().equals(QualityChecks.UTILIZATION_AT_MOST_ONE))
        .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo("skipped"));
  }
}
