package org.tokenstats.jobs.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.tokenstats.common.table.OpsTables.Submissions;

/**
 * Runs on executors: reads each submission file once (decoding, hashing, parsing, validating) and
 * streams out staging rows (see {@link IngestSchemas}): one per accepted or rejected record and,
 * last, one summary per file. A file found unreadable part-way gets status {@code unreadable} in
 * its summary; the driver then drops the rows already emitted for it.
 */
final class SubmissionParser implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private static final int MAX_RAW = 65_536;

  /** One record's validation: typed values, or a rejection with its reason. */
  interface RecordRules extends Serializable {
    Object[] check(RawRecord record) throws Rejection;
  }

  /**
   * What a parsing task needs of a feed: its record rules, the fields the feed defines (others are
   * counted as unknown), and where the report_date is among the typed values.
   */
  record Rules(RecordRules rules, Set<String> known, int reportDateIndex) implements Serializable {
    Object[] check(RawRecord record) throws Rejection {
      return rules.check(record);
    }
  }

  static Rules usage(UsageRules rules) {
    return new Rules(rules, UsageRules.KNOWN, IngestSchemas.USAGE_TYPED.fieldIndex("report_date"));
  }

  static Rules prices(PriceRules rules) {
    return new Rules(rules, PriceRules.KNOWN, IngestSchemas.PRICE_TYPED.fieldIndex("report_date"));
  }

  private final FeedKind kind;
  private final Rules rules;
  private final int typedWidth;
  private final Map<String, String> hadoopConf;
  private final SubmissionReader.Limits limits;

  SubmissionParser(
      FeedKind kind,
      Rules rules,
      int typedWidth,
      Map<String, String> hadoopConf,
      SubmissionReader.Limits limits) {
    this.limits = limits;
    this.kind = kind;
    this.rules = rules;
    this.typedWidth = typedWidth;
    this.hadoopConf = hadoopConf;
  }

  /** Input rows: (path, size_bytes, modified_at). */
  @Override
  public Iterator<Row> call(Iterator<Row> files) {
    Configuration conf = new Configuration(false);
    hadoopConf.forEach(conf::set);
    return new Iterator<>() {
      private final ArrayDeque<Row> ready = new ArrayDeque<>();
      private FileState current;

      @Override
      public boolean hasNext() {
        while (ready.isEmpty()) {
          if (current == null) {
            if (!files.hasNext()) {
              return false;
            }
            Row f = files.next();
            current = new FileState(f.getString(0), f.getLong(1), f.getTimestamp(2), conf);
          }
          if (!current.step(ready)) {
            current = null;
          }
        }
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }
    };
  }

  /** A line of a text submission and its 1-based number. */
  private record Line(String text, long number) {}

  /** Reading one file: emits at least one row per step; false once its summary is out. */
  private final class FileState {
    private final String path;
    private final long size;
    private final Timestamp modified;
    private final Configuration conf;
    private final String format;
    private SubmissionReader reader;
    private ParquetRecords parquet;
    private LineParser parser;
    private long read;
    private long accepted;
    private long malformed;
    private long quarantined;
    private Date firstDay;
    private Date lastDay;
    private final Map<String, Long> unknown = new HashMap<>();
    private boolean done;

    /** Lines read ahead for a CSV record that turned out not to continue: read again next. */
    private final ArrayDeque<Line> lookahead = new ArrayDeque<>();

    FileState(String path, long size, Timestamp modified, Configuration conf) {
      this.path = path;
      this.size = size;
      this.modified = modified;
      this.conf = conf;
      this.format = FeedKind.formatOf(new Path(path).getName(), kind);
    }

    boolean step(ArrayDeque<Row> out) {
      if (done) {
        return false;
      }
      try {
        if (format == null) {
          throw new SubmissionReader.UnreadableFile(
              ReasonCode.UNSUPPORTED_FILE,
              "unsupported file name; use .jsonl, .jsonl.gz, .csv, .csv.gz or .parquet",
              null);
        }
        if (format.equals("parquet")) {
          return stepParquet(out);
        }
        if (reader == null) {
          open();
          if (format.equals("csv")) {
            String headerLine = reader.nextLine();
            if (headerLine == null) {
              return summary(out, Submissions.INGESTED, null, null);
            }
            List<String> header = LineParser.Csv.header(headerLine);
            if (header == null || header.stream().noneMatch(rules.known()::contains)) {
              throw new SubmissionReader.UnreadableFile(
                  ReasonCode.WRONG_FORMAT,
                  "the first line is not a CSV header naming feed fields",
                  null);
            }
            parser = new LineParser.Csv(header);
          } else {
            parser = new LineParser.Json();
          }
        }
        for (int i = 0; i < 1024; i++) {
          Line next = nextLine();
          String line = next == null ? null : next.text();
          if (line == null) {
            if (format.equals("jsonl") && read > 0 && malformed == read) {
              throw new SubmissionReader.UnreadableFile(
                  ReasonCode.WRONG_FORMAT, "no line of the file is a JSON object", null);
            }
            return summary(out, Submissions.INGESTED, null, null);
          }
          if (line.isBlank()) {
            continue;
          }
          read++;
          long start = next.number();
          if (format.equals("csv") && LineParser.Csv.endsInsideQuotes(line, false)) {
            line = quotedLineBreaks(line);
          }
          out.add(record(line, start));
        }
        return true;
      } catch (SubmissionReader.UnreadableFile e) {
        return summary(out, Submissions.UNREADABLE, e.reason, e.getMessage());
      } catch (IOException e) {
        return summary(out, Submissions.UNREADABLE, ReasonCode.UNREADABLE_FILE, e.getMessage());
      }
    }

    private Line nextLine() throws SubmissionReader.UnreadableFile {
      if (!lookahead.isEmpty()) {
        return lookahead.poll();
      }
      String text = reader.nextLine();
      return text == null ? null : new Line(text, reader.lineNumber());
    }

    /**
     * A CSV record whose quoted cell holds line breaks (RFC 4180): the following lines up to the
     * one that closes the quote, joined with LF. The record keeps the number of the line it starts
     * on. A quote that never closes (within {@code tokenstats.ingest.max-line-bytes}, or before the
     * end of the file) is a broken line, not a cell: the first line alone is the record (and
     * MALFORMED_RECORD), and the lines after it are read again as records of their own.
     */
    private String quotedLineBreaks(String first) throws SubmissionReader.UnreadableFile {
      StringBuilder record = new StringBuilder(first);
      List<Line> taken = new ArrayList<>();
      while (true) {
        Line more = nextLine();
        if (more == null || record.length() + 1 + more.text().length() > limits.maxLineBytes()) {
          if (more != null) {
            taken.add(more);
          }
          for (int i = taken.size() - 1; i >= 0; i--) {
            lookahead.addFirst(taken.get(i));
          }
          return first;
        }
        taken.add(more);
        record.append('\n').append(more.text());
        if (!LineParser.Csv.endsInsideQuotes(more.text(), true)) {
          return record.toString();
        }
      }
    }

    private boolean stepParquet(ArrayDeque<Row> out) throws SubmissionReader.UnreadableFile {
      if (parquet == null) {
        parquet = new ParquetRecords(path, conf, limits.maxFileBytes());
      }
      for (int i = 0; i < 1024; i++) {
        RawRecord raw = parquet.next();
        if (raw == null) {
          parquet.close();
          return summary(out, Submissions.INGESTED, null, null);
        }
        read++;
        out.add(check(raw, "{" + raw.values() + "}", parquet.rowNumber()));
      }
      return true;
    }

    private void open() throws IOException, SubmissionReader.UnreadableFile {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      InputStream in = fs.open(p);
      reader = new SubmissionReader(in, FeedKind.isGzip(p.getName()), limits);
    }

    private Row record(String line, long lineNumber) {
      RawRecord raw;
      try {
        raw = parser.parse(line);
      } catch (LineParser.Malformed e) {
        malformed++;
        quarantined++;
        return rejected(line, lineNumber, ReasonCode.MALFORMED_RECORD, e.getMessage());
      }
      return check(raw, line, lineNumber);
    }

    private Row check(RawRecord raw, String line, long lineNumber) {
      for (String field : raw.values().keySet()) {
        if (!rules.known().contains(field)) {
          unknown.merge(field, 1L, Long::sum);
        }
      }
      try {
        Object[] typed = rules.check(raw);
        accepted++;
        Date day = (Date) typed[rules.reportDateIndex()];
        if (firstDay == null || day.before(firstDay)) {
          firstDay = day;
        }
        if (lastDay == null || day.after(lastDay)) {
          lastDay = day;
        }
        Object[] values = base(IngestSchemas.ACCEPTED, lineNumber, null, null, null);
        System.arraycopy(typed, 0, values, IngestSchemas.META, typed.length);
        return RowFactory.create(values);
      } catch (Rejection e) {
        quarantined++;
        return rejected(line, lineNumber, e.reason, e.detail());
      }
    }

    private Row rejected(String line, long lineNumber, ReasonCode reason, String detail) {
      String raw = line.length() > MAX_RAW ? line.substring(0, MAX_RAW) : line;
      return RowFactory.create(
          base(IngestSchemas.REJECTED, lineNumber, raw, reason.name(), detail));
    }

    private Object[] base(String type, Long line, String raw, String reason, String detail) {
      Object[] v = new Object[IngestSchemas.META + typedWidth + IngestSchemas.SUMMARY];
      v[0] = type;
      v[1] = path;
      v[2] = line;
      v[3] = raw;
      v[4] = reason;
      v[5] = detail;
      return v;
    }

    private boolean summary(ArrayDeque<Row> out, String status, ReasonCode reason, String detail) {
      done = true;
      String sha;
      try {
        if (reader != null && status.equals(Submissions.INGESTED)) {
          sha = reader.sha256();
        } else {
          Path p = new Path(path);
          try (InputStream in = p.getFileSystem(conf).open(p)) {
            sha = SubmissionReader.sha256Of(in);
          }
        }
      } catch (IOException e) {
        sha = "unreadable:" + path;
        status = Submissions.UNREADABLE;
        reason = ReasonCode.UNREADABLE_FILE;
        detail = "cannot read: " + e.getMessage();
      } finally {
        if (reader != null) {
          reader.close();
        }
        if (parquet != null) {
          parquet.close();
        }
      }
      boolean unreadable = status.equals(Submissions.UNREADABLE);
      Object[] v =
          base(IngestSchemas.FILE, null, null, reason == null ? null : reason.name(), detail);
      int i = IngestSchemas.META + typedWidth;
      v[i] = sha;
      v[i + 1] = format == null ? "unknown" : format;
      v[i + 2] = size;
      v[i + 3] = unreadable ? 0L : read;
      v[i + 4] = unreadable ? 0L : accepted;
      v[i + 5] = unreadable ? 0L : quarantined;
      v[i + 6] =
          scala.jdk.javaapi.CollectionConverters.asScala(
              unknown); // the row encoder wants a Scala map
      v[i + 7] = status;
      v[i + 8] = unreadable ? null : firstDay;
      v[i + 9] = unreadable ? null : lastDay;
      v[i + 10] = modified;
      out.add(RowFactory.create(v));
      return true;
    }
  }
}
