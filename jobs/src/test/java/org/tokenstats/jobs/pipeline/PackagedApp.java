package org.tokenstats.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.tokenstats.common.table.BronzeTables;
import org.tokenstats.common.table.TableDef;
import org.tokenstats.common.table.Warehouse;
import org.tokenstats.jobs.ingest.UsageVersions;

/**
 * What {@code ./mvnw package} leaves in {@code jobs/target} for running tokenstats outside the test
 * JVM: the application jar, the JVM flags and the Spark + Delta classpath, as {@code
 * bin/tokenstats} uses them. For integration tests (*IT), which run after package.
 */
public final class PackagedApp {
  private PackagedApp() {}

  public static final Path TARGET = Path.of("target").toAbsolutePath();

  public static Path appJar() throws IOException {
    try (Stream<Path> files = Files.list(TARGET)) {
      List<Path> found = files.filter(f -> f.toString().endsWith("-app.jar")).toList();
      assertThat(found).as("one *-app.jar in " + TARGET + " (run after package)").hasSize(1);
      return found.get(0);
    }
  }

  public static List<String> jvmFlags() throws IOException {
    return Arrays.asList(
        Files.readString(TARGET.resolve("launcher/jvm.flags")).trim().split("\\s+"));
  }

  /** The Spark and Delta jars the build resolved (provided scope). */
  public static List<String> sparkJars() throws IOException {
    return Arrays.stream(
            Files.readString(TARGET.resolve("launcher/spark-classpath.txt"))
                .trim()
                .split(File.pathSeparator))
        .filter(e -> e.endsWith(".jar"))
        .toList();
  }

  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The command line of {@code bin/tokenstats ARGS}, as a plain JVM. */
  public static List<String> tokenstats(String heap, String... args) throws IOException {
    return tokenstats(List.of(heap), args);
  }

  /** The command line of {@code bin/tokenstats ARGS} in a JVM with these options first. */
  private static List<String> tokenstats(List<String> jvmOptions, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(java()));
    command.addAll(jvmOptions);
    command.addAll(jvmFlags());
    command.add("-cp");
    command.add(appJar() + File.pathSeparator + String.join(File.pathSeparator, sparkJars()));
    command.add("org.tokenstats.jobs.cli.Main");
    command.addAll(List.of(args));
    return command;
  }

  /**
   * The Spark settings the test JVM was started with ({@code test.spark} in the pom: interpreted
   * projections), passed on to the runs {@link #start} kills: they test crash safety, not code
   * generation, and each is a cold JVM that spent about a quarter of its time generating code for
   * the samples' few rows (nightly of the samples, 2026-11-29: 139.7 s against 106.3 s). The
   * standalone cluster, the notebooks and the bench keep the launcher's settings.
   */
  private static List<String> testSparkSettings() {
    String key = "spark.sql.codegen.factoryMode";
    String value = System.getProperty(key);
    return value == null ? List.of() : List.of("-D" + key + "=" + value);
  }

  /**
   * Starts the packaged application ({@code -Xmx2g}, local[2], the test JVM's Spark settings) on
   * the warehouse and releases under {@code dir} and the landing folder {@code landing}, its output
   * (both streams) to {@code log}.
   */
  static Process start(Path dir, Path landing, Path log, String... args) throws IOException {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--set",
                "tokenstats.paths.warehouse=" + dir.resolve("warehouse"),
                "--set",
                "tokenstats.paths.landing=" + landing,
                "--set",
                "tokenstats.paths.releases=" + dir.resolve("releases"),
                "--set",
                "tokenstats.spark.master=local[2]"));
    all.addAll(List.of(args));
    List<String> jvmOptions = new ArrayList<>(List.of("-Xmx2g"));
    jvmOptions.addAll(testSparkSettings());
    return new ProcessBuilder(tokenstats(jvmOptions, all.toArray(String[]::new)))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Waits until {@code log} holds {@code text} {@code times} times, or fails with its tail. */
  static void waitFor(Path log, String text, int times, int seconds) throws Exception {
    waitUntil(
        log,
        content -> content.split(text, -1).length - 1 >= times,
        times + " x '" + text + "'",
        seconds);
  }

  /**
   * Waits until {@code text} appears in {@code log} after {@code marker}, or fails with its tail.
   */
  static void waitAfter(Path log, String marker, String text, int seconds) throws Exception {
    waitUntil(
        log,
        content -> {
          int at = content.indexOf(marker);
          return at >= 0 && content.indexOf(text, at) >= 0;
        },
        "'" + text + "' after '" + marker + "'",
        seconds);
  }

  /** Polls {@code log} until its content satisfies {@code holds}; fails naming {@code what}. */
  private static void waitUntil(Path log, Predicate<String> holds, String what, int seconds)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && holds.test(Files.readString(log))) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + what + " in " + log + ":\n" + tail(log));
  }

  public static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Columns saying when or by which run a row was written; two runs never agree on them. */
  static final String[] RUN_COLUMNS = {"run_id", "ingested_at", "quarantined_at"};

  /**
   * Table {@code t} of the warehouse at {@code warehouse}, read by path, without run columns; for
   * {@code bronze.usage}, an append-only log, its current versions (what silver is built from): a
   * run killed after appending leaves rows that never count.
   */
  static Dataset<Row> table(SparkSession spark, Path warehouse, TableDef t) {
    if (t.equals(BronzeTables.Usage.DEF)) {
      return UsageVersions.current(
              Warehouse.open(spark, warehouse.toString()), org.apache.spark.sql.functions.lit(true))
          .drop(RUN_COLUMNS);
    }
    return spark
        .read()
        .format("delta")
        .load(warehouse.resolve(t.layer()).resolve(t.name()).toString())
        .drop(RUN_COLUMNS);
  }
}
