package org.tokenstats.jobs.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a real CSVW processor over a release folder: {@code src/test/csvw/check.mjs} on Node, with
 * jsonld.js and @zazuko/rdf-parser-csvw installed from npm at the versions its package-lock.json
 * pins (into {@code target/csvw-processor}, once per build). Node and npm come from Debian
 * (bin/setup); under bin/test a missing one fails the test instead of skipping it.
 */
final class CsvwProcessor {
  private CsvwProcessor() {}

  private static final Path SOURCE = Path.of("src", "test", "csvw");
  private static final Path HOME = Path.of("target", "csvw-processor");
  private static final List<String> FILES =
      List.of("package.json", "package-lock.json", "check.mjs");

  /** The processor's exit status and its report (a line per file, FINDING lines). */
  record Report(int status, String text) {}

  /** Checks every CSV file of {@code release} with its metadata; returns the processor's report. */
  static String check(Path release) throws IOException, InterruptedException {
    Report r = run(release);
    assertThat(r.status()).as("CSVW processor on " + release + ":\n" + r.text()).isZero();
    return r.text();
  }

  /** Runs the processor over {@code release}, whatever it finds. */
  static Report run(Path release) throws IOException, InterruptedException {
    Path home = install();
    Path log = Files.createTempFile("csvw-check", ".log");
    int status = run(home, log, 120, "node", "check.mjs", release.toAbsolutePath().toString());
    return new Report(status, Files.readString(log, StandardCharsets.UTF_8));
  }

  private static synchronized Path install() throws IOException, InterruptedException {
    Path node = Path.of("/usr/bin/node");
    Path npm = Path.of("/usr/bin/npm");
    if (System.getenv("TOKENSTATS_REQUIRE_SYSTEM_PACKAGES") == null) {
      Assumptions.assumeTrue(
          Files.isExecutable(node) && Files.isExecutable(npm),
          "Debian's nodejs and npm are absent");
    }
    assertThat(node).as("bin/setup installs nodejs").isExecutable();
    assertThat(npm).as("bin/setup installs npm").isExecutable();
    Files.createDirectories(HOME);
    boolean lockChanged =
        !Files.exists(HOME.resolve("package-lock.json"))
            || Files.mismatch(
                    SOURCE.resolve("package-lock.json"), HOME.resolve("package-lock.json"))
                != -1;
    for (String f : FILES) {
      Files.copy(SOURCE.resolve(f), HOME.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    if (lockChanged || !Files.isDirectory(HOME.resolve("node_modules"))) {
      Path log = HOME.resolve("npm-ci.log");
      int status = run(HOME, log, 600, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
      assertThat(status)
          .as("npm ci of the CSVW processor:\n" + Files.readString(log, StandardCharsets.UTF_8))
          .isZero();
    }
    return HOME;
  }

  private static int run(Path dir, Path log, int seconds, String... command)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " took over " + seconds + " s");
    }
    return p.exitValue();
  }
}
