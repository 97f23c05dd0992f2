package org.tokenstats.jobs.notebook;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.tokenstats.jobs.command.TextTable;
import org.tokenstats.jobs.release.ReleaseDocuments;

/**
 * How a cell's value appears: a Dataset as an HTML table (and a plain-text one for nbconvert's text
 * outputs) of at most the configured number of rows, a {@link Chart} as a PNG; anything else by the
 * protocol library's renderer ({@code toString}).
 */
final class Displays {
  private Displays() {}

  static DisplayData of(Object value, int maxRows) {
    if (value instanceof DisplayData d) {
      return d;
    }
    if (value instanceof Dataset<?> data) {
      return table(data, maxRows);
    }
    if (value instanceof Chart chart) {
      return image(chart);
    }
    return BaseKernel.notebookKernel().getRenderer().render(value);
  }

  static DisplayData image(Chart chart) {
    DisplayData out = new DisplayData(chart.toString());
    out.putData("image/png", Base64.getEncoder().encodeToString(chart.png()));
    return out;
  }

  static DisplayData table(Dataset<?> data, int maxRows) {
    Dataset<Row> frame = data.toDF();
    List<Row> rows = frame.limit(maxRows + 1).collectAsList();
    boolean more = rows.size() > maxRows;
    List<Row> shown = more ? rows.subList(0, maxRows) : rows;
    String[] columns = frame.columns();
    String footer =
        more
            ? "first " + maxRows + " rows shown (tokenstats.notebook.max-rows); more not shown"
            : shown.size() + (shown.size() == 1 ? " row" : " rows");

    ByteArrayOutputStream text = new ByteArrayOutputStream();
    try (PrintStream p = new PrintStream(text, true, StandardCharsets.UTF_8)) {
      TextTable.print(p, columns, shown, footer);
    }
    DisplayData out = new DisplayData(text.toString(StandardCharsets.UTF_8));
    out.putHTML(html(columns, shown, footer));
    return out;
  }

  private static String html(String[] columns, List<Row> rows, String footer) {
    StringBuilder b = new StringBuilder("<table class=\"tokenstats\">\n<thead><tr>");
    for (String c : columns) {
      b.append("<th>").append(escape(c)).append("</th>");
    }
    b.append("</tr></thead>\n<tbody>\n");
    for (Row r : rows) {
      b.append("<tr>");
      for (int i = 0; i < columns.length; i++) {
        Object v = r.get(i);
        if (v == null) {
          b.append("<td style=\"color:#999\">null</td>");
        } else if (v instanceof Number) {
          b.append("<td style=\"text-align:right\">").append(escape(v.toString())).append("</td>");
        } else {
          b.append("<td>").append(escape(v.toString())).append("</td>");
        }
      }
      b.append("</tr>\n");
    }
    b.append("</tbody>\n</table>\n<p><small>").append(escape(footer)).append("</small></p>");
    return b.toString();
  }

  private static String escape(String s) {
    return ReleaseDocuments.html(s);
  }
}
