package org.tokenstats.common.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tokenstats.common.testing.SparkExtension;

/** Progress lines name the tokenstats command and stage, not Spark's internal call sites. */
@ExtendWith(SparkExtension.class)
class StageProgressTest {

  @Test
  void progressNamesTheStageOfTheRun(SparkSession spark) throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    StageProgress progress = new StageProgress(Duration.ZERO, lines::add);
    spark.sparkContext().addSparkListener(progress);
    JobRun run = JobRun.start("curate", List.of(), Clock.systemUTC());
    run.attach(spark);
    try {
      run.stage(
          "gold.energy_daily",
          () -> {
            run.stage("inner", () -> spark.range(0, 10, 1, 2).count());
            return spark.range(0, 100, 1, 3).selectExpr("sum(id)").collectAsList();
          });
    } finally {
      run.detach();
      spark.sparkContext().listenerBus().waitUntilEmpty();
      spark.sparkContext().removeSparkListener(progress);
    }
    assertThat(lines)
        .isNotEmpty()
        .allSatisfy(
            l ->
                assertThat(l)
                    .matches("progress: curate (gold.energy_daily|inner): \\d+/\\d+ tasks"))
        .anySatisfy(l -> assertThat(l).startsWith("progress: curate inner: "))
        .anySatisfy(l -> assertThat(l).startsWith("progress: curate gold.energy_daily: "));
    assertThat(spark.sparkContext().getLocalProperty(StageProgress.STAGE_PROPERTY)).isNull();
  }
}
