package org.tokenstats.jobs.curate;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import java.time.YearMonth;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.tokenstats.common.table.GoldTables;
import org.tokenstats.common.table.GoldTables.TokenDailyRollup;
import org.tokenstats.common.table.GoldTables.TokenGrowth;

/**
 * Growth measures (docs/methodology.md) as a pure function of the daily roll-up, on the estimated
 * whole (reported plus imputed tokens; total_tokens stays the reported sum). A month's average
 * daily tokens is its whole over its calendar days (not the days with data). The growth multiple
 * divides by the baseline month's average daily tokens at the same level and code; month-on-month
 * and year-on-year compare average daily tokens with the month (or, for a day, the same day of the
 * month, Spark's add_months) one and twelve months before. A period with no data has no row, so a
 * ratio against it is null, never a division by zero.
 */
public final class GrowthMeasures {
  private GrowthMeasures() {}

  /** {@code gold.token_growth} (without run_id) from {@code gold.token_daily_rollup}. */
  public static Dataset<Row> tokenGrowth(Dataset<Row> rollup, YearMonth baseline) {
    Column imputed =
        Arrays.asList(rollup.columns()).contains(TokenDailyRollup.IMPUTED_TOKENS)
            ? coalesce(col(TokenDailyRollup.IMPUTED_TOKENS), lit(0L))
            : lit(0L);
    Dataset<Row> daily =
        rollup.select(
            col(GoldTables.REPORT_DATE).as(TokenGrowth.PERIOD_START),
            col(TokenDailyRollup.LEVEL),
            col(TokenDailyRollup.CODE),
            col(TokenDailyRollup.TOTAL_TOKENS),
            imputed.as(TokenGrowth.IMPUTED_TOKENS));
    Column whole = col(TokenGrowth.TOTAL_TOKENS).plus(col(TokenGrowth.IMPUTED_TOKENS));

    Dataset<Row> months =
        daily
            .groupBy(
                trunc(col(TokenGrowth.PERIOD_START), "month").as(TokenGrowth.PERIOD_START),
                col(TokenGrowth.LEVEL),
                col(TokenGrowth.CODE))
            .agg(
                sum(TokenGrowth.TOTAL_TOKENS).as(TokenGrowth.TOTAL_TOKENS),
                sum(TokenGrowth.IMPUTED_TOKENS).as(TokenGrowth.IMPUTED_TOKENS),
                count(lit(1)).cast("int").as(TokenGrowth.DAYS_WITH_DATA))
            .withColumn(TokenGrowth.PERIOD_TYPE, lit(TokenGrowth.MONTH))
            .withColumn(TokenGrowth.PERIOD, date_format(col(TokenGrowth.PERIOD_START), "yyyy-MM"))
            .withColumn(
                TokenGrowth.DAYS_IN_PERIOD, dayofmonth(last_day(col(TokenGrowth.PERIOD_START))))
            .withColumn(TokenGrowth.AVG_7D, lit(null).cast("double"));

    WindowSpec week =
        Window.partitionBy(col(TokenGrowth.LEVEL), col(TokenGrowth.CODE))
            .orderBy(datediff(col(TokenGrowth.PERIOD_START), lit("1970-01-01")))
            .rangeBetween(-6, 0);
    Dataset<Row> days =
        daily
            .withColumn(TokenGrowth.PERIOD_TYPE, lit(TokenGrowth.DAY))
            .withColumn(
                TokenGrowth.PERIOD, date_format(col(TokenGrowth.PERIOD_START), "yyyy-MM-dd"))
            .withColumn(TokenGrowth.DAYS_IN_PERIOD, lit(1))
            .withColumn(TokenGrowth.DAYS_WITH_DATA, lit(1))
            .withColumn(
                TokenGrowth.AVG_7D,
                when(
                    count(lit(1)).over(week).equalTo(7),
                    sum(whole).over(week).cast("double").divide(7.0)));

    Dataset<Row> periods =
        days.unionByName(months)
            .withColumn(
                TokenGrowth.AVG_DAILY_TOKENS,
                whole.cast("double").divide(col(TokenGrowth.DAYS_IN_PERIOD)));

    Dataset<Row> base =
        months
            .filter(col(TokenGrowth.PERIOD).equalTo(baseline.toString()))
            .select(
                col(TokenGrowth.LEVEL).as("_bl"),
                col(TokenGrowth.CODE).as("_bc"),
                whole.cast("double").divide(col(TokenGrowth.DAYS_IN_PERIOD)).as("_base"));
    Dataset<Row> earlier =
        periods.select(
            col(TokenGrowth.PERIOD_TYPE).as("_t"),
            col(TokenGrowth.LEVEL).as("_l"),
            col(TokenGrowth.CODE).as("_c"),
            col(TokenGrowth.PERIOD_START).as("_s"),
            col(TokenGrowth.AVG_DAILY_TOKENS).as("_avg"));

    Dataset<Row> withBase =
        periods
            .join(
                base,
                col(TokenGrowth.LEVEL)
                    .equalTo(col("_bl"))
                    .and(col(TokenGrowth.CODE).equalTo(col("_bc"))),
                "left")
            .withColumn(
                TokenGrowth.GROWTH_MULTIPLE, ratio(col(TokenGrowth.AVG_DAILY_TOKENS), col("_base")))
            .withColumn(TokenGrowth.BASELINE, lit(baseline.toString()))
            .drop("_bl", "_bc", "_base");
    Dataset<Row> withMom = compareWith(withBase, earlier, 1, TokenGrowth.MOM_RATIO);
    return compareWith(withMom, earlier, 12, TokenGrowth.YOY_RATIO);
  }

  private static Dataset<Row> compareWith(
      Dataset<Row> periods, Dataset<Row> earlier, int monthsBack, String column) {
    Dataset<Row> e = earlier.toDF("_t", "_l", "_c", "_s", "_avg");
    Column match =
        col(TokenGrowth.PERIOD_TYPE)
            .equalTo(col("_t"))
            .and(col(TokenGrowth.LEVEL).equalTo(col("_l")))
            .and(col(TokenGrowth.CODE).equalTo(col("_c")))
            .and(add_months(col(TokenGrowth.PERIOD_START), -monthsBack).equalTo(col("_s")));
    return periods
        .join(e, match, "left")
        .withColumn(column, ratio(col(TokenGrowth.AVG_DAILY_TOKENS), col("_avg")))
        .drop("_t", "_l", "_c", "_s", "_avg");
  }

  private static Column ratio(Column numerator, Column denominator) {
    return when(
        denominator.isNotNull().and(denominator.notEqual(0)), numerator.divide(denominator));
  }
}
