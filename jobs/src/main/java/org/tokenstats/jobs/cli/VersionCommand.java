package org.tokenstats.jobs.cli;

import java.util.List;
import org.apache.hadoop.util.VersionInfo;
import org.apache.spark.SparkContext;
import org.tokenstats.common.run.BuildInfo;
import org.tokenstats.jobs.command.CommandLine;
import org.tokenstats.jobs.command.OptionSpec;
import org.tokenstats.jobs.command.ToolCommand;
import org.tokenstats.jobs.command.ToolContext;

/**
 * {@code bin/tokenstats version} (or {@code --version}): this build's version and commit, and the
 * versions of Spark, Delta Lake, Hadoop and Java it runs on, without starting Spark.
 */
public final class VersionCommand implements ToolCommand {
  static final String NAME = "version";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String summary() {
    return "Print the version and commit of this build and of the Spark it runs on";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  @Override
  public void run(CommandLine line, ToolContext context) {
    context.out().println("tokenstats " + BuildInfo.current().describe());
    context
        .out()
        .println(
            "Spark "
                + implementationVersion(SparkContext.class)
                + ", Delta Lake "
                + implementationVersion(io.delta.tables.DeltaTable.class)
                + ", Hadoop "
                + VersionInfo.getVersion()
                + ", Java "
                + Runtime.version());
  }

  /** The version in the manifest of the jar {@code type} was loaded from. */
  static String implementationVersion(Class<?> type) {
    String v = type.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }
}
