package org.tokenstats.jobs.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns one line of a submission into a {@link RawRecord}: JSON Lines or CSV. */
abstract class LineParser {

  /** The line is not a record at all (reason {@link ReasonCode#MALFORMED_RECORD}). */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String detail) {
      super(detail);
    }
  }

  abstract RawRecord parse(String line) throws Malformed;

  /** JSON Lines: one object per line; duplicate keys are malformed. */
  static final class Json extends LineParser {
    private static final JsonFactory FACTORY =
        JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    @Override
    RawRecord parse(String line) throws Malformed {
      Map<String, String> values = new HashMap<>(32); // a usage record has 14 fields
      Set<String> structured = new HashSet<>();
      try (JsonParser p = FACTORY.createParser(line)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          throw new Malformed("the line is not a JSON object");
        }
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken v = p.nextToken();
          switch (v) {
            case START_OBJECT, START_ARRAY -> {
              structured.add(name);
              p.skipChildren();
            }
            case VALUE_NULL -> {
              // JSON null means the value is absent.
            }
            default -> values.put(name, p.getText());
          }
        }
        if (t != JsonToken.END_OBJECT) {
          throw new Malformed("the JSON object is not closed");
        }
        if (p.nextToken() != null) {
          throw new Malformed("text after the JSON object");
        }
      } catch (JsonProcessingException e) {
        // Jackson appends the parser location; the line number is reported separately.
        String m = e.getOriginalMessage().replaceAll("\\s*\\(start marker at .*$", "");
        throw new Malformed("invalid JSON: " + m);
      } catch (IOException e) {
        throw new Malformed("invalid JSON: " + e.getMessage());
      }
      return new RawRecord(values, structured);
    }
  }

  /**
   * CSV after its header (RFC 4180 quoting within one line); any column order; an empty cell means
   * the value is absent; a row with another number of cells than the header is malformed.
   */
  static final class Csv extends LineParser {
    private final List<String> header;

    Csv(List<String> header) {
      this.header = header;
    }

    /** Parses a header line; null if it has duplicate or empty names. */
    static List<String> header(String line) {
      try {
        List<String> names = split(line);
        Set<String> unique = new LinkedHashSet<>();
        for (String n : names) {
          String name = n.strip();
          if (name.isEmpty() || !unique.add(name)) {
            return null;
          }
        }
        return new ArrayList<>(unique);
      } catch (Malformed e) {
        return null;
      }
    }

    @Override
    RawRecord parse(String line) throws Malformed {
      List<String> cells = split(line);
      if (cells.size() != header.size()) {
        throw new Malformed("the row has " + cells.size() + " cells, the header " + header.size());
      }
      Map<String, String> values = new HashMap<>();
      for (int i = 0; i < cells.size(); i++) {
        String cell = cells.get(i);
        if (!cell.isEmpty()) {
          values.put(header.get(i), cell);
        }
      }
      return new RawRecord(values, Set.of());
    }

    /**
     * Whether {@code line} ends inside a quoted cell: RFC 4180 lets a quoted cell hold line breaks,
     * so the record goes on on the next line. Quotes are read as {@link #split} reads them (a quote
     * opens a cell only at its start; {@code ""} inside is one quote). {@code quotedAtStart}: the
     * line continues a record whose previous line ended inside quotes (the line break is then part
     * of the cell). One pass over the line, so a record of many lines costs no more than its
     * length.
     */
    static boolean endsInsideQuotes(CharSequence line, boolean quotedAtStart) {
      boolean quoted = quotedAtStart;
      boolean atCellStart = !quotedAtStart;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quoted) {
          if (c == '"') {
            if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
              i++;
            } else {
              quoted = false;
            }
          }
        } else if (c == ',') {
          atCellStart = true;
        } else {
          quoted = c == '"' && atCellStart;
          atCellStart = false;
        }
      }
      return quoted;
    }

    static List<String> split(String line) throws Malformed {
      List<String> cells = new ArrayList<>();
      StringBuilder cell = new StringBuilder();
      boolean quoted = false;
      boolean wasQuoted = false;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quoted) {
          if (c == '"') {
            if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
              cell.append('"');
              i++;
            } else {
              quoted = false;
            }
          } else {
            cell.append(c);
          }
        } else if (c == ',') {
          cells.add(cell.toString());
          cell.setLength(0);
          wasQuoted = false;
        } else if (c == '"' && cell.length() == 0 && !wasQuoted) {
          quoted = true;
          wasQuoted = true;
        } else if (c == '"') {
          throw new Malformed(
              "a quote inside an unquoted cell (column " + (cells.size() + 1) + ")");
        } else if (wasQuoted) {
          throw new Malformed("text after a closing quote (column " + (cells.size() + 1) + ")");
        } else {
          cell.append(c);
        }
      }
      if (quoted) {
        throw new Malformed("an unterminated quote (column " + (cells.size() + 1) + ")");
      }
      cells.add(cell.toString());
      return cells;
    }
  }
}
