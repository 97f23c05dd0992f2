package org.tokenstats.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.testing.SparkExtension;

/** The command line as a user meets it: help, exit statuses, errors, and the run log. */
@ExtendWith(SparkExtension.class)
class CliTest {
  static final Path SAMPLES = Path.of("..", "data-samples").toAbsolutePath().normalize();

  /** One in-process invocation of bin/tokenstats. */
  record Outcome(int status, String out, String err) {}

  static Outcome tokenstats(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Cli cli =
        new Cli(
            Main.commands(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.systemUTC(),
            Map.of());
    int status = cli.run(args);
    return new Outcome(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static String[] withWarehouse(Path dir, String... args) {
    List<String> all = new ArrayList<>();
    all.add("--set");
    all.add("tokenstats.paths.warehouse=" + dir.resolve("warehouse"));
    all.add("--set");
    all.add("tokenstats.paths.landing=" + SAMPLES);
    all.add("--set");
    all.add("tokenstats.spark.master=local[2]");
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  @Test
  void helpListsEveryCommandAndEachCommandsOptions() {
    Outcome help = tokenstats("--help");
    assertThat(help.status()).isZero();
    for (Command command : Main.commands()) {
      assertThat(help.out()).contains(command.name());
      Outcome commandHelp = tokenstats(command.name(), "--help");
      assertThat(commandHelp.status()).as("%s --help", command.name()).isZero();
      for (OptionSpec option : command.options()) {
        assertThat(commandHelp.out()).contains("--" + option.name());
      }
    }
    Outcome settings = tokenstats("--help", "settings");
    assertThat(settings.out()).contains("tokenstats.paths.warehouse", "TOKENSTATS_WAREHOUSE");
  }

  @Test
  void commandLineMistakesExitWithStatus2AndAOneLineFix() {
    assertThat(tokenstats().status()).isEqualTo(2);
    for (String[] args :
        List.of(
            new String[] {"frobnicate"},
            new String[] {"nightly", "--bogus"},
            new String[] {"nightly", "--date", "2026-13-01"},
            new String[] {"--set", "tokenstats.paths.warehose=/x", "nightly"},
            new String[] {"--set", "tokenstats.spark.shuffle-partitions=many", "nightly"},
            new String[] {"--set", "tokenstats.paths.landing=/no/such/folder", "nightly"},
            new String[] {"generate", "--from", "2026-03-02", "--to", "2026-03-01"},
            new String[] {"--config", "/no/such.conf", "nightly"})) {
      Outcome o = tokenstats(args);
      assertThat(o.status()).as("%s", List.of(args)).isEqualTo(2);
      assertThat(o.err().strip().lines().count()).as("one line: %s", o.err()).isEqualTo(1);
      assertThat(o.err()).contains("Fix:").doesNotContain("Exception");
    }
  }

  @Test
  void nightlyOnTheSamplesSucceedsAndIsRecordedInTheRunLog(SparkSession spark, @TempDir Path dir) {
    Outcome o = tokenstats(withWarehouse(dir, "nightly", "--date", "2026-03-16"));
    assertThat(o.status()).as(o.err()).isZero();
    assertThat(o.out()).contains("tokenstats nightly: succeeded");

    Row run =
        spark
            .sql("SELECT command, arguments, status, settings FROM ops.job_runs")
            .collectAsList()
            .get(0);
    assertThat(run.getString(0)).isEqualTo("nightly");
    assertThat(run.getList(1)).containsExactly("--date", "2026-03-16");
    assertThat(run.getString(2)).isEqualTo("succeeded");
    assertThat(run.<String, String>getJavaMap(3))
        .containsEntry("tokenstats.paths.landing", SAMPLES.toString());
  }

  @Test
  void aFailingRunExitsWith1AndIsRecordedAsFailed(SparkSession spark, @TempDir Path dir) {
    Outcome o = tokenstats(withWarehouse(dir, "sql", "SELECT * FROM gold.no_such_table"));
    assertThat(o.status()).isEqualTo(1);
    assertThat(o.err()).contains("sql failed");
    Row run = spark.sql("SELECT status, error FROM ops.job_runs").head();
    assertThat(run.getString(0)).isEqualTo("failed");
    assertThat(run.getString(1)).contains("no_such_table");
  }

  @Test
  void sqlPrintsTheResultInTheChosenFormat(@TempDir Path dir) {
    Outcome table = tokenstats(withWarehouse(dir, "sql", "SELECT 1 AS one, 'a,b' AS two"));
    assertThat(table.status()).isZero();
    assertThat(table.out()).contains("| one | two |", "| 1   | a,b |", "1 row");
    Outcome csv =
        tokenstats(withWarehouse(dir, "sql", "--format", "csv", "SELECT 1 AS one, 'a,b' AS two"));
    assertThat(csv.out()).contains("one,two\n1,\"a,b\"\n");
  }
}
