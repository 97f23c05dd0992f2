package org.tokenstats.jobs.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tokenstats.common.testing.SparkExtension;

/** What a cell shows: charts as PNGs that draw the data, tables as escaped, bounded HTML. */
@ExtendWith(SparkExtension.class)
class ChartAndTableDisplayTest {

  private static BufferedImage image(Chart chart) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(chart.png()));
  }

  private static int pixels(BufferedImage img, int rgb) {
    int n = 0;
    for (int x = 0; x < img.getWidth(); x++) {
      for (int y = 0; y < img.getHeight(); y++) {
        if ((img.getRGB(x, y) & 0xffffff) == rgb) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void aLineChartDrawsEachSeriesAndTheMarkedPoints(SparkSession spark) throws IOException {
    Dataset<Row> days =
        spark.sql(
            "SELECT * FROM VALUES (DATE'2026-03-14', 'east', 12.0), (DATE'2026-03-15', 'east',"
                + " 14.0), (DATE'2026-03-14', 'west', 6.0), (DATE'2026-03-15', 'west', 9.0)"
                + " AS t(day, zone, tokens)");
    Dataset<Row> published = spark.sql("SELECT DATE'2026-03-15' AS day, 20.0 AS value");
    BufferedImage withMarks =
        image(Chart.line(days, "day", "tokens").by("zone").mark(published, "day", "value", "p"));
    assertThat(withMarks.getWidth()).isEqualTo(860);
    assertThat(withMarks.getHeight()).isEqualTo(400);
    assertThat(pixels(withMarks, 0x1f5fa8)).as("first series").isGreaterThan(100);
    assertThat(pixels(withMarks, 0xd95f02)).as("second series").isGreaterThan(100);
    assertThat(pixels(withMarks, 0xc01010)).as("marked point").isGreaterThan(20);
    BufferedImage without = image(Chart.line(days, "day", "tokens").by("zone"));
    assertThat(pixels(without, 0xc01010)).isZero();
  }

  @Test
  void oneMonthOnALogScaleAndBarsOfCategoriesStillDraw(SparkSession spark) throws IOException {
    Dataset<Row> month = spark.sql("SELECT '2026-03' AS period, 1683870.97 AS avg_daily_tokens");
    BufferedImage single = image(Chart.line(month, "period", "avg_daily_tokens").logScale());
    assertThat(pixels(single, 0x1f5fa8)).as("the one point's dot").isGreaterThan(10);

    Dataset<Row> hubs =
        spark.sql(
            "SELECT * FROM VALUES ('GS', 'paid', 0.49), ('GS', 'market', 0.34), ('NX', 'paid',"
                + " 0.3), ('NX', 'market', CAST(NULL AS DOUBLE)) AS t(hub, price, cny)");
    BufferedImage bars = image(Chart.bar(hubs, "hub", "cny").by("price"));
    assertThat(pixels(bars, 0x1f5fa8)).isGreaterThan(500);
    assertThat(pixels(bars, 0xd95f02)).isGreaterThan(500);
  }

  @Test
  void aTableShowsAtMostTheRowsAskedAndEscapesText(SparkSession spark) {
    Dataset<Row> names =
        spark.sql(
            "SELECT * FROM VALUES (1, '<b>Beijing</b> & co'), (2, NULL), (3, 'c') AS t(n, name)"
                + " ORDER BY n");
    DisplayData two = Displays.table(names, 2);
    String html =
        (String) two.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_HTML);
    assertThat(html)
        .contains("&lt;b&gt;Beijing&lt;/b&gt; &amp; co")
        .doesNotContain("<b>Beijing")
        .contains("<td style=\"color:#999\">null</td>")
        .contains("first 2 rows shown")
        .doesNotContain(">3<");
    String text =
        (String) two.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN);
    assertThat(text).contains("| 1 | <b>Beijing</b> & co |").contains("first 2 rows shown");
    assertThat(
            (String)
                Displays.table(names, 5)
                    .getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_HTML))
        .contains("3 rows");
  }
}
