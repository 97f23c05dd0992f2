package org.tokenstats.jobs.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.run.BuildInfo;
import org.tokenstats.common.run.JobRun;
import org.tokenstats.common.run.RunLog;
import org.tokenstats.common.table.Warehouse;
import org.tokenstats.common.testing.SparkExtension;
import org.tokenstats.jobs.command.RunContext;

/**
 * Runs a job directly, as plain Java, in the shared test session: {@code new IngestJob(context)
 * .run()} with a {@link RunContext} whose warehouse and releases are under a test's folder. The run
 * is labelled and recorded in {@code ops.job_runs} under the command's name, as the launcher does,
 * so what follows (a release's check that only tokenstats runs wrote its tables) sees it as a run
 * of that command. Tests of the command line itself use {@code Tokenstats} instead.
 */
public final class JobRuns {
  private JobRuns() {}

  /**
   * Runs {@code job} as command {@code command} with the warehouse and releases under {@code dir},
   * the landing folder {@code landing} and any further settings ({@code key=value}); returns its
   * result. A job that throws is recorded as failed and the exception passes through.
   */
  public static <T> T run(
      Path dir, Path landing, String command, Function<RunContext, T> job, String... settings) {
    Map<String, String> assignments = new LinkedHashMap<>();
    assignments.put("tokenstats.paths.warehouse", dir.resolve("warehouse").toString());
    assignments.put("tokenstats.paths.landing", landing.toString());
    assignments.put("tokenstats.paths.releases", dir.resolve("releases").toString());
    for (String s : settings) {
      int eq = s.indexOf('=');
      assignments.put(s.substring(0, eq), s.substring(eq + 1));
    }
    Settings effective = Settings.defaultsWith(assignments);
    SparkSession spark = SparkExtension.session();
    Clock clock = Clock.systemUTC();
    JobRun run = JobRun.start(command, List.of(), clock);
    run.attach(spark);
    Warehouse warehouse = Warehouse.open(spark, effective.warehouse());
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try {
      T result = job.apply(new RunContext(effective, spark, warehouse, run, clock, out));
      run.succeeded();
      return result;
    } catch (Throwable e) {
      // Scala code throws checked exceptions undeclared (Spark's AnalysisException): they too
      // fail the run, and reach the test as they are.
      run.failed(String.valueOf(e.getMessage()));
      throw JobRuns.<RuntimeException>undeclared(e);
    } finally {
      RunLog.record(warehouse, run, effective.describe(), BuildInfo.current().describe());
      run.detach();
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E undeclared(Throwable e) throws E {
    throw (E) e;
  }
}
