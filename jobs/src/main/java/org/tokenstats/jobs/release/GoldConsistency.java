package org.tokenstats.jobs.release;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.tokenstats.common.table.GoldTables;
import org.tokenstats.common.table.GoldTables.EnergyDaily;
import org.tokenstats.common.table.GoldTables.TokenDailyRollup;
import org.tokenstats.common.table.GoldTables.TokenGrowth;

/**
 * Whether the gold tables a release reads agree with each other, as one curate run writes them: the
 * roll-up's national total of a day is the sum of {@code gold.token_daily}, and of its regions;
 * {@code gold.token_growth} holds the roll-up's figures (a day's total, a month's sum and days with
 * data); {@code gold.energy_daily} covers the same cells with the same tokens; utilization exists
 * only for days with usage. A curate killed between two tables, or a table changed by hand, breaks
 * one of these; a release is then refused rather than publish figures that contradict each other.
 * Pure: the inputs are the tables (at the release's pinned versions) cut to the days it reads.
 */
public final class GoldConsistency {
  private GoldConsistency() {}

  public static final String CHECK = "check";
  public static final String SUBJECT = "subject";
  public static final String EXPECTED = "expected";
  public static final String FOUND = "found";

  /** One row per disagreement: which check, where, what was expected and what was found. */
  public static Dataset<Row> disagreements(
      Dataset<Row> tokenDaily,
      Dataset<Row> rollup,
      Dataset<Row> growth,
      Dataset<Row> energy,
      Dataset<Row> utilization) {
    Column national = col(TokenDailyRollup.LEVEL).equalTo(lit(TokenDailyRollup.NATIONAL));
    Dataset<Row> dailyTotal =
        tokenDaily
            .groupBy(col(GoldTables.REPORT_DATE).as("_k1"))
            .agg(sum(GoldTables.TokenDaily.TOTAL_TOKENS).as("_a"));
    Dataset<Row> nationalTotal =
        rollup
            .filter(national)
            .select(
                col(GoldTables.REPORT_DATE).as("_k1"), col(TokenDailyRollup.TOTAL_TOKENS).as("_b"));
    Dataset<Row> regionSum =
        rollup
            .filter(col(TokenDailyRollup.LEVEL).equalTo(lit(TokenDailyRollup.REGION)))
            .groupBy(col(GoldTables.REPORT_DATE).as("_k1"))
            .agg(sum(TokenDailyRollup.TOTAL_TOKENS).as("_a"));

    Dataset<Row> cells =
        byCell(
            rollup,
            col(GoldTables.REPORT_DATE).cast("string"),
            col(TokenDailyRollup.TOTAL_TOKENS).as("_a"));
    Dataset<Row> growthDays =
        growth
            .filter(col(TokenGrowth.PERIOD_TYPE).equalTo(lit(TokenGrowth.DAY)))
            .transform(
                d -> byCell(d, col(TokenGrowth.PERIOD), col(TokenGrowth.TOTAL_TOKENS).as("_b")));
    Dataset<Row> months =
        rollup
            .groupBy(
                date_format(col(GoldTables.REPORT_DATE), "yyyy-MM").as("_k1"),
                col(TokenDailyRollup.LEVEL).as("_k2"),
                col(TokenDailyRollup.CODE).as("_k3"))
            .agg(
                concat_ws(
                        " tokens on ",
                        sum(TokenDailyRollup.TOTAL_TOKENS).cast("string"),
                        count(lit(1)).cast("string"))
                    .as("_a"));
    Dataset<Row> growthMonths =
        growth
            .filter(col(TokenGrowth.PERIOD_TYPE).equalTo(lit(TokenGrowth.MONTH)))
            .transform(
                d ->
                    byCell(
                        d,
                        col(TokenGrowth.PERIOD),
                        concat_ws(
                                " tokens on ",
                                col(TokenGrowth.TOTAL_TOKENS).cast("string"),
                                col(TokenGrowth.DAYS_WITH_DATA).cast("string"))
                            .as("_b")));
    // A cell only estimated for non-response (nobody reported there) has no energy row.
    Dataset<Row> reportedCells =
        byCell(
            rollup.filter(col(TokenDailyRollup.PROVIDERS).gt(0)),
            col(GoldTables.REPORT_DATE).cast("string"),
            col(TokenDailyRollup.TOTAL_TOKENS).as("_a"));
    Dataset<Row> energyCells =
        byCell(
            energy,
            col(GoldTables.REPORT_DATE).cast("string"),
            col(EnergyDaily.TOTAL_TOKENS).as("_b"));
    Dataset<Row> usageDays =
        rollup
            .filter(national)
            .select(col(GoldTables.REPORT_DATE).as("_k1"), lit("usage").as("_a"));
    Dataset<Row> utilizationDays =
        utilization
            .select(col(GoldTables.REPORT_DATE).as("_k1"))
            .distinct()
            .withColumn("_b", lit("utilization"));

    return compare(
            "roll-up national total = sum of gold.token_daily",
            dailyTotal,
            nationalTotal,
            List.of("_k1"))
        .union(
            compare(
                "roll-up national total = sum of its regions",
                regionSum,
                nationalTotal,
                List.of("_k1")))
        .union(
            compare(
                "gold.token_growth day = roll-up", cells, growthDays, List.of("_k1", "_k2", "_k3")))
        .union(
            compare(
                "gold.token_growth month = sum of the roll-up's days",
                months,
                growthMonths,
                List.of("_k1", "_k2", "_k3")))
        .union(
            compare(
                "gold.energy_daily tokens = roll-up",
                reportedCells,
                energyCells,
                List.of("_k1", "_k2", "_k3")))
        .union(
            compare(
                    "gold.utilization_daily only on days with usage",
                    usageDays,
                    utilizationDays,
                    List.of("_k1"))
                .filter(col(EXPECTED).equalTo(lit("(none)"))));
  }

  /**
   * A table's rows keyed by cell (period, level, code: the gold tables share the level and code
   * column names) with one value to compare.
   */
  private static Dataset<Row> byCell(Dataset<Row> table, Column period, Column value) {
    return table.select(
        period.as("_k1"),
        col(TokenDailyRollup.LEVEL).as("_k2"),
        col(TokenDailyRollup.CODE).as("_k3"),
        value);
  }

  /**
   * The keys where {@code expected._a} and {@code found._b} differ, a key missing on one side
   * included; both are compared as text.
   */
  private static Dataset<Row> compare(
      String check, Dataset<Row> expected, Dataset<Row> found, List<String> key) {
    scala.collection.immutable.Seq<String> on =
        scala.jdk.javaapi.CollectionConverters.asScala(key).toList();
    Column a = coalesce(col("_a").cast("string"), lit("(none)"));
    Column b = coalesce(col("_b").cast("string"), lit("(none)"));
    return expected
        .join(found, on, "full_outer")
        .filter(a.notEqual(b))
        .select(
            lit(check).as(CHECK),
            concat_ws(" ", key.stream().map(k -> col(k).cast("string")).toArray(Column[]::new))
                .as(SUBJECT),
            a.as(EXPECTED),
            b.as(FOUND));
  }
}
