package org.tokenstats.common.table;

import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tokenstats.common.testing.SparkExtension;

/** One value for a day set's Column and replaceWhere text; one key for a table's MERGE. */
@ExtendWith(SparkExtension.class)
class DaySetTest {

  @Test
  void theColumnAndTheSqlTextSelectTheSameRows(SparkSession spark) {
    List<Row> rows = new java.util.ArrayList<>();
    for (LocalDate d = LocalDate.of(2026, 2, 26);
        d.isBefore(LocalDate.of(2026, 3, 6));
        d = d.plusDays(1)) {
      rows.add(RowFactory.create(Date.valueOf(d)));
    }
    rows.add(RowFactory.create((Object) null));
    Dataset<Row> days =
        spark.createDataFrame(rows, new StructType().add("report_date", DataTypes.DateType, true));
    for (List<LocalDate> set :
        List.of(
            List.of(LocalDate.of(2026, 2, 28), LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 5)),
            List.of(LocalDate.of(2026, 3, 2)),
            List.of(LocalDate.of(2025, 1, 1)),
            List.<LocalDate>of())) {
      DaySet s = DaySet.of("report_date", set);
      List<Row> byColumn = days.filter(s.filter()).orderBy("report_date").collectAsList();
      List<Row> bySql = days.filter(expr(s.sql())).orderBy("report_date").collectAsList();
      assertThat(bySql).as(s.sql()).isEqualTo(byColumn);
      assertThat(byColumn).hasSize((int) set.stream().filter(d -> d.getYear() == 2026).count());
    }
    assertThat(
            DaySet.of("report_date", List.of(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 1)))
                .sql())
        .isEqualTo("report_date IN (DATE'2026-03-01', DATE'2026-03-02')");
  }

  @Test
  void aTablesKeyGivesItsMergeConditionNullSafeWhereTheColumnMayBeNull() {
    assertThat(BronzeTables.Usage.DEF.mergeCondition())
        .isEqualTo("t.provider_id = s.provider_id AND t.record_id = s.record_id");
    assertThat(BronzeTables.Quarantine.DEF.mergeCondition())
        .isEqualTo(
            "t.submission_sha256 = s.submission_sha256 AND t.submission = s.submission"
                + " AND t.line_number <=> s.line_number");
    assertThat(OpsTables.Submissions.DEF.key()).containsExactly("path", "sha256");
    assertThatThrownBy(() -> GoldTables.TokenDaily.DEF.mergeCondition())
        .hasMessageContaining("gold.token_daily declares no key");
    assertThatThrownBy(() -> TableDef.builder("x", "y").key("nope").build())
        .hasMessageContaining("key column not in schema: nope");
  }
}
