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
import org.apache.spark.sql.types.StructType;
import org.tokenstats.common.table.BronzeTables.Lineage;
import org.tokenstats.common.table.OpsTables.Submissions;

/**
 * Runs on executors: reads each submission file once (decoding, hashing, parsing, validating) and
 * streams out its accepted records, typed and with their lineage, in the target table's columns;
 * the rejected records and one summary per file go to the task's {@link SideOutput}. A file found
 * unreadable part-way gets status {@code unreadable} in its summary; the records already streamed
 * out for it never count (see {@link UsageVersions}, and the staging of prices).
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

  /**
   * Where an accepted record's values go in the target row: the typed values first, then the
   * lineage columns at these positions, with the run's values.
   */
  record Target(
      int width,
      int submission,
      int sha256,
      int lineNumber,
      int ingestedAt,
      int runId,
      Timestamp ingestedAtValue,
      String runIdValue)
      implements Serializable {
    static Target of(StructType target, Timestamp ingestedAt, String runId) {
      return new Target(
          target.size(),
          target.fieldIndex(Lineage.SUBMISSION),
          target.fieldIndex(Lineage.SUBMISSION_SHA256),
          target.fieldIndex(Lineage.LINE_NUMBER),
          target.fieldIndex(Lineage.INGESTED_AT),
          target.fieldIndex(Lineage.RUN_ID),
          ingestedAt,
          runId);
    }
  }

  private final FeedKind kind;
  private final Rules rules;
  private final Target target;
  private final Map<String, String> hadoopConf;
  private final SubmissionReader.Limits limits;
  private final SideOutput.Sinks sinks;

  SubmissionParser(
      FeedKind kind,
      Rules rules,
      Target target,
      Map<String, String> hadoopConf,
      SubmissionReader.Limits limits,
      SideOutput.Sinks sinks) {
    this.limits = limits;
    this.kind = kind;
    this.rules = rules;
    this.target = target;
    this.hadoopConf = hadoopConf;
    this.sinks = sinks;
  }

  /** The input rows' schema: each file to read, with the SHA-256 its bytes had when listed. */
  static final StructType FILES =
      new StructType().add("path", "string", false).add("sha256", "string", false);

  /** Input rows: {@link #FILES}. */
  @Override
  public Iterator<Row> call(Iterator<Row> files) {
    Configuration conf = new Configuration(false);
    hadoopConf.forEach(conf::set);
    SideOutput.Sink sink = sinks.open();
    return new Iterator<>() {
      private final ArrayDeque<Row> ready = new ArrayDeque<>();
      private FileState current;
      private boolean closed;

      @Override
      public boolean hasNext() {
        while (ready.isEmpty()) {
          if (current == null) {
            if (!files.hasNext()) {
              if (!closed) {
                closed = true;
                sink.close();
              }
              return false;
            }
            Row f = files.next();
            current = new FileState(f.getString(0), f.getString(1), conf, sink);
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

  /** Reading one file, a step at a time; false once its summary is out. */
  private final class FileState {
    private final String path;
    private final String listedSha;
    private final Configuration conf;
    private final SideOutput.Sink sink;
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

    FileState(String path, String listedSha, Configuration conf, SideOutput.Sink sink) {
      this.path = path;
      this.listedSha = listedSha;
      this.conf = conf;
      this.sink = sink;
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
              return summary(Submissions.INGESTED, null, null);
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
            return summary(Submissions.INGESTED, null, null);
          }
          if (line.isBlank()) {
            continue;
          }
          read++;
          long start = next.number();
          if (format.equals("csv") && LineParser.Csv.endsInsideQuotes(line, false)) {
            line = quotedLineBreaks(line);
          }
          record(line, start, out);
        }
        return true;
      } catch (SubmissionReader.UnreadableFile e) {
        return summary(Submissions.UNREADABLE, e.reason, e.getMessage());
      } catch (IOException e) {
        return summary(Submissions.UNREADABLE, ReasonCode.UNREADABLE_FILE, e.getMessage());
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
          return summary(Submissions.INGESTED, null, null);
        }
        read++;
        check(raw, "{" + raw.values() + "}", parquet.rowNumber(), out);
      }
      return true;
    }

    private void open() throws IOException, SubmissionReader.UnreadableFile {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      InputStream in = fs.open(p);
      reader = new SubmissionReader(in, FeedKind.isGzip(p.getName()), limits);
    }

    private void record(String line, long lineNumber, ArrayDeque<Row> out) {
      RawRecord raw;
      try {
        raw = parser.parse(line);
      } catch (LineParser.Malformed e) {
        malformed++;
        rejected(line, lineNumber, ReasonCode.MALFORMED_RECORD, e.getMessage());
        return;
      }
      check(raw, line, lineNumber, out);
    }

    private void check(RawRecord raw, String line, long lineNumber, ArrayDeque<Row> out) {
      for (String field : raw.values().keySet()) {
        if (!rules.known().contains(field)) {
          unknown.merge(field, 1L, Long::sum);
        }
      }
      Object[] typed;
      try {
        typed = rules.check(raw);
      } catch (Rejection e) {
        rejected(line, lineNumber, e.reason, e.detail());
        return;
      }
      accepted++;
      Date day = (Date) typed[rules.reportDateIndex()];
      if (firstDay == null || day.before(firstDay)) {
        firstDay = day;
      }
      if (lastDay == null || day.after(lastDay)) {
        lastDay = day;
      }
      Object[] values = new Object[target.width()];
      System.arraycopy(typed, 0, values, 0, typed.length);
      values[target.submission()] = path;
      values[target.sha256()] = listedSha;
      values[target.lineNumber()] = lineNumber;
      values[target.ingestedAt()] = target.ingestedAtValue();
      values[target.runId()] = target.runIdValue();
      out.add(RowFactory.create(values));
    }

    private void rejected(String line, long lineNumber, ReasonCode reason, String detail) {
      quarantined++;
      String raw = line.length() > MAX_RAW ? line.substring(0, MAX_RAW) : line;
      sink.rejected(new SideOutput.Rejected(path, lineNumber, raw, reason.name(), detail));
    }

    /**
     * The file's summary. The SHA-256 is of the bytes this read decoded (the whole file, read to
     * its end); for a file that could not be decoded, or a Parquet file, the one it was listed
     * with.
     */
    private boolean summary(String status, ReasonCode reason, String detail) {
      done = true;
      String sha = listedSha;
      try {
        if (reader != null && status.equals(Submissions.INGESTED)) {
          sha = reader.sha256();
        }
      } catch (IOException e) {
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
      sink.file(
          new SideOutput.FileSummary(
              path,
              sha,
              format == null ? "unknown" : format,
              unreadable ? 0L : read,
              unreadable ? 0L : accepted,
              unreadable ? 0L : quarantined,
              new HashMap<>(unknown),
              status,
              reason == null ? null : reason.name(),
              detail,
              unreadable || firstDay == null ? null : firstDay.toLocalDate(),
              unreadable || lastDay == null ? null : lastDay.toLocalDate()));
      return true;
    }
  }
}
