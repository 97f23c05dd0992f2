package org.tokenstats.jobs.command;

import java.util.List;
import org.tokenstats.common.config.Settings;

/**
 * One command of {@code bin/tokenstats}: its name, help and options. A command first checks its
 * options (so a mistake exits with status 2 before Spark starts), then runs as a {@link
 * SessionCommand} (a Spark session on the warehouse) or a {@link ToolCommand} (none).
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
}
