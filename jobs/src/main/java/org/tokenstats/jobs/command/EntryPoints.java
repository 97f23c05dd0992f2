package org.tokenstats.jobs.command;

/**
 * The launcher's entry points that jobs start as child JVMs (a notebook kernel, the benchmark's
 * measured stages), named rather than imported: the launcher ({@code cli}) sits above every job
 * package and imports them, so a job importing it back would close a package cycle. {@code
 * EntryPointsTest} checks that each name is the class it claims to be.
 */
public final class EntryPoints {
  private EntryPoints() {}

  /** {@code bin/tokenstats}: {@code org.tokenstats.jobs.cli.Main}. */
  public static final String MAIN = "org.tokenstats.jobs.cli.Main";

  /** The benchmark's warm-session curate: {@code org.tokenstats.jobs.cli.WarmCurate}. */
  public static final String WARM_CURATE = "org.tokenstats.jobs.cli.WarmCurate";
}
