package org.tokenstats.jobs.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.tokenstats.common.testing.DatasetAssert.row;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tokenstats.common.testing.DatasetAssert;
import org.tokenstats.common.testing.SparkExtension;

/**
 * The non-response estimator on a growing national total where each provider keeps its share: the
 * missing provider is estimated within 1 % (exactly, up to rounding), placed in its own regions,
 * and counted among the expected respondents; who is not expected is not estimated.
 */
@ExtendWith(SparkExtension.class)
class NonResponseTest {
  static final LocalDate FIRST = LocalDate.of(2026, 3, 1);
  static final LocalDate MISSING_DAY = LocalDate.of(2026, 3, 20);

  /** provider -> region -> share of the day's national total (c is 14 %, in two regions). */
  static final Map<String, Map<String, Double>> SHARES =
      Map.of(
          "a", Map.of("CN-BJ", 0.40),
          "b", Map.of("CN-GD", 0.30),
          "c", Map.of("CN-JS", 0.10, "CN-NX", 0.04),
          "d", Map.of("CN-BJ", 0.16));

  /** The national total on day i (3 % growth a day). */
  static long total(int i) {
    return Math.round(1_000_000_000L * Math.pow(1.03, i));
  }

  static Dataset<Row> tokenDaily(SparkSession spark, String skipProvider, LocalDate skipDay) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      LocalDate day = FIRST.plusDays(i);
      for (var p : new TreeMap<>(SHARES).entrySet()) {
        if (p.getKey().equals(skipProvider) && day.equals(skipDay)) {
          continue;
        }
        for (var r : new TreeMap<>(p.getValue()).entrySet()) {
          long tokens = Math.round(total(i) * r.getValue());
          rows.add(
              RowFactory.create(
                  Date.valueOf(day), r.getKey(), p.getKey(), "m1", "text", tokens / 1000, tokens));
        }
      }
    }
    StructType schema =
        new StructType()
            .add("report_date", DataTypes.DateType)
            .add("region_code", DataTypes.StringType)
            .add("provider_id", DataTypes.StringType)
            .add("model_id", DataTypes.StringType)
            .add("modality", DataTypes.StringType)
            .add("requests", DataTypes.LongType)
            .add("total_tokens", DataTypes.LongType);
    return spark.createDataFrame(rows, schema);
  }

  static Dataset<Row> providers(SparkSession spark, String closedProvider, LocalDate closedOn) {
    List<Row> rows = new ArrayList<>();
    for (String p : new TreeSet<>(SHARES.keySet())) {
      rows.add(
          RowFactory.create(
              p,
              Date.valueOf(LocalDate.of(2020, 1, 1)),
              p.equals(closedProvider) ? Date.valueOf(closedOn) : null));
    }
    return spark.createDataFrame(
        rows,
        new StructType()
            .add("provider_id", DataTypes.StringType)
            .add("valid_from", DataTypes.DateType)
            .add("valid_to", DataTypes.DateType));
  }

  static SortedSet<LocalDate> day(LocalDate d) {
    return new TreeSet<>(List.of(d));
  }

  @Test
  void aMissingProviderWithAStableShareIsEstimatedWithinOnePercentInItsOwnRegions(
      SparkSession spark) {
    Dataset<Row> daily = tokenDaily(spark, "c", MISSING_DAY);
    Dataset<Row> estimates =
        NonResponse.estimates(daily, providers(spark, null, null), day(MISSING_DAY), 28, 7);
    int i = (int) (MISSING_DAY.toEpochDay() - FIRST.toEpochDay());
    long truthJs = Math.round(total(i) * 0.10);
    long truthNx = Math.round(total(i) * 0.04);
    List<Row> rows = estimates.orderBy("region_code").collectAsList();
    // The missing provider-day, as curate asks before it builds the estimator's plan.
    DatasetAssert.assertRows(
        NonResponse.missing(daily, providers(spark, null, null), day(MISSING_DAY), 28, 7),
        List.of("CAST(report_date AS STRING)", "provider_id"),
        List.of(row(MISSING_DAY.toString(), "c")));
    assertThat(rows).extracting(r -> r.getString(1)).containsExactly("CN-JS", "CN-NX");
    assertThat(rows).extracting(r -> r.getString(2)).containsOnly("c");
    assertThat((double) rows.get(0).getLong(3)).isCloseTo(truthJs, within(truthJs * 0.01));
    assertThat((double) rows.get(1).getLong(3)).isCloseTo(truthNx, within(truthNx * 0.01));
    // Exact up to the rounding of the inputs, however fast the total grows.
    assertThat(rows.get(0).getLong(3) + rows.get(1).getLong(3))
        .isCloseTo(truthJs + truthNx, org.assertj.core.api.Assertions.within(100L));
    assertThat((double) rows.get(0).getLong(4)).isCloseTo(truthJs / 1000.0, within(truthJs * 1e-5));

    // In the roll-up: reported totals unchanged, the estimate and the expected respondents beside.
    Dataset<Row> regions =
        spark.sql(
            "SELECT region_code, hub_code, zone, DATE'2020-01-01' AS valid_from,"
                + " CAST(NULL AS DATE) AS valid_to FROM VALUES ('CN-BJ', 'JJJ', 'east'),"
                + " ('CN-GD', 'GBA', 'east'), ('CN-JS', 'YRD', 'east'), ('CN-NX', 'NX', 'west')"
                + " AS t(region_code, hub_code, zone)");
    Dataset<Row> rollup =
        UsageMeasures.tokenDailyRollup(
            UsageMeasures.providerContributions(
                daily.filter("report_date = DATE'2026-03-20'"), estimates, regions));
    long reported =
        Math.round(total(i) * 0.40) + Math.round(total(i) * 0.30) + Math.round(total(i) * 0.16);
    DatasetAssert.assertRows(
        rollup.filter("level IN ('national', 'region')"),
        List.of(
            "level",
            "code",
            "total_tokens",
            "providers",
            "respondents",
            "expected_respondents",
            "imputed_tokens > 0"),
        List.of(
            row("national", "CN", reported, 3L, 3L, 4L, true),
            row(
                "region",
                "CN-BJ",
                Math.round(total(i) * 0.40) + Math.round(total(i) * 0.16),
                2L,
                2L,
                2L,
                false),
            row("region", "CN-GD", Math.round(total(i) * 0.30), 1L, 1L, 1L, false),
            row("region", "CN-JS", 0L, 0L, 0L, 1L, true),
            row("region", "CN-NX", 0L, 0L, 0L, 1L, true)));
  }

  @Test
  void whoIsNotExpectedIsNotEstimated(SparkSession spark) {
    // Nobody is missing on a day everybody reported.
    Dataset<Row> complete = tokenDaily(spark, null, null);
    assertNoneMissing(complete, providers(spark, null, null), day(MISSING_DAY), 7);
    Dataset<Row> daily = tokenDaily(spark, "c", MISSING_DAY);
    // Registered no longer on the day: not expected.
    assertNoneMissing(daily, providers(spark, "c", MISSING_DAY), day(MISSING_DAY), 7);
    // Too few reporting days in the window to be a regular respondent.
    assertNoneMissing(daily, providers(spark, null, null), day(MISSING_DAY), 20);
    // A day nobody reported on cannot be estimated.
    assertNoneMissing(daily, providers(spark, null, null), day(FIRST.plusDays(25)), 7);
  }

  /** No estimates, and no missing provider either (so curate skips the estimator). */
  private static void assertNoneMissing(
      Dataset<Row> daily, Dataset<Row> providers, SortedSet<LocalDate> days, int minDays) {
    assertThat(NonResponse.estimates(daily, providers, days, 28, minDays).count()).isZero();
    assertThat(NonResponse.missing(daily, providers, days, 28, minDays).isEmpty()).isTrue();
  }

  @Test
  void aChangedDayRecomputesOnlyTheLaterDaysWhoseEstimatesItFeeds() {
    // a reports every day of March; b only from the 10th; the 10th is recomputed.
    Map<LocalDate, java.util.Set<String>> respondents = new TreeMap<>();
    List<LocalDate> curated = new ArrayList<>();
    for (int i = 0; i < 31; i++) {
      LocalDate d = FIRST.plusDays(i);
      curated.add(d);
      respondents.put(d, new TreeSet<>(i >= 9 ? List.of("a", "b") : List.of("a")));
    }
    SortedSet<LocalDate> asked = day(FIRST.plusDays(9));
    // Nobody missing afterwards and no estimates: nothing else to recompute.
    assertThat(NonResponse.dependentDays(asked, curated, List.of(), respondents, 28, 7))
        .containsExactly(FIRST.plusDays(9));
    // A later day with estimates reads the 10th: recomputed; one beyond the window is not.
    assertThat(
            NonResponse.dependentDays(
                asked,
                curated,
                List.of(FIRST.plusDays(19), FIRST.plusDays(20)),
                respondents,
                10,
                7))
        .containsExactly(FIRST.plusDays(9), FIRST.plusDays(19));
    // b misses the 25th, after 15 reporting days: it is expected there now.
    respondents.get(FIRST.plusDays(24)).remove("b");
    assertThat(NonResponse.dependentDays(asked, curated, List.of(), respondents, 28, 7))
        .containsExactly(FIRST.plusDays(9), FIRST.plusDays(24));
  }
}
