package org.tokenstats.common.run;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the progress of long Spark stages at most once per interval, named after the tokenstats
 * stage that runs them ("progress: curate gold.energy_daily: 3/4 tasks"), so an operator watching a
 * nightly run sees what is moving without opening the Spark UI. {@link JobRun#stage} names the
 * stage through a local property of the Spark jobs it starts.
 */
public final class StageProgress extends SparkListener {
  private static final Logger LOG = LoggerFactory.getLogger(StageProgress.class);

  /** The Spark local property that carries the tokenstats stage name to the listener. */
  public static final String STAGE_PROPERTY = "tokenstats.stage";

  private final long intervalNanos;
  private final Consumer<String> sink;
  private final Map<Integer, Integer> totalTasks = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicInteger> doneTasks = new ConcurrentHashMap<>();
  private final Map<Integer, String> names = new ConcurrentHashMap<>();
  private volatile long lastReport = System.nanoTime();

  public StageProgress(Duration interval) {
    this(interval, LOG::info);
  }

  /** Progress lines go to {@code sink} (tests read them; the launcher logs them). */
  public StageProgress(Duration interval, Consumer<String> sink) {
    this.intervalNanos = interval.toNanos();
    this.sink = sink;
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted event) {
    int id = event.stageInfo().stageId();
    totalTasks.put(id, event.stageInfo().numTasks());
    doneTasks.put(id, new AtomicInteger());
    String stage =
        event.properties() == null ? null : event.properties().getProperty(STAGE_PROPERTY);
    names.put(id, stage != null ? stage : "Spark stage " + id);
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    AtomicInteger done = doneTasks.get(event.stageId());
    if (done == null) {
      return;
    }
    int n = done.incrementAndGet();
    long now = System.nanoTime();
    if (now - lastReport >= intervalNanos) {
      lastReport = now;
      sink.accept(
          "progress: "
              + names.get(event.stageId())
              + ": "
              + n
              + "/"
              + totalTasks.get(event.stageId())
              + " tasks");
    }
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted event) {
    int id = event.stageInfo().stageId();
    totalTasks.remove(id);
    doneTasks.remove(id);
    names.remove(id);
  }
}
