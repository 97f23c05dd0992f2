package org.tokenstats.jobs.curate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.tokenstats.common.table.OpsTables.CuratedDays;
import org.tokenstats.common.table.OpsTables.TouchedDays;
import org.tokenstats.common.table.Warehouse;

/**
 * Reporting days whose inputs changed after they were last curated: a day in {@code
 * ops.touched_days} with a {@code touched_at} later than its latest {@code ops.curated_days} entry
 * (or none). What {@code curate} recomputes and {@code status} reports.
 */
public final class PendingDays {
  private PendingDays() {}

  /** The pending days, in order (none on a warehouse that has no such tables yet). */
  public static List<LocalDate> in(Warehouse warehouse) {
    Dataset<Row> touched =
        warehouse
            .readIfPresent(TouchedDays.DEF)
            .groupBy(TouchedDays.REPORT_DATE)
            .agg(max(TouchedDays.TOUCHED_AT).as("_touched"));
    Dataset<Row> curated =
        warehouse
            .readIfPresent(CuratedDays.DEF)
            .groupBy(col(CuratedDays.REPORT_DATE).as("_day"))
            .agg(max(CuratedDays.CURATED_AT).as("_curated"));
    List<LocalDate> out = new ArrayList<>();
    for (Row r :
        touched
            .join(curated, col(TouchedDays.REPORT_DATE).equalTo(col("_day")), "left")
            .filter(col("_curated").isNull().or(col("_curated").lt(col("_touched"))))
            .select(TouchedDays.REPORT_DATE)
            .orderBy(TouchedDays.REPORT_DATE)
            .collectAsList()) {
      out.add(r.getDate(0).toLocalDate());
    }
    return out;
  }
}
