package org.tokenstats.jobs.command;

/**
 * A command that starts or measures other processes (the notebook server and kernel, the benchmark)
 * or only prints ({@code version}): no Spark session in this JVM, no run recorded.
 */
public interface ToolCommand extends Command {

  void run(CommandLine line, ToolContext context) throws Exception;
}
