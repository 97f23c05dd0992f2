package org.tokenstats.common.readonly;

import java.net.URI;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;

/**
 * Makes a Spark session unable to change the tables of its warehouse, for notebooks: every Delta
 * commit goes through {@link GuardedLogStore} and every file operation on a local path through
 * {@link GuardedLocalFileSystem}, and both refuse anything under the warehouse root. A guard at the
 * storage layer, not a list of forbidden statements, so SQL ({@code DELETE}, {@code INSERT}, {@code
 * OPTIMIZE}, {@code VACUUM}), DataFrame writes and the {@code DeltaTable} API are all covered, and
 * the first refused operation stops the change before its commit. Reading, time travel and writing
 * outside the warehouse (an analyst's export to /tmp) work as usual.
 *
 * <p>It guards what Spark does; Java code in a notebook runs as the analyst's user and could delete
 * files directly, so in production the operating system's permissions are the last word
 * (docs/notebooks.md).
 */
public final class ReadOnlyGuard {
  private ReadOnlyGuard() {}

  /** Hadoop setting holding the protected root (an absolute path). */
  public static final String ROOT_KEY = "tokenstats.read-only.root";

  /** Session setting that tells the layer catalogs not to create missing tables. */
  public static final String SESSION_FLAG = "spark.tokenstats.read-only";

  /**
   * Puts a session's local storage behind the guards: every tokenstats session has them, inert
   * until a root is protected ({@link #apply} for a whole session, {@link #during} for one
   * command). Only the {@code file:} scheme: object stores keep Delta's own log stores.
   */
  public static void install(SparkConf conf) {
    conf.set("spark.hadoop.fs.file.impl", GuardedLocalFileSystem.class.getName());
    conf.set("spark.delta.logStore.file.impl", GuardedLogStore.class.getName());
  }

  /** Protects {@code warehouse} for the whole session (a notebook kernel's). */
  public static void apply(SparkConf conf, String warehouse) {
    install(conf);
    conf.set("spark.hadoop." + ROOT_KEY, absolute(warehouse));
    // One file system object per session configuration, so the root travels with it.
    conf.set("spark.hadoop.fs.file.impl.disable.cache", "true");
    conf.set(SESSION_FLAG, "true");
  }

  /** The warehouse as an absolute local path (a {@code file:} URI or a plain path). */
  static String absolute(String warehouse) {
    String path = warehouse.startsWith("file:") ? URI.create(warehouse).getPath() : warehouse;
    return Path.of(path).toAbsolutePath().normalize().toString();
  }

  /**
   * The root protected for the whole JVM while a read-only command runs in a session that also
   * serves writing jobs ({@link #during}); null when none. Checked besides the session's own.
   */
  private static volatile String scopedRoot;

  /**
   * Runs {@code work} with every change under {@code warehouse} refused in this JVM, by every
   * session whose storage is guarded (all tokenstats sessions are): how the read-only commands
   * ({@code sql}, {@code status}) run. Executors in other JVMs (a cluster) are not covered; the
   * statement check is.
   */
  public static <T> T during(String warehouse, java.util.concurrent.Callable<T> work)
      throws Exception {
    String before = scopedRoot;
    scopedRoot = absolute(warehouse);
    try {
      return work.call();
    } finally {
      scopedRoot = before;
    }
  }

  /** Refuses {@code operation} on {@code path} when it lies under a protected root. */
  static void check(Configuration conf, org.apache.hadoop.fs.Path path, String operation)
      throws ReadOnlyException {
    String sessionRoot = conf == null ? null : conf.get(ROOT_KEY);
    String scoped = scopedRoot;
    if ((sessionRoot == null || sessionRoot.isEmpty()) && scoped == null) {
      return;
    }
    URI uri = path.toUri();
    if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
      return;
    }
    String target = real(Path.of(uri.getPath()));
    for (String root : new String[] {sessionRoot, scoped}) {
      if (root == null || root.isEmpty()) {
        continue;
      }
      String realRoot = real(Path.of(root));
      if (under(target, realRoot) || under(target, root)) {
        throw root.equals(sessionRoot)
            ? new ReadOnlyException(operation, target, root)
            : ReadOnlyException.ofSql(operation, target, root);
      }
    }
  }

  private static boolean under(String target, String root) {
    return target.equals(root) || target.startsWith(root.endsWith("/") ? root : root + "/");
  }

  /**
   * The path with every symbolic link resolved, as far as it exists: a link to the warehouse (or
   * into it, or a link inside it pointing back) is the warehouse. The part that does not exist yet
   * is appended to the real path of its deepest existing ancestor.
   */
  static String real(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    Path rest = null;
    while (existing != null) {
      try {
        Path resolved = existing.toRealPath();
        return (rest == null ? resolved : resolved.resolve(rest)).normalize().toString();
      } catch (java.io.IOException e) {
        // Not there (yet): resolve its parent, keep the name for later.
        Path name = existing.getFileName();
        rest = name == null ? rest : rest == null ? name : name.resolve(rest);
        existing = existing.getParent();
      }
    }
    return absolute.toString();
  }

  private static final String REFUSAL = "tokenstats notebook is read-only: ";
  private static final String SQL_REFUSAL = "tokenstats sql is read-only: ";

  /**
   * The refusal's message if {@code t} or any cause carries one, else null. Spark re-wraps a task's
   * failure (sometimes as text only), so the message is looked for, not the class.
   */
  public static String refusalIn(Throwable t) {
    java.util.Set<Throwable> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
      String m = c.getMessage();
      int at = m == null ? -1 : m.indexOf(REFUSAL);
      if (at < 0 && m != null) {
        at = m.indexOf(SQL_REFUSAL);
      }
      if (at >= 0) {
        int end = m.indexOf('\n', at);
        return m.substring(at, end < 0 ? m.length() : end).strip();
      }
    }
    return null;
  }

  /** The refusal: says what was refused, why, and what to do instead. */
  public static final class ReadOnlyException extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    public ReadOnlyException(String operation, String path, String root) {
      this(
          REFUSAL,
          operation,
          path,
          root,
          "Curated tables change only through the tokenstats jobs (bin/tokenstats ingest, curate,"
              + " backfill). To experiment, copy the data out (e.g."
              + " df.write().parquet(\"/tmp/...\")) or start the notebook with --set"
              + " tokenstats.notebook.read-only=false on a scratch copy of the warehouse.");
    }

    private ReadOnlyException(
        String who, String operation, String path, String root, String instead) {
      super(
          who
              + "refused to "
              + operation
              + " "
              + path
              + " in the warehouse "
              + root
              + ". "
              + instead);
    }

    /** The refusal of a change attempted by {@code bin/tokenstats sql}. */
    static ReadOnlyException ofSql(String operation, String path, String root) {
      return new ReadOnlyException(
          SQL_REFUSAL,
          operation,
          path,
          root,
          "Analysts read; tables change only through the tokenstats jobs. An operator who must"
              + " repair a table uses `bin/tokenstats repair` (logged; docs/operations.md).");
    }
  }
}
