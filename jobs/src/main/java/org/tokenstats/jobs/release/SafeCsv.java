package org.tokenstats.jobs.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CSV as a release writes it: RFC 4180 (CRLF line ends, fields with a comma, quote, line break or
 * edge space quoted, quotes doubled), UTF-8 without byte-order mark, numbers as plain decimals.
 *
 * <p>Text cells are data, never formulas (OWASP CSV injection): a text cell that a spreadsheet
 * would evaluate, one starting with {@code = + - @}, a tab or a carriage return (or their
 * full-width forms), gets a leading apostrophe and is quoted. Numeric columns are written as
 * numbers and checked to be plain decimals, so a negative number stays a number.
 */
public final class SafeCsv {
  private SafeCsv() {}

  static final String CRLF = "\r\n";
  private static final Pattern PLAIN_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
  private static final Set<Integer> FORMULA_STARTS =
      Set.of(
          (int) '=',
          (int) '+',
          (int) '-',
          (int) '@',
          (int) '\t',
          (int) '\r',
          0xFF1D,
          0xFF0B,
          0xFF0D,
          0xFF20);

  /**
   * The whole file: a header row, then the rows. Columns named in {@code numericColumns} must hold
   * plain decimals or nothing.
   */
  public static String write(List<String> header, List<List<String>> rows, Set<String> numeric) {
    StringBuilder out = new StringBuilder();
    line(out, header, Set.of(), header);
    for (List<String> row : rows) {
      if (row.size() != header.size()) {
        throw new IllegalArgumentException(
            "row has " + row.size() + " cells, header " + header.size() + ": " + row);
      }
      line(out, row, numeric, header);
    }
    return out.toString();
  }

  private static void line(
      StringBuilder out, List<String> cells, Set<String> numeric, List<String> header) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      String cell = cells.get(i) == null ? "" : cells.get(i);
      if (numeric.contains(header.get(i))) {
        if (!cell.isEmpty() && !PLAIN_NUMBER.matcher(cell).matches()) {
          throw new IllegalArgumentException(
              "column " + header.get(i) + " must be a plain decimal number: " + cell);
        }
        out.append(cell);
      } else {
        out.append(text(cell));
      }
    }
    out.append(CRLF);
  }

  /** One text cell, neutralised and quoted as needed. */
  static String text(String cell) {
    String safe = cell;
    boolean formula = !cell.isEmpty() && FORMULA_STARTS.contains(cell.codePointAt(0));
    if (formula) {
      safe = "'" + cell;
    }
    boolean quote =
        formula
            || safe.indexOf(',') >= 0
            || safe.indexOf('"') >= 0
            || safe.indexOf('\n') >= 0
            || safe.indexOf('\r') >= 0
            || (!safe.isEmpty()
                && (Character.isWhitespace(safe.charAt(0))
                    || Character.isWhitespace(safe.charAt(safe.length() - 1))));
    return quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
  }

  /** Parses RFC 4180 text (either line end) into rows of cells; used to read earlier releases. */
  public static List<List<String>> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cell.append(c);
        }
        continue;
      }
      switch (c) {
        case '"' -> {
          quoted = true;
          any = true;
        }
        case ',' -> {
          row.add(cell.toString());
          cell.setLength(0);
          any = true;
        }
        case '\r' -> {}
        case '\n' -> {
          row.add(cell.toString());
          rows.add(row);
          row = new ArrayList<>();
          cell.setLength(0);
          any = false;
        }
        default -> {
          cell.append(c);
          any = true;
        }
      }
    }
    if (any) {
      row.add(cell.toString());
      rows.add(row);
    }
    return rows;
  }

  /** Undoes the formula guard of {@link #text}: the registry's own text. */
  static String unguard(String cell) {
    return cell.length() > 1
            && cell.charAt(0) == '\''
            && FORMULA_STARTS.contains(cell.codePointAt(1))
        ? cell.substring(1)
        : cell;
  }
}
