package org.tokenstats.jobs.release;

import java.util.List;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.jobs.command.CommandLine;
import org.tokenstats.jobs.command.OptionSpec;
import org.tokenstats.jobs.command.RunContext;
import org.tokenstats.jobs.command.SessionCommand;

/** {@code bin/tokenstats reproduce --release ID}: rebuild a release and compare its bytes. */
public final class ReproduceCommand implements SessionCommand {
  private static final String RELEASE = "release";

  @Override
  public String name() {
    return "reproduce";
  }

  @Override
  public String summary() {
    return "Rebuild a published release from its manifest and check every file is identical";
  }

  @Override
  public String description() {
    return "Reads the Delta table versions and the configuration recorded in the release's\n"
        + "manifest.json, rebuilds every file into a temporary folder and compares bytes. Exits 0\n"
        + "only when every file is identical, 1 otherwise (each file's verdict is printed).";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(OptionSpec.required(RELEASE, "ID", "release id, e.g. tokens-2026-03-v1"));
  }

  @Override
  public void run(CommandLine line, RunContext context) {
    String id = line.string(RELEASE).orElseThrow();
    ReleaseJob.Reproduction reproduction = new ReleaseJob(context).reproduce(id);
    context.out().println("reproduce " + id + ":");
    reproduction
        .verdicts()
        .forEach((name, verdict) -> context.out().printf("  %-36s %s%n", name, verdict));
    if (!reproduction.identical()) {
      throw Errors.failure(
          "Release " + id + " is not reproduced byte for byte (files marked above)",
          "A published file was changed, or a table version it pins is gone; restore the release"
              + " from the archive and never vacuum pinned versions (`maintain` keeps them).",
          null);
    }
    context.out().println("reproduce: every file of " + id + " is identical");
  }
}
