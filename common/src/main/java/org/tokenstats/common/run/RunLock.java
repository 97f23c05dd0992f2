package org.tokenstats.common.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tokenstats.common.errors.Errors;

/**
 * A lock file under {@code <warehouse>/_locks/} that keeps two runs of the same job from working on
 * the same tables at once. Created atomically (create-if-absent); it names its owner (run, host,
 * process, start time), so a second run refuses with a message saying who holds it. A lock survives
 * a crash; it counts as stale, and is taken over, when its owner process is gone (same host) or it
 * is older than the stale-after limit.
 */
public final class RunLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

  private final FileSystem fs;
  private final Path path;

  private RunLock(FileSystem fs, Path path) {
    this.fs = fs;
    this.path = path;
  }

  /** Takes the lock {@code name} for {@code runId}, or fails saying who holds it. */
  public static RunLock acquire(
      String warehouse,
      String name,
      String runId,
      Duration staleAfter,
      Clock clock,
      Configuration conf) {
    Path path = new Path(warehouse + "/_locks/" + name + ".lock");
    try {
      FileSystem fs = path.getFileSystem(conf);
      fs.mkdirs(path.getParent());
      for (int attempt = 0; attempt < 2; attempt++) {
        if (tryCreate(fs, path, runId, clock)) {
          return new RunLock(fs, path);
        }
        Properties owner = read(fs, path);
        if (owner == null) {
          continue; // released between our attempt and our read
        }
        String why = staleReason(owner, staleAfter, clock);
        if (why == null) {
          throw Errors.failure(
              String.format("Another %s run holds the lock %s (%s).", name, path, describe(owner)),
              "Wait for it to finish and run again. If that process is gone, delete the lock"
                  + " file; it is also taken over automatically after "
                  + staleAfter.toHours()
                  + " h.",
              null);
        }
        LOG.warn("Taking over stale lock {} ({}): {}", path, why, owner);
        fs.delete(path, false);
      }
      throw Errors.failure("Could not take the lock " + path + ".", "Run again.", null);
    } catch (IOException e) {
      throw Errors.whileDoing("taking the lock " + path, e);
    }
  }

  /**
   * Every lock held under {@code <warehouse>/_locks}, in name order, as {@code "name: run R,
   * process P on H, since T"} (stale ones included: they are held until a run takes them over).
   */
  public static List<String> held(String warehouse, Configuration conf) {
    Path dir = new Path(warehouse + "/_locks");
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (FileStatus f : fs.listStatus(dir)) {
        String file = f.getPath().getName();
        Properties owner = file.endsWith(".lock") ? read(fs, f.getPath()) : null;
        if (owner != null) {
          out.add(file.substring(0, file.length() - ".lock".length()) + ": " + describe(owner));
        }
      }
      Collections.sort(out);
      return out;
    } catch (IOException e) {
      throw Errors.whileDoing("listing the locks in " + dir, e);
    }
  }

  private static String describe(Properties owner) {
    return String.format(
        "run %s, process %s on %s, since %s",
        owner.getProperty("run_id"),
        owner.getProperty("pid"),
        owner.getProperty("host"),
        owner.getProperty("started_at"));
  }

  private static boolean tryCreate(FileSystem fs, Path path, String runId, Clock clock)
      throws IOException {
    if (!fs.createNewFile(path)) {
      return false;
    }
    Properties p = new Properties();
    p.setProperty("run_id", runId);
    p.setProperty("host", host());
    p.setProperty("pid", String.valueOf(ProcessHandle.current().pid()));
    p.setProperty("started_at", clock.instant().toString());
    try (OutputStream out = fs.create(path, true)) {
      p.store(out, "tokenstats run lock");
    }
    return true;
  }

  private static Properties read(FileSystem fs, Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      Properties p = new Properties();
      p.load(new java.io.InputStreamReader(in, StandardCharsets.ISO_8859_1));
      return p;
    } catch (java.io.FileNotFoundException e) {
      return null;
    }
  }

  /** Why the lock is stale, or null if its owner may still be running. */
  static String staleReason(Properties owner, Duration staleAfter, Clock clock) {
    String started = owner.getProperty("started_at");
    if (started == null) {
      return "the lock file is incomplete (its owner died while writing it)";
    }
    if (Instant.parse(started).plus(staleAfter).isBefore(clock.instant())) {
      return "older than " + staleAfter;
    }
    if (host().equals(owner.getProperty("host"))) {
      long pid = Long.parseLong(owner.getProperty("pid", "-1"));
      if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
        return "process " + pid + " on this host is gone";
      }
    }
    return null;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return ManagementFactory.getRuntimeMXBean().getName();
    }
  }

  @Override
  public void close() {
    try {
      fs.delete(path, false);
    } catch (IOException e) {
      LOG.warn("Could not release lock {}; the next run will find it stale", path, e);
    }
  }
}
