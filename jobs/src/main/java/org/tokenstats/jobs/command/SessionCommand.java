package org.tokenstats.jobs.command;

/**
 * A command that runs in a Spark session on the warehouse: a job that writes it, recorded in {@code
 * ops.job_runs}, or a query that only reads it. Its {@link RunContext} has no null part.
 */
public interface SessionCommand extends Command {

  /** What the launcher sets up and records for the command. */
  enum Kind {
    /**
     * Writes the warehouse: a Spark session, a run lock where it takes one, an ops.job_runs row.
     */
    JOB,
    /**
     * Only reads the warehouse ({@code sql}, {@code status}): a Spark session on it, but no run row
     * and no table created, so it works on a warehouse the user cannot write.
     */
    QUERY
  }

  default Kind kind() {
    return Kind.JOB;
  }

  /** Does the work; counts and timings go to {@code context.run()}. */
  void run(CommandLine line, RunContext context) throws Exception;
}
