package org.tokenstats.jobs.command;

import java.util.List;
import org.tokenstats.common.config.Settings;

/**
 * One command of {@code bin/tokenstats}. A command first checks its options (so a mistake exits
 * with status 2 before Spark starts), then runs inside a {@link RunContext} that gives it the
 * session, the warehouse and the run record.
 */
public interface Command {

  String name();

  /** One line for {@code --help}. */
  String summary();

  /** A paragraph for {@code <command> --help}. */
  default String description() {
    return summary();
  }

  List<OptionSpec> options();

  /** How a command runs, which decides what the launcher sets up and records for it. */
  enum Kind {
    /**
     * Writes the warehouse: a Spark session, a run lock where it takes one, an ops.job_runs row.
     */
    JOB,
    /**
     * Only reads the warehouse ({@code sql}, {@code status}): a Spark session on it, but no run row
     * and no table created, so it works on a warehouse the user cannot write.
     */
    QUERY,
    /** Starts or measures other processes (notebook server, kernel, bench): no session here. */
    TOOL
  }

  default Kind kind() {
    return Kind.JOB;
  }

  /** Validates the parsed options; throws a usage error for a mistake. Spark is not running. */
  default void check(CommandLine line, Settings settings) {}

  /** Does the work; counts and timings go to {@code context.run()}. */
  void run(CommandLine line, RunContext context) throws Exception;
}
