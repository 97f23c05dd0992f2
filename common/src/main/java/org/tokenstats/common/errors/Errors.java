package org.tokenstats.common.errors;

import java.util.Collection;

/**
 * The one place that builds user-facing errors. Each message names the problem, the place (key,
 * file, option) and the fix, in one line, so that an operator reading a log can act on it.
 */
public final class Errors {
  private Errors() {}

  /** A generic bad command line or configuration, when no more specific factory fits. */
  public static TokenstatsException usage(String problem, String fix) {
    return new TokenstatsException(TokenstatsException.Kind.USAGE, problem, fix, null);
  }

  /** A run that failed for a reason the user can act on. */
  public static TokenstatsException failure(String problem, String fix, Throwable cause) {
    return new TokenstatsException(TokenstatsException.Kind.FAILURE, problem, fix, cause);
  }

  public static TokenstatsException unknownSetting(String key, String source, String closest) {
    String hint =
        closest == null
            ? "Remove it, or see `bin/tokenstats --help settings` for the keys that exist."
            : "Did you mean `" + closest + "`? See `bin/tokenstats --help settings`.";
    return usage("Unknown setting `" + key + "` (from " + source + ").", hint);
  }

  public static TokenstatsException wrongType(
      String key, String expected, Object value, String source) {
    return usage(
        "Setting `"
            + key
            + "` must be "
            + expected
            + ", got `"
            + value
            + "` (from "
            + source
            + ").",
        "Set it to " + expected + ", e.g. --set " + key + "=<" + expected + ">.");
  }

  public static TokenstatsException badSettingValue(
      String key, Object value, String reason, String fix) {
    return usage("Setting `" + key + "` has a bad value `" + value + "`: " + reason + ".", fix);
  }

  public static TokenstatsException missingPath(String key, String path, String why) {
    return usage(
        "Setting `" + key + "` points to `" + path + "`, which does not exist (" + why + ").",
        "Create it, or point the setting elsewhere: --set " + key + "=<path>.");
  }

  public static TokenstatsException configFileUnreadable(String file, String reason) {
    return usage(
        "Cannot read configuration file `" + file + "`: " + reason + ".",
        "Check the path given to --config and its HOCON syntax.");
  }

  public static TokenstatsException unknownCommand(String name, Collection<String> known) {
    return usage(
        "Unknown command `" + name + "`.",
        "Use one of " + String.join(", ", known) + "; `bin/tokenstats --help` lists them.");
  }

  public static TokenstatsException badOption(String command, String option, String reason) {
    return usage(
        "Option `" + option + "` of `" + command + "`: " + reason + ".",
        "See `bin/tokenstats " + command + " --help`.");
  }

  public static TokenstatsException missingOption(String command, String option) {
    return usage(
        "Command `" + command + "` needs option `" + option + "`.",
        "See `bin/tokenstats " + command + " --help`.");
  }

  /** Wraps an engine failure once, with what we were doing when it happened. */
  public static TokenstatsException whileDoing(String activity, Throwable cause) {
    String reason = explain(cause);
    return failure(
        "Failed while " + activity + ": " + reason + ".",
        "See the log above for the full cause; the run changed no table it did not commit.",
        cause);
  }

  /**
   * One line on what an unexpected failure comes down to. Spark wraps the cause that matters (a
   * full disk, a permission) under task and job errors whose own first line says only that a write
   * failed; this names the deepest cause, and for a full disk says so and what to do.
   */
  public static String explain(Throwable t) {
    java.util.Set<Throwable> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    Throwable deepest = t;
    for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
      String m = c.getMessage();
      if (m != null && m.contains("No space left on device")) {
        return firstLine(t)
            + " -- no space left on device. Fix: free space on the disk of the warehouse (and of"
            + " Spark's scratch folder, spark.local.dir or java.io.tmpdir), then run again; a"
            + " failed run leaves every table at its last committed version.";
      }
      deepest = c;
    }
    String top = t.getMessage() == null ? t.getClass().getSimpleName() : firstLine(t);
    if (deepest == t) {
      return top;
    }
    String cause =
        deepest.getClass().getSimpleName()
            + (deepest.getMessage() == null ? "" : ": " + firstLine(deepest));
    return top + " (caused by " + cause + ")";
  }

  private static String firstLine(Throwable t) {
    if (t.getMessage() == null) {
      return t.getClass().getSimpleName();
    }
    String m = t.getMessage().strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
