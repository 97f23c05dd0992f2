package org.tokenstats.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.testing.SparkExtension;

/**
 * Ingests submissions built from the real public traces in {@code shared/realdata} (read from
 * there, never copied into the project) and checks the totals against sums computed here
 * independently, in plain Java, from the same files.
 *
 * <p>How the traces become feed records (the traces carry no provider, region or model):
 *
 * <ul>
 *   <li>Azure LLM inference trace, code (Splitwise, 2023-11-16, CC-BY 4.0): one record per request;
 *       TIMESTAMP is taken as UTC; even rows go to provider {@code aurora} in Ningxia ({@code
 *       DC-NX-ZW-01}) as JSON Lines, odd rows to {@code bamboo} in Gansu ({@code DC-GS-QY-01}) as
 *       CSV; model {@code azure-code}; input = ContextTokens, output = GeneratedTokens.
 *   <li>Mooncake conversation trace (Apache-2.0): one record per request for {@code cinnabar} in
 *       Guangdong ({@code DC-GD-SG-01}), model {@code kimi-conversation}; the relative millisecond
 *       timestamps are offsets from 2026-03-15T00:00+08:00; gzip JSON Lines.
 *   <li>Jiangsu day-ahead settlement prices (15-minute, CNY/MWh), the first seven days of 2026, as
 *       {@code day_ahead} prices for {@code CN-JS} published at 17:00 the day before.
 * </ul>
 */
@ExtendWith(SparkExtension.class)
class RealDataIngestTest {
  static final Path REALDATA =
      Path.of("..", "..", "shared", "realdata").toAbsolutePath().normalize();
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @Test
  void realTracesAndPricesIngestToIndependentlyComputedTotals(SparkSession spark, @TempDir Path dir)
      throws IOException {
    assumeTrue(
        Files.isDirectory(REALDATA), "shared/realdata is not beside the checkout: " + REALDATA);
    Landing landing = Landing.withRegistry(dir);
    Map<LocalDate, Long> expectedTokens = new TreeMap<>();
    long expectedRecords = 0;

    List<String> azure =
        Files.readAllLines(REALDATA.resolve("azure_llm_2023/AzureLLMInferenceTrace_code.csv"));
    StringBuilder json = new StringBuilder();
    StringBuilder csv =
        new StringBuilder(
            "record_id,provider_id,event_time,model_id,region_code,datacenter_id,input_tokens,output_tokens\n");
    for (int i = 1; i < azure.size(); i++) {
      String[] c = azure.get(i).split(",");
      String time = c[0].strip().replace(' ', 'T') + "Z";
      long in = Long.parseLong(c[1].strip());
      long out = Long.parseLong(c[2].strip());
      if (i % 2 == 0) {
        json.append(
            String.format(
                "{\"record_id\":\"azure-%d\",\"provider_id\":\"aurora\",\"event_time\":\"%s\",\"model_id\":\"azure-code\",\"region_code\":\"CN-NX\",\"datacenter_id\":\"DC-NX-ZW-01\",\"input_tokens\":%d,\"output_tokens\":%d}%n",
                i, time, in, out));
      } else {
        csv.append(
            String.format(
                "azure-%d,bamboo,%s,azure-code,CN-GS,DC-GS-QY-01,%d,%d%n", i, time, in, out));
      }
      LocalDate day =
          LocalDateTime.parse(c[0].strip().replace(' ', 'T'))
              .atOffset(ZoneOffset.UTC)
              .atZoneSameInstant(SHANGHAI)
              .toLocalDate();
      expectedTokens.merge(day, in + out, Long::sum);
      expectedRecords++;
    }
    landing.write("usage/aurora/azure/code.jsonl", json.toString());
    landing.write("usage/bamboo/azure/code.csv", csv.toString());

    ObjectMapper mapper = new ObjectMapper();
    Instant base = LocalDate.of(2026, 3, 15).atStartOfDay(SHANGHAI).toInstant();
    StringBuilder moon = new StringBuilder();
    int n = 0;
    for (String line : Files.readAllLines(REALDATA.resolve("mooncake/conversation_trace.jsonl"))) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode r = mapper.readTree(line);
      Instant at = base.plusMillis(r.get("timestamp").asLong());
      long in = r.get("input_length").asLong();
      long out = r.get("output_length").asLong();
      moon.append(
          String.format(
              "{\"record_id\":\"mooncake-%d\",\"provider_id\":\"cinnabar\",\"event_time\":\"%s\",\"model_id\":\"kimi-conversation\",\"region_code\":\"CN-GD\",\"datacenter_id\":\"DC-GD-SG-01\",\"input_tokens\":%d,\"output_tokens\":%d}%n",
              n++, at, in, out));
      expectedTokens.merge(at.atZone(SHANGHAI).toLocalDate(), in + out, Long::sum);
      expectedRecords++;
    }
    landing.writeGzip("usage/cinnabar/mooncake/conversation.jsonl.gz", moon.toString());

    List<String> prices =
        Files.readAllLines(
            REALDATA.resolve("jiangsu_spot_da_price/jiangsu_da_price_15min_long.csv"),
            StandardCharsets.UTF_8);
    StringBuilder feed =
        new StringBuilder(
            "region_code,interval_start,interval_minutes,price,unit,market,published_at\n");
    double sumKwh = 0;
    int intervals = 0;
    for (String line : prices.subList(1, prices.size())) {
      String[] c = line.split(",");
      LocalDateTime start = LocalDateTime.parse(c[0].replace(' ', 'T'));
      if (!start.toLocalDate().isBefore(LocalDate.of(2026, 1, 8))) {
        continue;
      }
      String published = start.toLocalDate().minusDays(1).atTime(17, 0) + ":00+08:00";
      feed.append(
          String.format(
              "CN-JS,%s+08:00,15,%s,CNY/MWh,day_ahead,%s%n", start + ":00", c[3], published));
      sumKwh += Double.parseDouble(c[3]) / 1000;
      intervals++;
    }
    landing.write("prices/CN-JS/jiangsu-2026-01-w1.csv", feed.toString());

    IngestJobTest.ingest(dir, landing);

    Map<LocalDate, Long> actual = new TreeMap<>();
    for (Row r :
        spark
            .sql("SELECT report_date, sum(total_tokens) FROM usage_current GROUP BY report_date")
            .collectAsList()) {
      actual.put(r.getDate(0).toLocalDate(), r.getLong(1));
    }
    assertThat(actual).isEqualTo(expectedTokens);
    assertThat(spark.table("usage_current").count()).isEqualTo(expectedRecords);
    assertThat(
            spark
                .sql("SELECT sum(records_quarantined) FROM ops.submissions WHERE kind = 'usage'")
                .head()
                .getLong(0))
        .isZero();

    Row p = spark.sql("SELECT count(*), sum(price_cny_per_kwh) FROM bronze.prices").head();
    assertThat(p.getLong(0)).isEqualTo(intervals).isEqualTo(7 * 96);
    assertThat(p.getDecimal(1).doubleValue()).isCloseTo(sumKwh, within(1e-6));
  }
}
