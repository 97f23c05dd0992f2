package org.tokenstats.common.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tokenstats.common.table.TableDef;

/**
 * One run of a command as the run log sees it: its id, what it read, wrote and rejected, how long
 * each stage took, the Delta versions it committed, and how it ended. The command fills it in as it
 * goes; {@link RunLog} stores it in {@code ops.job_runs} and prints its summary.
 */
public final class JobRun {
  private static final Logger LOG = LoggerFactory.getLogger(JobRun.class);
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** How a run ended; the strings are what {@code ops.job_runs.status} holds. */
  public enum Status {
    SUCCEEDED("succeeded"),
    FAILED("failed");

    private final String value;

    Status(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }
  }

  private final String runId;
  private final String command;
  private final List<String> arguments;
  private final Clock clock;
  private final Instant startedAt;
  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final Map<String, Long> stageMillis = new LinkedHashMap<>();
  private final Map<String, Long> tableVersions = new LinkedHashMap<>();
  private SparkSession spark;
  private Status status;
  private String error;
  private Instant finishedAt;

  private JobRun(String command, List<String> arguments, Clock clock) {
    this.clock = clock;
    this.startedAt = clock.instant();
    this.runId = newRunId(startedAt);
    this.command = command;
    this.arguments = List.copyOf(arguments);
  }

  /** Starts the record of a run of {@code command}. */
  public static JobRun start(String command, List<String> arguments, Clock clock) {
    JobRun run = new JobRun(command, arguments, clock);
    LOG.info("run {} started: {} {}", run.runId, command, String.join(" ", arguments));
    return run;
  }

  /** Sortable by time, unique across processes: {@code 20260314T020000Z-3f9a1c}. */
  static String newRunId(Instant at) {
    return ID_TIME.format(at)
        + "-"
        + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
  }

  /**
   * The Spark local property {@code setJobDescription} sets (SparkContext.SPARK_JOB_DESCRIPTION).
   */
  private static final String JOB_DESCRIPTION = "spark.job.description";

  /**
   * Delta session setting whose value every commit of the session records as its {@code
   * userMetadata}: the run id, so that each table version says which tokenstats run wrote it, and a
   * version without one was written outside tokenstats (a release refuses such tables).
   */
  public static final String COMMIT_LABEL = "spark.databricks.delta.commitInfo.userMetadata";

  /**
   * Lets stages label their Spark jobs, so they can be found in the Spark UI and logs, and labels
   * every Delta commit of the session with this run's id until {@link #detach}.
   */
  public void attach(SparkSession session) {
    this.spark = session;
    session.conf().set(COMMIT_LABEL, runId);
  }

  /** Stops labelling the session's commits with this run (the session may outlive the run). */
  public void detach() {
    if (spark != null) {
      spark.conf().unset(COMMIT_LABEL);
    }
  }

  public String runId() {
    return runId;
  }

  public String command() {
    return command;
  }

  public List<String> arguments() {
    return arguments;
  }

  public Instant startedAt() {
    return startedAt;
  }

  /** Times a stage, labels its Spark jobs, and logs its start and end. */
  public <T> T stage(String name, Supplier<T> work) {
    long t0 = System.nanoTime();
    LOG.info("run {} stage {}: started", runId, name);
    // A stage inside another gives the outer its names back when it ends.
    String outerDescription = null;
    String outerStage = null;
    if (spark != null) {
      outerDescription = spark.sparkContext().getLocalProperty(JOB_DESCRIPTION);
      outerStage = spark.sparkContext().getLocalProperty(StageProgress.STAGE_PROPERTY);
      spark.sparkContext().setJobDescription(command + " / " + name + " (" + runId + ")");
      spark.sparkContext().setLocalProperty(StageProgress.STAGE_PROPERTY, command + " " + name);
    }
    try {
      return work.get();
    } finally {
      long ms = (System.nanoTime() - t0) / 1_000_000;
      stageMillis.merge(name, ms, Long::sum);
      LOG.info("run {} stage {}: finished in {} ms", runId, name, ms);
      if (spark != null) {
        spark.sparkContext().setJobDescription(outerDescription);
        spark.sparkContext().setLocalProperty(StageProgress.STAGE_PROPERTY, outerStage);
      }
    }
  }

  /** {@link #stage(String, Supplier)} for work without a result. */
  public void stage(String name, Runnable work) {
    stage(
        name,
        () -> {
          work.run();
          return null;
        });
  }

  /** Adds to a named count (records read, accepted, quarantined, files written, ...). */
  public void count(String name, long n) {
    counts.merge(name, n, Math::addExact);
  }

  /** Records that this run committed {@code version} of {@code table}. */
  public void wrote(TableDef table, long version) {
    tableVersions.put(table.id(), version);
    LOG.info("run {} wrote {} version {}", runId, table.id(), version);
  }

  public void succeeded() {
    finish(Status.SUCCEEDED, null);
  }

  public void failed(String message) {
    finish(Status.FAILED, message);
  }

  private void finish(Status outcome, String message) {
    this.status = outcome;
    this.error = message;
    this.finishedAt = clock.instant();
  }

  public Status status() {
    return status;
  }

  public String error() {
    return error;
  }

  public Instant finishedAt() {
    return finishedAt;
  }

  public Map<String, Long> counts() {
    return Collections.unmodifiableMap(counts);
  }

  public Map<String, Long> stageMillis() {
    return Collections.unmodifiableMap(stageMillis);
  }

  public Map<String, Long> tableVersions() {
    return Collections.unmodifiableMap(tableVersions);
  }

  /**
   * The tables this run committed to since {@code before} (an earlier {@link #tableVersions()}),
   * with the version each is at now: what one job of a run (ingest, then curate) wrote.
   */
  public Map<String, Long> writtenSince(Map<String, Long> before) {
    Map<String, Long> out = new java.util.TreeMap<>();
    tableVersions.forEach(
        (table, version) -> {
          if (!version.equals(before.get(table))) {
            out.put(table, version);
          }
        });
    return Collections.unmodifiableMap(out);
  }

  /** A few lines for the end of the console output: what happened, in numbers. */
  public String summary() {
    StringBuilder out = new StringBuilder();
    Duration took = Duration.between(startedAt, finishedAt == null ? clock.instant() : finishedAt);
    out.append(
        String.format(
            Locale.ROOT,
            "%n== tokenstats %s: %s in %.1f s (run %s)%n",
            command,
            status == null ? "unfinished" : status.value(),
            took.toMillis() / 1000.0,
            runId));
    if (!counts.isEmpty()) {
      out.append("   counts:");
      counts.forEach((k, v) -> out.append(String.format(Locale.ROOT, " %s=%,d", k, v)));
      out.append('\n');
    }
    if (!stageMillis.isEmpty()) {
      out.append("   stages:");
      stageMillis.forEach(
          (k, v) -> out.append(String.format(Locale.ROOT, " %s=%.1fs", k, v / 1000.0)));
      out.append('\n');
    }
    if (!tableVersions.isEmpty()) {
      out.append("   wrote:");
      tableVersions.forEach((k, v) -> out.append(' ').append(k).append('@').append(v));
      out.append('\n');
    }
    if (error != null) {
      out.append("   error: ").append(error).append('\n');
    }
    return out.toString();
  }
}
