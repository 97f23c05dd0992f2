package org.tokenstats.jobs.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runs {@code bin/tokenstats} in-process, as a user would, against a test's own folders. */
public final class Tokenstats {
  private Tokenstats() {}

  /** The repository's sample landing folder. */
  public static final Path SAMPLES = Path.of("..", "data-samples").toAbsolutePath().normalize();

  /** One invocation: exit status and what it printed. */
  public record Outcome(int status, String out, String err) {}

  public static Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Cli cli =
        new Cli(
            Main.commands(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.systemUTC(),
            Map.of());
    int status = cli.run(args);
    return new Outcome(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Copies every file below {@code from} to the same place below {@code to}. */
  public static void copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs with the warehouse and releases under {@code dir} and the given landing folder. */
  public static Outcome in(Path dir, Path landing, String... args) {
    List<String> all = new ArrayList<>();
    all.add("--set");
    all.add("tokenstats.paths.warehouse=" + dir.resolve("warehouse"));
    all.add("--set");
    all.add("tokenstats.paths.landing=" + landing);
    all.add("--set");
    all.add("tokenstats.paths.releases=" + dir.resolve("releases"));
    all.add("--set");
    all.add("tokenstats.spark.master=local[2]");
    all.addAll(List.of(args));
    return run(all.toArray(String[]::new));
  }
}
