package org.tokenstats.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class SubmissionReaderTest {
  static final SubmissionReader.Limits NO_LIMITS =
      new SubmissionReader.Limits(Long.MAX_VALUE, Long.MAX_VALUE);

  static List<String> lines(byte[] bytes, boolean gzip) throws Exception {
    List<String> out = new ArrayList<>();
    try (SubmissionReader r =
        new SubmissionReader(new ByteArrayInputStream(bytes), gzip, NO_LIMITS)) {
      for (String l = r.nextLine(); l != null; l = r.nextLine()) {
        out.add(l);
      }
    }
    return out;
  }

  static byte[] gzip(byte[] bytes) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(b)) {
      g.write(bytes);
    }
    return b.toByteArray();
  }

  @Test
  void bomAndCrlfAreIgnoredAndTheLastLineNeedsNoNewline() throws Exception {
    byte[] text = "\uFEFFa,b\r\n1,2\r\n3,é".getBytes(StandardCharsets.UTF_8);
    assertThat(lines(text, false)).containsExactly("a,b", "1,2", "3,é");
    assertThat(lines(gzip(text), true)).containsExactly("a,b", "1,2", "3,é");
  }

  @Test
  void theHashIsTheSha256OfTheFilesBytes() throws Exception {
    byte[] file = gzip("{\"a\":1}\n{\"a\":2}\n".getBytes(StandardCharsets.UTF_8));
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
    try (SubmissionReader r =
        new SubmissionReader(new ByteArrayInputStream(file), true, NO_LIMITS)) {
      r.nextLine(); // read part of it only
      assertThat(r.sha256()).isEqualTo(expected);
    }
    assertThat(SubmissionReader.sha256Of(new ByteArrayInputStream(file))).isEqualTo(expected);
  }

  @Test
  void truncatedOrFakeGzipAndInvalidUtf8MakeTheFileUnreadable() throws Exception {
    byte[] full = gzip("x\n".repeat(10_000).getBytes(StandardCharsets.UTF_8));
    byte[] truncated = Arrays.copyOf(full, full.length / 2);
    assertThatThrownBy(() -> lines(truncated, true))
        .isInstanceOfSatisfying(
            SubmissionReader.UnreadableFile.class,
            e -> assertThat(e.reason).isEqualTo(ReasonCode.CORRUPT_GZIP));
    assertThatThrownBy(() -> lines("plain text".getBytes(StandardCharsets.UTF_8), true))
        .isInstanceOfSatisfying(
            SubmissionReader.UnreadableFile.class,
            e -> assertThat(e.reason).isEqualTo(ReasonCode.CORRUPT_GZIP));
    byte[] latin1 = "ok\nna\u00efve\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> lines(latin1, false))
        .isInstanceOfSatisfying(
            SubmissionReader.UnreadableFile.class,
            e -> {
              assertThat(e.reason).isEqualTo(ReasonCode.INVALID_UTF8);
              assertThat(e.getMessage()).contains("line 2");
            });
  }

  /** A gzip of a few kilobytes whose single line inflates to {@code bytes} bytes. */
  static byte[] bomb(long bytes) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(b)) {
      byte[] chunk = new byte[1 << 20];
      Arrays.fill(chunk, (byte) 'a');
      for (long left = bytes; left > 0; left -= chunk.length) {
        g.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
    }
    return b.toByteArray();
  }

  @Test
  void aLineOrAFileBeyondItsBoundIsTooLargeAndNeverHeldWhole() throws Exception {
    byte[] bomb = bomb(64L << 20);
    assertThat(bomb.length).as("64 MiB of one line, gzipped").isLessThan(200_000);
    SubmissionReader.Limits limits = new SubmissionReader.Limits(1 << 20, 1L << 30);
    try (SubmissionReader r = new SubmissionReader(new ByteArrayInputStream(bomb), true, limits)) {
      assertThatThrownBy(r::nextLine)
          .isInstanceOfSatisfying(
              SubmissionReader.UnreadableFile.class,
              e -> {
                assertThat(e.reason).isEqualTo(ReasonCode.TOO_LARGE);
                assertThat(e.getMessage())
                    .contains("line 1 is longer than 1048576 bytes")
                    .contains("tokenstats.ingest.max-line-bytes");
              });
    }
    // Many short lines: the file's inflated size is what is bounded.
    byte[] many = gzip("x\n".repeat(100_000).getBytes(StandardCharsets.UTF_8));
    SubmissionReader.Limits small = new SubmissionReader.Limits(1 << 20, 100_000);
    assertThatThrownBy(
            () -> {
              try (SubmissionReader r =
                  new SubmissionReader(new ByteArrayInputStream(many), true, small)) {
                while (r.nextLine() != null) {
                  // read on
                }
              }
            })
        .isInstanceOfSatisfying(
            SubmissionReader.UnreadableFile.class,
            e -> {
              assertThat(e.reason).isEqualTo(ReasonCode.TOO_LARGE);
              assertThat(e.getMessage()).contains("tokenstats.ingest.max-file-bytes");
            });
    // Within both bounds a file reads as before.
    assertThat(lines("a\nb\n".getBytes(StandardCharsets.UTF_8), false)).containsExactly("a", "b");
  }

  @Test
  void csvCellsFollowRfc4180WithinALine() throws Exception {
    assertThat(LineParser.Csv.split("a,\"b,c\",\"say \"\"hi\"\"\","))
        .containsExactly("a", "b,c", "say \"hi\"", "");
    assertThatThrownBy(() -> LineParser.Csv.split("a,\"open"))
        .isInstanceOf(LineParser.Malformed.class);
    assertThatThrownBy(() -> new LineParser.Csv(List.of("a", "b")).parse("1,2,3"))
        .hasMessageContaining("3 cells");
    assertThat(LineParser.Csv.header("a,b,a")).as("duplicate names").isNull();
  }

  @Test
  void jsonLinesMustBeOneFlatObject() throws Exception {
    LineParser json = new LineParser.Json();
    RawRecord r = json.parse("{\"a\": \"x\", \"b\": 12, \"c\": null, \"d\": {\"e\": 1}}");
    assertThat(r.values()).containsEntry("a", "x").containsEntry("b", "12").doesNotContainKey("c");
    assertThat(r.structured()).containsExactly("d");
    for (String bad :
        List.of("[1,2]", "{\"a\": 1", "{\"a\": 1, \"a\": 2}", "{\"a\": 1} {}", "nonsense")) {
      assertThatThrownBy(() -> json.parse(bad)).as(bad).isInstanceOf(LineParser.Malformed.class);
    }
  }
}
