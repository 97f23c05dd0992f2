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

  /** Points the session's storage at the guards for {@code warehouse}. */
  public static void apply(SparkConf conf, String warehouse) {
    conf.set("spark.hadoop." + ROOT_KEY, absolute(warehouse));
    conf.set("spark.hadoop.fs.file.impl", GuardedLocalFileSystem.class.getName());
    conf.set("spark.hadoop.fs.file.impl.disable.cache", "true");
    conf.set("spark.delta.logStore.class", GuardedLogStore.class.getName());
    conf.set(SESSION_FLAG, "true");
  }

  /** The warehouse as an absolute local path (a {@code file:} URI or a plain path). */
  static String absolute(String warehouse) {
    String path = warehouse.startsWith("file:") ? URI.create(warehouse).getPath() : warehouse;
    return Path.of(path).toAbsolutePath().normalize().toString();
  }

  /** Refuses {@code operation} on {@code path} when it lies under the protected root. */
  static void check(Configuration conf, org.apache.hadoop.fs.Path path, String operation)
      throws ReadOnlyException {
    String root = conf == null ? null : conf.get(ROOT_KEY);
    if (root == null || root.isEmpty()) {
      return;
    }
    URI uri = path.toUri();
    if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
      return;
    }
    String target = Path.of(uri.getPath()).toAbsolutePath().normalize().toString();
    if (target.equals(root) || target.startsWith(root + "/")) {
      throw new ReadOnlyException(operation, target, root);
    }
  }

  private static final String REFUSAL = "tokenstats notebook is read-only: ";

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
      super(
          REFUSAL
              + "refused to "
              + operation
              + " "
              + path
              + " in the warehouse "
              + root
              + ". Curated tables change only through the tokenstats jobs (bin/tokenstats"
              + " ingest, curate, backfill). To experiment, copy the data out (e.g."
              + " df.write().parquet(\"/tmp/...\")) or start the notebook with --set"
              + " tokenstats.notebook.read-only=false on a scratch copy of the warehouse.");
    }
  }
}
