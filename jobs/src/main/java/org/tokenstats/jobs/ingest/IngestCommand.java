package org.tokenstats.jobs.ingest;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.tokenstats.common.config.Settings;
import org.tokenstats.jobs.command.CommandLine;
import org.tokenstats.jobs.command.OptionSpec;
import org.tokenstats.jobs.command.RunContext;
import org.tokenstats.jobs.command.SessionCommand;

/** {@code bin/tokenstats ingest}: every new submission under the landing path, exactly once. */
public final class IngestCommand implements SessionCommand {

  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public String summary() {
    return "Ingest every new submission (usage, prices, registry) into the bronze layer";
  }

  @Override
  public String description() {
    return "Reads every new file under <landing>/reference, <landing>/usage and <landing>/prices,\n"
        + "accepts or quarantines each record with a reason code (docs/reason-codes.md), and\n"
        + "records each file in ops.submissions (read = accepted + quarantined). A file already\n"
        + "ingested with the same SHA-256, under any path, changes nothing; a record key\n"
        + "submitted again with other content replaces the earlier version, and the reporting\n"
        + "days it touches are marked for curation (ops.touched_days). Safe to re-run; a second\n"
        + "concurrent ingest refuses to start.";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  @Override
  public void check(CommandLine line, Settings settings) {
    settings.requireLandingExists();
  }

  @Override
  public void run(CommandLine line, RunContext context) {
    print(new IngestJob(context).run(), context.out());
  }

  /** The reconciliation, one line per file: what an operator reads after an ingest. */
  public static void print(IngestReport report, PrintStream out) {
    if (report.files().isEmpty()) {
      out.println("ingest: no new submissions under " + report.landing());
      return;
    }
    String header = "%-9s %-10s %9s %9s %11s  %s";
    out.println(
        String.format(
            Locale.ROOT,
            header,
            "feed",
            "status",
            "read",
            "accepted",
            "quarantined",
            "submission"));
    for (IngestReport.File f : report.files()) {
      out.println(
          String.format(
              Locale.ROOT,
              "%-9s %-10s %9d %9d %11d  %s",
              f.feed(),
              f.status(),
              f.read(),
              f.accepted(),
              f.quarantined(),
              f.submission()));
    }
  }
}
