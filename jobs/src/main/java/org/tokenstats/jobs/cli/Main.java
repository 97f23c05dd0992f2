package org.tokenstats.jobs.cli;

import java.time.Clock;
import java.util.List;
import org.tokenstats.jobs.bench.BenchCommand;
import org.tokenstats.jobs.command.Command;
import org.tokenstats.jobs.curate.CurateCommand;
import org.tokenstats.jobs.generate.GenerateCommand;
import org.tokenstats.jobs.ingest.IngestCommand;
import org.tokenstats.jobs.notebook.KernelCommand;
import org.tokenstats.jobs.notebook.NotebookCommand;
import org.tokenstats.jobs.pipeline.BackfillCommand;
import org.tokenstats.jobs.pipeline.MaintainCommand;
import org.tokenstats.jobs.pipeline.NightlyCommand;
import org.tokenstats.jobs.pipeline.RepairCommand;
import org.tokenstats.jobs.pipeline.StatusCommand;
import org.tokenstats.jobs.release.ReleaseCommand;
import org.tokenstats.jobs.release.ReproduceCommand;

/** Entry point of {@code bin/tokenstats} and of {@code spark-submit} of the application jar. */
public final class Main {
  private Main() {}

  /** Every command, in the order {@code --help} lists them. */
  public static List<Command> commands() {
    return List.of(
        new NightlyCommand(),
        new IngestCommand(),
        new CurateCommand(),
        new BackfillCommand(),
        new ReleaseCommand(),
        new ReproduceCommand(),
        new GenerateCommand(),
        new StatusCommand(),
        new MaintainCommand(),
        new RepairCommand(),
        new SqlCommand(),
        new BenchCommand(),
        new NotebookCommand(),
        new KernelCommand(),
        new VersionCommand());
  }

  public static void main(String[] args) {
    Cli cli = new Cli(commands(), System.out, System.err, Clock.systemUTC(), System.getenv());
    int status = cli.run(args);
    System.out.flush();
    System.err.flush();
    System.exit(status);
  }
}
