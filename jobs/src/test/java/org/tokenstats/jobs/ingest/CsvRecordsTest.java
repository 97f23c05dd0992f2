package org.tokenstats.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 4180 across lines: a quoted CSV cell may hold a line break; the record is accepted and keeps
 * the number of the line it starts on. A quote that never closes is one broken line, and the lines
 * after it are records of their own.
 */
class CsvRecordsTest {
  static final StructType TARGET = org.tokenstats.common.table.BronzeTables.Usage.DEF.schema();
  static final String HEADER =
      "record_id,provider_id,event_time,model_id,region_code,input_tokens,output_tokens";

  /** Keeps a task's side output in memory (the parser runs here outside Spark). */
  static final class Kept implements SideOutput.Sink {
    final List<SideOutput.Rejected> rejected = new ArrayList<>();
    final List<SideOutput.FileSummary> files = new ArrayList<>();
    boolean closed;

    @Override
    public void rejected(SideOutput.Rejected r) {
      rejected.add(r);
    }

    @Override
    public void file(SideOutput.FileSummary f) {
      files.add(f);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /**
   * (A for accepted or R for rejected, line number, reason code, model id) of every record the
   * parser reads, in line order.
   */
  static List<String> parse(Path dir, String csv, long maxLineBytes) throws Exception {
    Path file = dir.resolve("usage.csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    Kept kept = new Kept();
    SubmissionParser parser =
        new SubmissionParser(
            FeedKind.USAGE,
            SubmissionParser.usage(UsageRulesTest.RULES),
            SubmissionParser.Target.of(TARGET, new Timestamp(System.currentTimeMillis()), "run-1"),
            Map.of(),
            new SubmissionReader.Limits(maxLineBytes, Long.MAX_VALUE),
            () -> kept);
    Iterator<Row> rows = parser.call(List.of(RowFactory.create(file.toString(), "sha")).iterator());
    Map<Long, String> byLine = new TreeMap<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      Object model = r.get(TARGET.fieldIndex("model_id_reported"));
      byLine.put(
          r.getLong(TARGET.fieldIndex("line_number")),
          "A "
              + r.getLong(TARGET.fieldIndex("line_number"))
              + " null "
              + (model == null ? null : model.toString().replace("\n", "\\n")));
    }
    for (SideOutput.Rejected r : kept.rejected) {
      byLine.put(r.line(), "R " + r.line() + " " + r.reason() + " null");
    }
    assertThat(kept.closed).as("the side output is published when the task is done").isTrue();
    assertThat(kept.files)
        .singleElement()
        .satisfies(f -> assertThat(f.read()).isEqualTo(byLine.size()));
    return new ArrayList<>(byLine.values());
  }

  @Test
  void aQuotedCellMayHoldLineBreaks(@TempDir Path dir) throws Exception {
    String csv =
        HEADER
            + "\n"
            + "r1,p1,2026-03-14T10:00:00+08:00,\"chat\nmodel, two lines\",CN-JS,10,5\n"
            + "r2,p1,2026-03-14T10:00:00+08:00,\"three\r\n\nlines\",CN-JS,10,5\n"
            + "r3,p1,2026-03-14T10:00:00+08:00,plain,CN-JS,10,5\n";
    assertThat(parse(dir, csv, 1 << 20))
        .containsExactly(
            "A 2 null chat\\nmodel, two lines", "A 4 null three\\n\\nlines", "A 7 null plain");
  }

  @Test
  void aQuoteThatNeverClosesIsOneMalformedLineAndTheRestAreRead(@TempDir Path dir)
      throws Exception {
    String good = "p1,2026-03-14T10:00:00+08:00,m,CN-JS,10,5\n";
    String csv =
        HEADER
            + "\n"
            + "r1,"
            + good
            + "r2,p1,2026-03-14T10:00:00+08:00,\"open,CN-JS,10,5\n"
            + "r3,"
            + good
            + "r4,"
            + good;
    assertThat(parse(dir, csv, 1 << 20))
        .containsExactly("A 2 null m", "R 3 MALFORMED_RECORD null", "A 4 null m", "A 5 null m");
    // The same when the quote would close only beyond the longest record allowed.
    String late = csv + "r5,p1,2026-03-14T10:00:00+08:00,\"x\",CN-JS,10,5\n";
    assertThat(parse(dir, late, 120))
        .containsExactly(
            "A 2 null m", "R 3 MALFORMED_RECORD null", "A 4 null m", "A 5 null m", "A 6 null x");
  }
}
