package org.tokenstats.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tokenstats.common.table.BronzeTables;
import org.tokenstats.common.table.OpsTables;
import org.tokenstats.common.table.TableDef;
import org.tokenstats.common.testing.DatasetAssert;
import org.tokenstats.common.testing.SparkExtension;
import org.tokenstats.jobs.cli.Tokenstats;
import org.tokenstats.jobs.curate.CurateJob;
import org.tokenstats.jobs.testing.SampleNightly;

/**
 * {@code kill -9} of a nightly run at several points, then a normal nightly: the tables must come
 * out identical to those of a run that was never interrupted. The killed run is a separate JVM (the
 * packaged application), killed with SIGKILL as soon as its log shows it reached the point; nothing
 * of it gets to clean up, and its run lock is left behind.
 */
@ExtendWith(SparkExtension.class)
class CrashRecoveryIT {

  /** The tables compared (without the columns saying when or by which run). */
  static final List<TableDef> TABLES =
      Stream.concat(
              Stream.of(
                  BronzeTables.Usage.DEF,
                  BronzeTables.Prices.DEF,
                  BronzeTables.Quarantine.DEF,
                  OpsTables.Submissions.DEF),
              CurateJob.OUTPUTS.stream())
          .toList();

  @ParameterizedTest(name = "killed at: {0}")
  @ValueSource(
      strings = {
        "stage usage: started", // during ingest: registry in, usage being merged
        "stage silver.price_hourly: started", // between layers: silver usage written, gold not
        "stage gold.energy_daily: started" // during a gold write, after token tables
      })
  void aNightlyKilledAnywhereIsCompletedByTheNext(
      String killPoint, SparkSession spark, @TempDir Path dir) throws Exception {
    // The landing folder and the uninterrupted reference run, shared by every kill point.
    Path landing = SampleNightly.landing();
    Path reference = SampleNightly.warehouse();

    Path crashed = dir.resolve("crashed");
    Path log = dir.resolve("killed.log");
    Process run = PackagedApp.start(crashed, landing, log, "nightly", "--date", SampleNightly.DATE);
    try {
      PackagedApp.waitFor(log, killPoint, 1, 300);
    } finally {
      run.destroyForcibly(); // SIGKILL
      run.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(PackagedApp.tail(log)).doesNotContain("tokenstats nightly: succeeded");

    // Before the next run completes it, no release is built from the half-written warehouse.
    Tokenstats.Outcome early = Tokenstats.in(crashed, landing, "release", "--period", "2026-03");
    assertThat(early.status()).as(early.out()).isEqualTo(1);
    assertThat(crashed.resolve("releases")).doesNotExist();
    if (!killPoint.contains("usage")) {
      // Killed while curating: the days it had begun are pending, and the refusal says so.
      assertThat(early.err())
          .contains("Release of 2026-03 refused")
          .contains("waiting to be curated")
          .contains("began them and did not finish")
          .contains("bin/tokenstats curate");
    }

    Tokenstats.Outcome next =
        Tokenstats.in(crashed, landing, "nightly", "--date", SampleNightly.DATE);
    assertThat(next.status()).as(next.err()).isZero();
    for (TableDef t : TABLES) {
      Dataset<Row> expected = PackagedApp.table(spark, reference, t);
      Dataset<Row> actual = PackagedApp.table(spark, crashed.resolve("warehouse"), t);
      assertThat(expected.count()).as(t.id()).isPositive();
      DatasetAssert.assertSameRows(actual, expected, Arrays.asList(expected.columns()));
    }
  }
}
