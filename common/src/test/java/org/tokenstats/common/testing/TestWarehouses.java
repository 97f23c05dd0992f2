package org.tokenstats.common.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.table.Warehouse;

/** A fresh warehouse (and settings pointing at it) inside a test's {@code @TempDir}. */
public final class TestWarehouses {
  private TestWarehouses() {}

  /** Settings whose warehouse, releases and landing live under {@code dir}. */
  public static Settings settings(Path dir, Map<String, String> extra) {
    Map<String, String> assignments = new HashMap<>();
    assignments.put("tokenstats.paths.warehouse", dir.resolve("warehouse").toString());
    assignments.put("tokenstats.paths.releases", dir.resolve("releases").toString());
    assignments.put("tokenstats.paths.landing", dir.resolve("landing").toString());
    assignments.put("tokenstats.spark.master", "local[2]");
    assignments.put("tokenstats.spark.shuffle-partitions", "2");
    assignments.putAll(extra);
    return Settings.defaultsWith(assignments);
  }

  /** Opens a warehouse under {@code dir}; the session's table names now resolve into it. */
  public static Warehouse open(Path dir) {
    return Warehouse.open(SparkExtension.session(), dir.resolve("warehouse").toString());
  }
}
