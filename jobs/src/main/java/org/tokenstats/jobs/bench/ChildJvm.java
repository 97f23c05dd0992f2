package org.tokenstats.jobs.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs one benchmark stage as a child JVM with this JVM's java, flags and classpath, and measures
 * it from outside: wall time from here, CPU (user + system) and peak resident memory from {@code
 * /proc/<pid>}, sampled every 100 ms. A fresh JVM per stage is what a scheduler does, so the
 * figures include JVM start and Spark set-up.
 */
final class ChildJvm {
  /** Linux's USER_HZ: the unit of utime and stime in /proc/<pid>/stat. */
  private static final double CLOCK_TICKS_PER_SECOND = 100.0;

  /** What one stage cost; CPU and memory are -1 where /proc is not available. */
  record Measured(int exit, double wallSeconds, double cpuSeconds, long peakRssMb, Path log) {

    /** The stage's output (stdout and stderr). */
    List<String> output() {
      try {
        return Files.readAllLines(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return List.of();
      }
    }

    /** The value of the last {@code key=value} line or summary entry named {@code key}. */
    Optional<String> value(String key) {
      String found = null;
      for (String line : output()) {
        int at = line.indexOf(key + "=");
        if (at >= 0 && (at == 0 || !Character.isLetterOrDigit(line.charAt(at - 1)))) {
          String rest = line.substring(at + key.length() + 1);
          int end = 0;
          while (end < rest.length() && !Character.isWhitespace(rest.charAt(end))) {
            end++;
          }
          found = rest.substring(0, end);
        }
      }
      return Optional.ofNullable(found);
    }
  }

  private ChildJvm() {}

  /** java, this JVM's options (heap, --add-opens, JIT flags, tokenstats.home), classpath, main. */
  static List<String> command(String mainClass, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
    return cmd;
  }

  /** Runs {@code mainClass args} to completion, output to {@code log}. */
  static Measured run(Path log, String mainClass, List<String> args)
      throws IOException, InterruptedException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    ProcessBuilder pb = new ProcessBuilder(command(mainClass, args));
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
    long start = System.nanoTime();
    Process p = pb.start();
    long pid = p.pid();
    long peakKb = -1;
    long ticks = -1;
    do {
      peakKb = Math.max(peakKb, peakRssKb(pid));
      ticks = Math.max(ticks, cpuTicks(pid));
    } while (!p.waitFor(100, TimeUnit.MILLISECONDS));
    double wall = (System.nanoTime() - start) / 1e9;
    return new Measured(
        p.exitValue(),
        wall,
        ticks < 0 ? -1 : ticks / CLOCK_TICKS_PER_SECOND,
        peakKb < 0 ? -1 : peakKb / 1024,
        log);
  }

  /** VmHWM: the highest resident set size the process has had so far. */
  static long peakRssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.substring(6).replace("kB", "").strip());
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone, or not Linux
    }
    return -1;
  }

  /** utime + stime of the process (its threads included), in clock ticks. */
  static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Fields after the command name, which is in parentheses and may hold spaces.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
