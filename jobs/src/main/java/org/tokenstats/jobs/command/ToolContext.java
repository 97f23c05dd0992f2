package org.tokenstats.jobs.command;

import java.io.PrintStream;
import java.time.Clock;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.run.JobRun;

/**
 * What a {@link ToolCommand} works with: settings, its (unrecorded) run for counts, clock, output.
 */
public record ToolContext(Settings settings, JobRun run, Clock clock, PrintStream out) {}
