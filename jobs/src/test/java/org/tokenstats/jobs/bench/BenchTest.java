package org.tokenstats.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.testing.SparkExtension;
import org.tokenstats.jobs.cli.Main;
import org.tokenstats.jobs.cli.Tokenstats;

/**
 * The benchmark's parts: a stage measured as a child JVM, the DuckDB and plain Spark peers' totals
 * against the totals the generator computed without Spark or DuckDB, and the report's agreement
 * check.
 */
class BenchTest {

  @Test
  void childJvmIsMeasuredAndBothPeersReachTheGeneratedTotals(@TempDir Path dir) throws Exception {
    Path landing = dir.resolve("landing");
    Tokenstats.copyTree(Tokenstats.SAMPLES.resolve("reference"), landing.resolve("reference"));
    Path expected = dir.resolve("expected.csv");
    ChildJvm.Measured generate =
        ChildJvm.run(
            dir.resolve("generate.log"),
            Main.class.getName(),
            List.of(
                "--set",
                "tokenstats.paths.landing=" + landing,
                "--set",
                "tokenstats.paths.warehouse=" + dir.resolve("warehouse"),
                "--set",
                "tokenstats.spark.master=local[2]",
                "generate",
                "--from",
                "2026-03-14",
                "--to",
                "2026-03-15",
                "--records-per-day",
                "4000",
                "--scale",
                "0.001",
                "--files-per-provider-day",
                "2",
                "--gzip",
                "--what",
                "usage",
                "--bad-rate",
                "0.01",
                "--corrections",
                "0.05",
                "--expected",
                expected.toString()));

    assertThat(generate.exit()).as(String.join("\n", generate.output())).isZero();
    // A JVM that started Spark has used CPU, hundreds of MB, and the time it took.
    assertThat(generate.cpuSeconds()).isGreaterThan(1.0);
    assertThat(generate.peakRssMb()).isGreaterThan(200);
    assertThat(generate.wallSeconds()).isGreaterThan(generate.cpuSeconds() / 64);
    assertThat(generate.value("usage_records")).contains("8,000");

    DuckDbPeer.Result duck =
        DuckDbPeer.run(
            landing.resolve("usage"),
            landing.resolve("reference"),
            dir.resolve("duckdb"),
            ZoneId.of("Asia/Shanghai"),
            Instant.now(),
            2);

    List<String[]> days =
        Files.readAllLines(expected).stream().skip(1).map(l -> l.split(",")).toList();
    long tokens = days.stream().mapToLong(d -> Long.parseLong(d[1])).sum();
    long requests = days.stream().mapToLong(d -> Long.parseLong(d[4])).sum();
    long good = days.stream().mapToLong(d -> Long.parseLong(d[5])).sum();
    long bad = days.stream().mapToLong(d -> Long.parseLong(d[6])).sum();
    long corrected = days.stream().mapToLong(d -> Long.parseLong(d[7])).sum();
    assertThat(corrected).as("the test needs corrections to choose between").isPositive();
    assertThat(duck.accepted()).as("one version of each record key").isEqualTo(good);
    assertThat(duck.totalTokens()).isEqualTo(tokens);
    assertThat(duck.requests()).isEqualTo(requests);
    assertThat(duck.rejected()).as("every defect the generator writes").isEqualTo(bad);
    assertThat(duck.validateSeconds()).isPositive();

    SparkPeer.Result spark =
        SparkPeer.run(
            SparkExtension.session(),
            landing.resolve("usage"),
            landing.resolve("reference"),
            dir.resolve("spark"),
            Instant.now());
    assertThat(spark.accepted()).as("one version of each record key").isEqualTo(good);
    assertThat(spark.totalTokens()).isEqualTo(tokens);
    assertThat(spark.requests()).isEqualTo(requests);
    assertThat(spark.rejected()).as("every defect the generator writes").isEqualTo(bad);
    assertThat(spark.dailyRows()).isEqualTo(duck.dailyRows());
  }

  @Test
  void theReportSaysWhenTheTwoProgramsDisagree(@TempDir Path dir) throws IOException {
    ChildJvm.Measured ingest = logged(dir, "ingest", "counts: usage_records_accepted=1,000");
    ChildJvm.Measured duck =
        logged(dir, "duck", "duckdb.accepted=1000", "duckdb.total_tokens=5", "duckdb.requests=2");
    ChildJvm.Measured spark =
        logged(dir, "spark", "spark.accepted=1000", "spark.total_tokens=5", "spark.requests=2");
    ChildJvm.Measured sparkOff =
        logged(dir, "spark-off", "spark.accepted=999", "spark.total_tokens=5", "spark.requests=2");
    ChildJvm.Measured same = logged(dir, "same", "gold.total_tokens=5", "gold.requests=2");
    ChildJvm.Measured other = logged(dir, "other", "gold.total_tokens=6", "gold.requests=2");

    assertThat(
            new BenchReport.DayRun(1000, ingest, same, same, same, same, duck, spark).agreement())
        .isEqualTo("yes");
    assertThat(
            new BenchReport.DayRun(1000, ingest, other, other, other, other, duck, spark)
                .agreement())
        .isEqualTo(
            "NO: total tokens 6 vs duckdb.total_tokens 5; total tokens 6 vs spark.total_tokens 5");
    assertThat(
            new BenchReport.DayRun(1000, ingest, same, same, same, same, duck, sparkOff)
                .agreement())
        .isEqualTo("NO: accepted 1000 vs spark.accepted 999");
  }

  @Test
  void theReportPutsEveryStageAndTheRatiosInMarkdownTables(@TempDir Path dir) throws IOException {
    ChildJvm.Measured ingest =
        new ChildJvm.Measured(
            0, 30.0, 50.0, 2048, log(dir, "ingest", "counts: usage_records_accepted=1,000"));
    ChildJvm.Measured curate =
        new ChildJvm.Measured(
            0, 10.0, 12.0, 1024, log(dir, "curate", "gold.total_tokens=5", "gold.requests=2"));
    ChildJvm.Measured duck =
        new ChildJvm.Measured(
            0,
            5.0,
            6.0,
            512,
            log(
                dir,
                "duck",
                "duckdb.validate_seconds=4.0",
                "duckdb.totals_seconds=0.5",
                "duckdb.accepted=1000",
                "duckdb.total_tokens=5",
                "duckdb.requests=2"));
    ChildJvm.Measured spark =
        new ChildJvm.Measured(
            0,
            20.0,
            30.0,
            1536,
            log(
                dir,
                "spark",
                "spark.bronze_seconds=12.0",
                "spark.totals_seconds=2.5",
                "spark.quarantine_seconds=4.0",
                "spark.accepted=1000",
                "spark.total_tokens=5",
                "spark.requests=2"));
    BenchReport report = new BenchReport(2);
    report.day(new BenchReport.DayRun(1000, ingest, curate, curate, curate, curate, duck, spark));
    report.history(new BenchReport.HistoryRun(30, 60000, 1000, curate));
    report.history(new BenchReport.HistoryRun(400, 800000, 1000, ingest));

    String md = report.markdown();
    assertThat(md)
        .contains("| 1000 | ingest | 30.0 | 33 | 50.0 | 2048 |")
        .contains("| 1000 | DuckDB: raw to validated Parquet | 4.0 | 250 | - | - |")
        .contains("| 1000 | plain Spark: raw to Delta bronze | 12.0 | 83 | - | - |")
        .contains("| 1000 | plain Spark: quarantine pass (not core) | 4.0 | 250 | - | - |")
        .contains("| 1000 | plain Spark: whole JVM | 20.0 | 50 | 30.0 | 1536 |")
        // ingest 30 s / DuckDB's 4 s; curate 10 s / 0.5 s; (30 + 10) / DuckDB's whole 5 s;
        // (30 + 10) / the plain job's core 16 s (its 20 s less the 4 s quarantine pass);
        // the nightly's 10 s / 16 s
        .contains("| 1000 | 7.5 | 20 | 40.0 | 5.0 | 8.0 | 16.0 | 2.50 | 0.63 | yes |")
        .contains("| 400 | 800000 | 1000 | 30.0 | 50.0 | 2048 | 3.00 |");
  }

  @Test
  void badSizesAreRefusedBeforeAnythingRuns() {
    Tokenstats.Outcome o = Tokenstats.run("bench", "--sizes", "10,x");
    assertThat(o.status()).isEqualTo(2);
    assertThat(o.err()).contains("--sizes").contains("positive whole numbers");
  }

  private static ChildJvm.Measured logged(Path dir, String name, String... lines)
      throws IOException {
    return new ChildJvm.Measured(0, 1.0, 1.0, 1, log(dir, name, lines));
  }

  private static Path log(Path dir, String name, String... lines) throws IOException {
    Path log = dir.resolve(name + ".log");
    Files.write(log, List.of(lines));
    return log;
  }
}
