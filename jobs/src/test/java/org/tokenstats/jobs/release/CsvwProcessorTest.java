package org.tokenstats.jobs.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CSVW processor the release tests run can fail: it reads format-2 files whole, refuses format
 * 1's metadata (a JSON-LD processor drops {@code tokenstats:measures}), and finds a value outside
 * its datatype or code list.
 */
class CsvwProcessorTest {

  static Path release(Path dir, int format) {
    ReleaseBuilder.Content content =
        ReleaseBuilder.build(
            ReleaseBuilderTest.withValue(500),
            ReleaseBuilderTest.VALUE,
            true,
            LocalDate.of(2026, 4, 20),
            ReleaseFormatTest.v1());
    Manifest written =
        ReleaseFormatTest.manifest(
            ReleaseBuilderTest.VALUE, content, format == Manifest.FORMAT_1 ? null : format);
    ReleaseFolder.write(dir, written, content);
    return dir;
  }

  @Test
  void formatTwoPassesFormatOneAndBadCellsDoNot(@TempDir Path dir) throws Exception {
    Path two = release(dir.resolve("two"), Manifest.FORMAT_2);
    String report = CsvwProcessor.check(two);
    // Every row of every table read, each measure with its unit.
    for (ReleaseTable t : ReleaseTable.values()) {
      long rows = SafeCsv.parse(Files.readString(two.resolve(t.fileName()))).size() - 1;
      int measures =
          (t == ReleaseTable.NATIONAL_DAILY
                  ? ReleaseBuilder.dailyMeasures(ReleaseBuilderTest.VALUE)
                  : ReleaseBuilder.monthlyMeasures(ReleaseBuilderTest.VALUE))
              .size();
      assertThat(report)
          .contains(
              "ok " + t.fileName() + ": " + rows + " rows, 10 columns, " + measures + " measures");
    }
    // January's tokens, 3000 in v1 and 3100 now: two publications.
    assertThat(report).contains("ok revisions.csv: 2 rows, 10 columns");

    CsvwProcessor.Report one = CsvwProcessor.run(release(dir.resolve("one"), Manifest.FORMAT_1));
    assertThat(one.status()).isEqualTo(1);
    assertThat(one.text())
        .contains(
            "FINDING national_daily.csv-metadata.json: JSON-LD safe-mode expansion failed:"
                + " Dropping property");

    Path csv = two.resolve("monthly_summary.csv");
    csv.toFile().setWritable(true);
    String text = Files.readString(csv);
    Files.writeString(
        csv, text.replaceFirst(",P,,F\r\n", ",X,,F\r\n").replaceFirst(",A,,F\r\n", ",A,,Z\r\n"));
    CsvwProcessor.Report bad = CsvwProcessor.run(two);
    assertThat(bad.status()).isEqualTo(1);
    assertThat(bad.text())
        .contains("obs_status \"X\" outside its code list")
        .contains("conf_status \"Z\" outside its code list");
    Files.writeString(
        csv,
        text.replaceFirst(
            "\r\n2026-01,national,CN,China,total_tokens,tokens,3100,",
            "\r\n2026-01,national,CN,China,total_tokens,tokens,31OO,"));
    assertThat(CsvwProcessor.run(two).text()).contains("value \"31OO\" is not a valid");
  }
}
