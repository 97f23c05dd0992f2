package org.tokenstats.common.testing;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Whole-result comparisons for Datasets that, on failure, print exactly the rows that differ
 * (missing and unexpected), so a failing measure test says what is wrong rather than "false".
 */
public final class DatasetAssert {
  private DatasetAssert() {}

  /** Shorthand for an expected row. */
  public static Row row(Object... values) {
    return RowFactory.create(values);
  }

  /**
   * Asserts that {@code actual}, projected on {@code columns} (names or SQL expressions), holds
   * exactly {@code expected} (as a multiset; order ignored).
   */
  public static void assertRows(Dataset<Row> actual, List<String> columns, List<Row> expected) {
    Dataset<Row> projected = actual.selectExpr(columns.toArray(String[]::new));
    List<Row> actualRows = projected.collectAsList();
    Map<List<Object>, Integer> remaining = new HashMap<>();
    for (Row r : expected) {
      remaining.merge(values(r), 1, Integer::sum);
    }
    List<Row> unexpected = new ArrayList<>();
    for (Row r : actualRows) {
      List<Object> key = values(r);
      Integer n = remaining.get(key);
      if (n == null) {
        unexpected.add(r);
      } else if (n == 1) {
        remaining.remove(key);
      } else {
        remaining.put(key, n - 1);
      }
    }
    if (!unexpected.isEmpty() || !remaining.isEmpty()) {
      String missing =
          remaining.entrySet().stream()
              .map(e -> "  - " + e.getKey() + (e.getValue() > 1 ? " ×" + e.getValue() : ""))
              .collect(Collectors.joining("\n"));
      String extra =
          unexpected.stream().map(r -> "  + " + values(r)).collect(Collectors.joining("\n"));
      fail(
          "Rows differ on %s (%d actual, %d expected)%nmissing (expected, not found):%n%s%n"
              + "unexpected (found, not expected):%n%s",
          columns, actualRows.size(), expected.size(), missing, extra);
    }
  }

  /** Asserts two Datasets hold the same rows on {@code columns} (multiset, order ignored). */
  public static void assertSameRows(
      Dataset<Row> actual, Dataset<Row> expected, List<String> columns) {
    List<Row> expectedRows = expected.selectExpr(columns.toArray(String[]::new)).collectAsList();
    assertRows(actual, columns, expectedRows);
  }

  private static List<Object> values(Row r) {
    List<Object> out = new ArrayList<>(r.size());
    for (int i = 0; i < r.size(); i++) {
      Object v = r.get(i);
      out.add(v instanceof Object[] a ? Arrays.asList(a) : v);
    }
    return out;
  }
}
