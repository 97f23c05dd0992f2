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
import org.tokenstats.jobs.command.Command;
import org.tokenstats.jobs.command.OptionSpec;

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
  void nightlyOnTheSamplesSucceedsAndIsRecordedInTheRunLog(SparkSession spark, @TempDir Path dir)
      throws java.io.IOException {
    Tokenstats.Outcome o = Tokenstats.in(dir, SAMPLES, "nightly", "--date", "2026-03-16");
    assertThat(o.status()).as(o.err()).isZero();
    // The run's summary goes to standard error; standard output is the command's own report.
    assertThat(o.err()).contains("tokenstats nightly: succeeded");
    assertThat(o.out()).doesNotContain("tokenstats nightly: succeeded");

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

    // On a warehouse with tables, the read-only commands change no file of it.
    List<String> before = files(dir.resolve("warehouse"));
    assertThat(Tokenstats.in(dir, SAMPLES, "status").status()).isZero();
    assertThat(Tokenstats.in(dir, SAMPLES, "sql", "SELECT count(*) FROM ops.job_runs").out())
        .contains("| 1        |");
    assertThat(files(dir.resolve("warehouse"))).isEqualTo(before);
  }

  @Test
  void aFailingRunExitsWith1AndIsRecordedAsFailed(SparkSession spark, @TempDir Path dir) {
    Tokenstats.Outcome o =
        Tokenstats.in(dir, SAMPLES, "repair", "--reason", "test", "DELETE FROM gold.no_such_table");
    assertThat(o.status()).as(o.err()).isEqualTo(1);
    assertThat(o.err()).contains("repair failed");
    Row run = spark.sql("SELECT status, error FROM ops.job_runs").head();
    assertThat(run.getString(0)).isEqualTo("failed");
    assertThat(run.getString(1)).contains("no_such_table");
  }

  /**
   * sql and status only read: no run row, no table created, nothing under the warehouse touched
   * (they run with the storage guard on, which refuses any write there: what a user who cannot
   * write the warehouse needs), and standard output holds the answer alone.
   */
  @Test
  void queriesWriteNothingAndPrintOnlyTheAnswer(@TempDir Path dir) {
    Tokenstats.Outcome csv =
        Tokenstats.in(dir, SAMPLES, "sql", "--format", "csv", "SELECT 1 AS one, 'a,b' AS two");
    assertThat(csv.status()).as(csv.err()).isZero();
    assertThat(csv.out()).isEqualTo("one,two\n1,\"a,b\"\n");
    Tokenstats.Outcome status = Tokenstats.in(dir, SAMPLES, "status");
    assertThat(status.status()).as(status.err()).isZero();
    assertThat(status.out()).contains("== pending days (touched, not yet curated): none");
    Tokenstats.Outcome failed = Tokenstats.in(dir, SAMPLES, "sql", "SELECT * FROM gold.no_such");
    assertThat(failed.status()).isEqualTo(1);
    assertThat(failed.err()).contains("sql failed").contains("no_such");
    assertThat(dir.resolve("warehouse/ops/job_runs")).doesNotExist();
    assertThat(dir.resolve("warehouse/ops/touched_days")).doesNotExist();
  }

  /** Every file below {@code root} with its size and modification time. */
  static List<String> files(Path root) throws java.io.IOException {
    try (var walk = java.nio.file.Files.walk(root)) {
      return walk.filter(java.nio.file.Files::isRegularFile)
          .map(
              f -> {
                try {
                  return root.relativize(f)
                      + " "
                      + java.nio.file.Files.size(f)
                      + " "
                      + java.nio.file.Files.getLastModifiedTime(f);
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .sorted()
          .toList();
    }
  }

  @Test
  void versionNamesTheBuildAndItsCommit() {
    for (String arg : List.of("version", "--version")) {
      Tokenstats.Outcome o = tokenstats(arg);
      assertThat(o.status()).isZero();
      assertThat(o.out())
          .as(arg)
          .containsPattern("tokenstats \\d+\\.\\d+\\.\\d+\\S* \\(commit [0-9a-f]{12}")
          .contains("Spark 4.2.0", "Delta Lake 4.4.0", "Hadoop ");
    }
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
