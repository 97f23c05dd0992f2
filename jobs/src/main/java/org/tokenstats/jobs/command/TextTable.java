package org.tokenstats.jobs.command;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.Row;

/** Rows as a plain fixed-width text table: what {@code sql}, {@code status} and notebooks print. */
public final class TextTable {
  private TextTable() {}

  /** A plain fixed-width table: every value in full, nulls shown as NULL, then the row count. */
  public static void print(PrintStream out, String[] columns, List<Row> rows) {
    print(out, columns, rows, rows.size() + (rows.size() == 1 ? " row" : " rows"));
  }

  /** The same table with {@code footer} as its last line. */
  public static void print(PrintStream out, String[] columns, List<Row> rows, String footer) {
    int[] widths = new int[columns.length];
    List<String[]> cells = new java.util.ArrayList<>();
    for (int c = 0; c < columns.length; c++) {
      widths[c] = columns[c].length();
    }
    for (Row row : rows) {
      String[] line = new String[columns.length];
      for (int c = 0; c < columns.length; c++) {
        Object v = row.get(c);
        line[c] = v == null ? "NULL" : v.toString();
        widths[c] = Math.max(widths[c], line[c].length());
      }
      cells.add(line);
    }
    StringBuilder rule = new StringBuilder("+");
    for (int w : widths) {
      rule.append("-".repeat(w + 2)).append('+');
    }
    out.println(rule);
    out.println(formatLine(columns, widths));
    out.println(rule);
    for (String[] line : cells) {
      out.println(formatLine(line, widths));
    }
    out.println(rule);
    out.println(footer);
  }

  private static String formatLine(String[] values, int[] widths) {
    StringBuilder b = new StringBuilder("|");
    for (int c = 0; c < values.length; c++) {
      b.append(' ')
          .append(values[c])
          .append(" ".repeat(widths[c] - values[c].length()))
          .append(" |");
    }
    return b.toString();
  }
}
