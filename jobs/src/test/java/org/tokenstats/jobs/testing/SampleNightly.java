package org.tokenstats.jobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tokenstats.jobs.cli.Tokenstats;
import org.tokenstats.jobs.release.ReleaseFolder;

/**
 * One uninterrupted {@code nightly --date 2026-04-05} on a copy of the samples (March curated and
 * published provisionally, by the release calendar), built once per test JVM and shared by the
 * integration tests that compare another run with it (a run killed and completed, a run on a
 * standalone cluster) or only read it (the notebooks). Its landing folder is shared too, so the
 * record of which files were ingested ({@code ops.submissions.path}) is the same in every run;
 * tests only read both.
 */
public final class SampleNightly {
  private SampleNightly() {}

  /** The day the shared nightly runs as; runs compared with it run as the same day. */
  public static final String DATE = "2026-04-05";

  private static Path root;

  private static synchronized Path root() {
    if (root == null) {
      try {
        Path dir = Files.createTempDirectory("tokenstats-sample-nightly-");
        Runtime.getRuntime()
            .addShutdownHook(new Thread(() -> ReleaseFolder.deleteTree(dir), "delete " + dir));
        Tokenstats.copyTree(Tokenstats.SAMPLES, dir.resolve("landing"));
        Tokenstats.Outcome clean =
            Tokenstats.in(
                dir.resolve("reference"), dir.resolve("landing"), "nightly", "--date", DATE);
        assertThat(clean.status()).as(clean.err()).isZero();
        root = dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  /** The landing folder the reference run read: read it, never change it. */
  public static Path landing() {
    return root().resolve("landing");
  }

  /** The reference run's warehouse. */
  public static Path warehouse() {
    return root().resolve("reference/warehouse");
  }

  /** The reference run's releases (March 2026, v1). */
  public static Path releases() {
    return root().resolve("reference/releases");
  }
}
