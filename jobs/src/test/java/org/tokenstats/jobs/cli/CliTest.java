package org.tokenstats.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.testing.SparkExtension;

/** The command line as a user meets it: help, exit statuses, errors, and the run log. */
@ExtendWith(SparkExtension.class)
class CliTest {
  static final Path SAMPLES = Tokenstats.SAMPLES;

  static Tokenstats.Outcome tokenstats(String... args) {
    return Tokenstats.run(args);
  }

  @Test
  void helpListsEveryCommandAndEachCommandsOptions() {
    Tokenstats.Outcome help = tokenstats("--help");
    assertThat(help.status()).isZero();
    for (Command command : Main.commands()) {
      assertThat(help.out()).contains(command.name());
      Tokenstats.Outcome commandHelp = tokenstats(command.name(), "--help");
      assertThat(commandHelp.status()).as("%s --help", command.name()).isZero();
      for (OptionSpec option : command.options()) {
        assertThat(commandHelp.out()).contains("--" + option.name());
      }
    }
    Tokenstats.Outcome settings = tokenstats("--help", "settings");
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
            new String[] {"--config", "/no/such.conf", "nightly"},
            new String[] {"--set", "tokenstats.notebook.jupyter=/no/jupyter", "notebook"},
            new String[] {"notebook", "--output", "/tmp/x"},
            new String[] {"notebook", "--execute", "README.md"},
            new String[] {"kernel", "--connection-file", "/no/such.json"})) {
      Tokenstats.Outcome o = tokenstats(args);
      assertThat(o.status()).as("%s", List.of(args)).isEqualTo(2);
      assertThat(o.err().strip().lines().count()).as("one line: %s", o.err()).isEqualTo(1);
      assertThat(o.err()).contains("Fix:").doesNotContain("Exception");
    }
  }

  @Test
  void nightlyOnTheSamplesSucceedsAndIsRecordedInTheRunLog(SparkSession spark, @TempDir Path dir) {
    Tokenstats.Outcome o = Tokenstats.in(dir, SAMPLES, "nightly", "--date", "2026-03-16");
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
    Tokenstats.Outcome o = Tokenstats.in(dir, SAMPLES, "sql", "SELECT * FROM gold.no_such_table");
    assertThat(o.status()).isEqualTo(1);
    assertThat(o.err()).contains("sql failed");
    Row run = spark.sql("SELECT status, error FROM ops.job_runs").head();
    assertThat(run.getString(0)).isEqualTo("failed");
    assertThat(run.getString(1)).contains("no_such_table");
  }

  @Test
  void sqlPrintsTheResultInTheChosenFormat(@TempDir Path dir) {
    Tokenstats.Outcome table = Tokenstats.in(dir, SAMPLES, "sql", "SELECT 1 AS one, 'a,b' AS two");
    assertThat(table.status()).isZero();
    assertThat(table.out()).contains("| one | two |", "| 1   | a,b |", "1 row");
    Tokenstats.Outcome csv =
        Tokenstats.in(dir, SAMPLES, "sql", "--format", "csv", "SELECT 1 AS one, 'a,b' AS two");
    assertThat(csv.out()).contains("one,two\n1,\"a,b\"\n");
  }
}
