package org.tokenstats.common.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.tokenstats.common.config.SettingKeys;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.readonly.ReadOnlyGuard;
import org.tokenstats.common.storage.NioLocalFs;
import org.tokenstats.common.table.LayerCatalog;
import org.tokenstats.common.table.Tables;
import org.tokenstats.common.table.Warehouse;

/**
 * The one place a SparkSession is built: Delta enabled, the reporting zone as the session zone (so
 * {@code to_date} of an instant is its reporting day), ANSI arithmetic (an overflowing sum fails
 * instead of wrapping), deletion vectors on (cheap MERGE), few shuffle partitions and no UI for
 * local runs. Under {@code spark-submit} the master and resources are the cluster's.
 */
public final class SparkSessions {
  private SparkSessions() {}

  /** Settings every tokenstats session carries, local or on a cluster. */
  public static SparkConf conf(Settings settings, String appName) {
    // new SparkConf() picks up spark.* system properties, which is how spark-submit passes
    // --master and --conf; those win over our local defaults.
    SparkConf conf = new SparkConf();
    conf.setIfMissing("spark.master", settings.get(SettingKeys.SPARK_MASTER));
    conf.setIfMissing("spark.app.name", appName);
    conf.set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    conf.set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    conf.set("spark.sql.session.timeZone", settings.timeZone().getId());
    conf.set("spark.sql.ansi.enabled", "true");
    conf.setIfMissing("spark.ui.enabled", String.valueOf(settings.get(SettingKeys.SPARK_UI)));
    conf.setIfMissing(
        "spark.sql.shuffle.partitions",
        String.valueOf(settings.get(SettingKeys.SHUFFLE_PARTITIONS)));
    // File listing (VACUUM) runs this many tasks; Spark's default is 10,000.
    conf.setIfMissing(
        "spark.sql.sources.parallelPartitionDiscovery.parallelism",
        String.valueOf(settings.get(SettingKeys.SHUFFLE_PARTITIONS)));
    conf.setIfMissing("spark.databricks.delta.snapshotPartitions", "2");
    conf.setIfMissing("spark.databricks.delta.properties.defaults.enableDeletionVectors", "true");
    // Delta's MERGE otherwise repartitions its output by the partition columns before writing:
    // a submission of one reporting day then goes through one task (10 M records: 117 s on one
    // core, 61 s without). More files per day result; `maintain` compacts them (OPTIMIZE).
    conf.setIfMissing("spark.databricks.delta.merge.repartitionBeforeWrite.enabled", "false");
    conf.setIfMissing("spark.sql.sources.partitionOverwriteMode", "dynamic");
    conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    conf.setIfMissing("spark.sql.adaptive.enabled", "true");
    conf.setIfMissing("spark.sql.debug.maxToStringFields", "200");
    ReadOnlyGuard.install(conf);
    // Delta's commit files and Spark's checksum files go through a FileContext: local files
    // without child processes there too (NioLocalFs).
    conf.setIfMissing("spark.hadoop.fs.AbstractFileSystem.file.impl", NioLocalFs.class.getName());
    for (String layer : Tables.LAYERS) {
      conf.set("spark.sql.catalog." + layer, LayerCatalog.class.getName());
    }
    conf.setIfMissing(Warehouse.ROOT_CONF, settings.warehouse());
    for (Map.Entry<String, String> e : settings.get(SettingKeys.SPARK_CONF).entrySet()) {
      conf.set(e.getKey(), e.getValue());
    }
    return conf;
  }

  /** Builds (or joins) the session for a run. */
  public static SparkSession start(Settings settings, String appName) {
    return build(conf(settings, appName));
  }

  /**
   * Builds the session of a notebook kernel: like a job's, but unable to change the warehouse's
   * tables ({@link ReadOnlyGuard}). Must be the first session of its JVM (the guards are installed
   * in the storage layer when the session starts).
   */
  public static SparkSession startReadOnly(Settings settings, String appName) {
    SparkConf conf = conf(settings, appName);
    ReadOnlyGuard.apply(conf, settings.warehouse());
    SparkSession spark = build(conf);
    // getOrCreate joins a session that already exists, whose storage is not guarded: refuse
    // rather than hand out a writable session believed to be read-only.
    String root = spark.sparkContext().hadoopConfiguration().get(ReadOnlyGuard.ROOT_KEY, "");
    if (!root.equals(conf.get("spark.hadoop." + ReadOnlyGuard.ROOT_KEY))) {
      throw new IllegalStateException(
          "A read-only session must be the first Spark session of its JVM; this JVM already"
              + " has a writable one. Start notebooks with bin/tokenstats notebook.");
    }
    return spark;
  }

  private static SparkSession build(SparkConf conf) {
    if (!conf.get("spark.master").startsWith("local")) {
      conf.remove("spark.driver.bindAddress");
    }
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
