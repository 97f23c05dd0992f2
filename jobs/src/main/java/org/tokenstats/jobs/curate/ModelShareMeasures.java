package org.tokenstats.jobs.curate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.rank;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.weekofyear;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.tokenstats.common.feed.UsageFeed;
import org.tokenstats.common.table.GoldTables;
import org.tokenstats.common.table.GoldTables.ModelShareWeekly;
import org.tokenstats.common.table.GoldTables.TokenDaily;

/**
 * Weekly model shares as a pure function of {@code gold.token_daily}. Weeks are ISO 8601 weeks of
 * the reporting calendar: Monday to Sunday, numbered {@code YYYY-Www} by the year that holds the
 * week's Thursday. A model served by several providers keeps one row; its {@code provider_id} is
 * the provider that served it the most tokens that week (ties: the smallest id), and {@code
 * providers} counts them all.
 */
public final class ModelShareMeasures {
  private ModelShareMeasures() {}

  /** The Monday that starts the ISO week of {@code day}. */
  public static LocalDate weekStart(LocalDate day) {
    return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  /**
   * {@code gold.model_share_weekly} (without run_id) for every week with rows in {@code
   * tokenDaily}. Share is the model's tokens over all tokens of the week; rank orders models by
   * tokens (1 = most; equal tokens share a rank); the week-on-week ratio divides by the model's
   * tokens in the week before, null when it had none there (or that week is not in the input).
   */
  public static Dataset<Row> modelShareWeekly(Dataset<Row> tokenDaily) {
    Column weekStart = trunc(col(GoldTables.REPORT_DATE), "week");
    Dataset<Row> byProvider =
        tokenDaily
            .withColumn(ModelShareWeekly.WEEK_START, weekStart)
            .groupBy(
                col(ModelShareWeekly.WEEK_START),
                col(UsageFeed.MODEL_ID),
                col(UsageFeed.PROVIDER_ID))
            .agg(sum(TokenDaily.TOTAL_TOKENS).as("_provider_tokens"));
    var modelKey = Window.partitionBy(ModelShareWeekly.WEEK_START, UsageFeed.MODEL_ID);
    Dataset<Row> models =
        byProvider
            .withColumn(
                "_order",
                row_number()
                    .over(
                        modelKey.orderBy(
                            col("_provider_tokens").desc(), col(UsageFeed.PROVIDER_ID).asc())))
            .groupBy(col(ModelShareWeekly.WEEK_START), col(UsageFeed.MODEL_ID))
            .agg(
                sum("_provider_tokens").as(ModelShareWeekly.TOTAL_TOKENS),
                countDistinct(col(UsageFeed.PROVIDER_ID)).as(ModelShareWeekly.PROVIDERS),
                first(when(col("_order").equalTo(1), col(UsageFeed.PROVIDER_ID)), true)
                    .as(ModelShareWeekly.PROVIDER_ID));
    Dataset<Row> weeks =
        tokenDaily
            .withColumn("_ws", weekStart)
            .groupBy(col("_ws"))
            .agg(
                sum(TokenDaily.TOTAL_TOKENS).as(ModelShareWeekly.WEEK_TOTAL_TOKENS),
                countDistinct(col(GoldTables.REPORT_DATE))
                    .cast("int")
                    .as(ModelShareWeekly.DAYS_WITH_DATA));
    Dataset<Row> previous =
        models.select(
            date_add(col(ModelShareWeekly.WEEK_START), 7).as("_next_week"),
            col(UsageFeed.MODEL_ID).as("_prev_model"),
            col(ModelShareWeekly.TOTAL_TOKENS).as("_prev_tokens"));
    var weekKey = Window.partitionBy(ModelShareWeekly.WEEK_START);
    Column thursday = date_add(col(ModelShareWeekly.WEEK_START), 3);
    return models
        .join(weeks, col(ModelShareWeekly.WEEK_START).equalTo(col("_ws")))
        .join(
            previous,
            col(ModelShareWeekly.WEEK_START)
                .equalTo(col("_next_week"))
                .and(col(UsageFeed.MODEL_ID).equalTo(col("_prev_model"))),
            "left")
        .withColumn(
            ModelShareWeekly.ISO_WEEK,
            concat(
                year(thursday).cast("string"),
                lit("-W"),
                lpad(weekofyear(col(ModelShareWeekly.WEEK_START)).cast("string"), 2, "0")))
        .withColumn(
            ModelShareWeekly.SHARE,
            when(col(ModelShareWeekly.WEEK_TOTAL_TOKENS).equalTo(0), lit(0.0))
                .otherwise(
                    col(ModelShareWeekly.TOTAL_TOKENS)
                        .cast("double")
                        .divide(col(ModelShareWeekly.WEEK_TOTAL_TOKENS).cast("double"))))
        .withColumn(
            ModelShareWeekly.RANK,
            rank().over(weekKey.orderBy(col(ModelShareWeekly.TOTAL_TOKENS).desc())))
        .withColumn(
            ModelShareWeekly.WOW_RATIO,
            when(
                    col("_prev_tokens").isNull().or(col("_prev_tokens").equalTo(0)),
                    lit(null).cast("double"))
                .otherwise(
                    col(ModelShareWeekly.TOTAL_TOKENS)
                        .cast("double")
                        .divide(col("_prev_tokens").cast("double"))))
        .drop("_ws", "_next_week", "_prev_model", "_prev_tokens");
  }
}
