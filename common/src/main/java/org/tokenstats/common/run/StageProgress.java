package org.tokenstats.common.run;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the progress of long Spark stages ("stage 12: 37/200 tasks") at most once per interval, so
 * an operator watching a nightly run sees that it is moving without opening the Spark UI.
 */
public final class StageProgress extends SparkListener {
  private static final Logger LOG = LoggerFactory.getLogger(StageProgress.class);

  private final long intervalNanos;
  private final Map<Integer, Integer> totalTasks = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicInteger> doneTasks = new ConcurrentHashMap<>();
  private final Map<Integer, String> names = new ConcurrentHashMap<>();
  private volatile long lastReport = System.nanoTime();

  public StageProgress(Duration interval) {
    this.intervalNanos = interval.toNanos();
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted event) {
    int id = event.stageInfo().stageId();
    totalTasks.put(id, event.stageInfo().numTasks());
    doneTasks.put(id, new AtomicInteger());
    names.put(id, event.stageInfo().name());
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
      LOG.info(
          "progress: stage {} ({}): {}/{} tasks",
          event.stageId(),
          names.get(event.stageId()),
          n,
          totalTasks.get(event.stageId()));
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
