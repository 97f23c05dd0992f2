package org.tokenstats.jobs.cli;

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

  /**
   * Whether the command is a job: it runs in a recorded run ({@code ops.job_runs}) with a Spark
   * session on the warehouse. Tools that only start other processes (the notebook server, a
   * notebook kernel with its own read-only session) are not, and get a context without either.
   */
  default boolean isJob() {
    return true;
  }

  /** Validates the parsed options; throws a usage error for a mistake. Spark is not running. */
  default void check(CommandLine line, Settings settings) {}

  /** Does the work; counts and timings go to {@code context.run()}. */
  void run(CommandLine line, RunContext context) throws Exception;
}
