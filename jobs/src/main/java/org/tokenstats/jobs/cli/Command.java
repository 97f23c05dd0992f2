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

  /** Validates the parsed options; throws a usage error for a mistake. Spark is not running. */
  default void check(CommandLine line, Settings settings) {}

  /** Does the work; counts and timings go to {@code context.run()}. */
  void run(CommandLine line, RunContext context) throws Exception;
}
