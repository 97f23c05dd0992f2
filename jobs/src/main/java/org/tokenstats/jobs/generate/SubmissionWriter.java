package org.tokenstats.jobs.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes one submission file in a feed format (JSON Lines or CSV with a header, optionally gzip),
 * record by record. The file appears under its final name only when closed, so a reader never sees
 * half a submission.
 */
final class SubmissionWriter implements AutoCloseable {

  /** A feed text format. */
  enum Format {
    JSONL("jsonl"),
    CSV("csv");

    final String extension;

    Format(String extension) {
      this.extension = extension;
    }
  }

  /** A record that is written as-is (a malformed line), instead of from its fields. */
  record RawLine(String text) {}

  private final Path target;
  private final Path temp;
  private final Format format;
  private final List<String> columns;
  private final Writer out;
  private long records;

  SubmissionWriter(Path target, Format format, boolean gzip, List<String> columns) {
    this.target = target;
    this.format = format;
    this.columns = columns;
    try {
      Files.createDirectories(target.getParent());
      this.temp = target.resolveSibling("." + target.getFileName() + ".tmp");
      OutputStream raw = Files.newOutputStream(temp);
      OutputStream stream = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw;
      this.out =
          new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
      if (format == Format.CSV) {
        out.write(String.join(",", columns));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  static String fileName(String stem, Format format, boolean gzip) {
    return stem + "." + format.extension + (gzip ? ".gz" : "");
  }

  /** Writes one record; values are String, Number, or absent (null / missing key). */
  void write(Map<String, Object> record) {
    try {
      if (format == Format.JSONL) {
        writeJson(record);
      } else {
        writeCsv(record);
      }
      out.write('\n');
      records++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  void writeRaw(RawLine line) {
    try {
      out.write(line.text());
      out.write('\n');
      records++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  long records() {
    return records;
  }

  private void writeJson(Map<String, Object> record) throws IOException {
    out.write('{');
    boolean first = true;
    for (Map.Entry<String, Object> e : record.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      if (!first) {
        out.write(',');
      }
      first = false;
      out.write('"');
      out.write(e.getKey());
      out.write("\":");
      Object v = e.getValue();
      if (v instanceof Number) {
        out.write(v.toString());
      } else {
        out.write('"');
        out.write(escapeJson(v.toString()));
        out.write('"');
      }
    }
    out.write('}');
  }

  private void writeCsv(Map<String, Object> record) throws IOException {
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      Object v = record.get(columns.get(i));
      if (v != null) {
        String s = v.toString();
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0;
        out.write(quote ? '"' + s.replace("\"", "\"\"") + '"' : s);
      }
    }
  }

  private static String escapeJson(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    try {
      out.close();
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish " + target, e);
    }
  }
}
