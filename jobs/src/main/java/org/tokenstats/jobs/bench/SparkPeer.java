package org.tokenstats.jobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The core of tokenstats' raw-to-gold work written as a plain Spark + Delta job, the way a data
 * engineer would write it without tokenstats: the usage submissions read by Spark's JSON reader
 * with a schema, the docs/submitting.md §1 rules that SQL can express (the same as {@link
 * DuckDbPeer}'s), a window keeping the latest version of each record key, accepted records written
 * to a Delta bronze table partitioned by reporting day, then the daily totals of {@code
 * gold.token_daily} written to Delta: the core work issue 24 compares the nightly with. Then, timed
 * apart, the rejected records to a Delta quarantine (their count is checked by the tests). Runs in
 * its own JVM (see {@link #main}), measured like a tokenstats stage.
 *
 * <p>Its session has the machine-level tuning tokenstats' own has (few shuffle partitions, two
 * snapshot partitions, no UI, ANSI on), so the comparison measures design, not settings. What it
 * does not do, and tokenstats does: no line numbers or text for rejected lines, no per-file
 * outcomes or reconciliation, no run record, no revisions of earlier days, no registration of files
 * (a re-run writes everything again).
 */
public final class SparkPeer {

  /**
   * Times in seconds: the core work (raw files to the Delta bronze table, then the daily totals to
   * Delta), then the quarantine pass that is not part of it; counts over all reporting days.
   */
  public record Result(
      double bronzeSeconds,
      double totalsSeconds,
      double quarantineSeconds,
      long accepted,
      long rejected,
      long dailyRows,
      long requests,
      long totalTokens) {

    /** One {@code spark.key=value} line per figure, for the parent to read back. */
    String toLines() {
      return String.format(
          Locale.ROOT,
          "spark.bronze_seconds=%.3f%nspark.totals_seconds=%.3f%nspark.quarantine_seconds=%.3f%n"
              + "spark.accepted=%d%n"
              + "spark.rejected=%d%nspark.daily_rows=%d%nspark.requests=%d%n"
              + "spark.total_tokens=%d%n",
          bronzeSeconds,
          totalsSeconds,
          quarantineSeconds,
          accepted,
          rejected,
          dailyRows,
          requests,
          totalTokens);
    }
  }

  private SparkPeer() {}

  /**
   * Usage: {@code SparkPeer USAGE_DIR REFERENCE_DIR OUT_DIR ZONE SHUFFLE_PARTITIONS}. Prints {@link
   * Result#toLines()}.
   */
  public static void main(String[] args) {
    if (args.length != 5) {
      System.err.println(
          "usage: SparkPeer USAGE_DIR REFERENCE_DIR OUT_DIR ZONE SHUFFLE_PARTITIONS");
      System.exit(2);
    }
    ZoneId zone = ZoneId.of(args[3]);
    SparkSession spark =
        SparkSession.builder()
            .master("local[*]")
            .appName("plain Spark + Delta peer")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.sql.session.timeZone", zone.getId())
            .config("spark.sql.ansi.enabled", "true")
            .config("spark.sql.shuffle.partitions", args[4])
            .config("spark.databricks.delta.snapshotPartitions", "2")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
    Result r = run(spark, Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Instant.now());
    System.out.print(r.toLines());
    System.out.flush();
    spark.stop();
  }

  /**
   * Reads every {@code *.jsonl.gz} under {@code usageDir}; writes Delta tables under {@code out}.
   */
  public static Result run(
      SparkSession spark, Path usageDir, Path referenceDir, Path out, Instant runStart) {
    String bronze = out.resolve("bronze_usage").toString();
    String quarantine = out.resolve("quarantine").toString();
    String daily = out.resolve("token_daily").toString();
    long t0 = System.nanoTime();
    for (String name : new String[] {"providers", "regions", "datacenters"}) {
      spark
          .read()
          .option("header", "true")
          .csv(referenceDir.resolve(name + ".csv").toString())
          .createOrReplaceTempView(name);
    }
    StructType schema = new StructType();
    for (String f : PeerSql.TEXT_FIELDS) {
      schema = schema.add(f, DataTypes.StringType);
    }
    spark
        .read()
        .schema(schema)
        .option("recursiveFileLookup", "true")
        .option("pathGlobFilter", "*.jsonl.gz")
        .json(usageDir.toString())
        .select(col("*"), col("_metadata.file_path").as("filename"))
        .createOrReplaceTempView("raw");
    Dataset<Row> checked = spark.sql(checkedSql(runStart));
    checked
        .filter("reason IS NULL")
        .selectExpr(
            "*",
            "row_number() OVER (PARTITION BY provider_id, record_id ORDER BY filename DESC) AS rn")
        .filter("rn = 1")
        .drop("rn", "reason", "filename")
        .write()
        .format("delta")
        .mode("overwrite")
        .partitionBy("report_date")
        .save(bronze);
    double bronzeSeconds = (System.nanoTime() - t0) / 1e9;

    long t1 = System.nanoTime();
    spark
        .read()
        .format("delta")
        .load(bronze)
        .groupBy("report_date", "region_code", "provider_id", "model_id", "modality")
        .agg(
            sum("request_count").as("requests"),
            sum("input_tokens").as("input_tokens"),
            sum("output_tokens").as("output_tokens"),
            sum("cached_input_tokens").as("cached_input_tokens"),
            sum("total_tokens").as("total_tokens"))
        .write()
        .format("delta")
        .mode("overwrite")
        .save(daily);
    double totals = (System.nanoTime() - t1) / 1e9;

    // Outside the core work, so timed apart: the rejected records, from a second read of the
    // files. Cached instead, Spark's in-memory columnar cache of 10 M wide rows spent more CPU
    // building its dictionaries than this second read costs.
    long t2 = System.nanoTime();
    checked
        .filter("reason IS NOT NULL")
        .select("filename", "reason", "record_id", "provider_id", "event_time")
        .write()
        .format("delta")
        .mode("overwrite")
        .save(quarantine);
    double quarantineSeconds = (System.nanoTime() - t2) / 1e9;

    long accepted = spark.read().format("delta").load(bronze).count();
    long rejected = spark.read().format("delta").load(quarantine).count();
    Row d =
        spark
            .read()
            .format("delta")
            .load(daily)
            .agg(count(lit(1)), sum("requests"), sum("total_tokens"))
            .first();
    return new Result(
        bronzeSeconds,
        totals,
        quarantineSeconds,
        accepted,
        rejected,
        d.getLong(0),
        d.isNullAt(1) ? 0 : d.getLong(1),
        d.isNullAt(2) ? 0 : d.getLong(2));
  }

  /** Every parsed record with its typed values and the first broken rule (null: accepted). */
  static String checkedSql(Instant runStart) {
    String whole = "CASE WHEN %1$s RLIKE '^[+-]?[0-9]{1,18}$' THEN CAST(%1$s AS BIGINT) END";
    return "WITH t AS (SELECT filename,"
        + PeerSql.TRIMMED
        + " FROM raw),"
        + " v AS (SELECT *, try_cast(event_text AS TIMESTAMP) AS event_time,"
        + " CASE WHEN rq IS NULL THEN 1 ELSE "
        + String.format(whole, "rq")
        + " END AS request_count, "
        + String.format(whole, "it")
        + " AS input_tokens, "
        + String.format(whole, "ot")
        + " AS output_tokens, "
        + String.format(whole, "ct")
        + " AS cached_input_tokens, try_cast(acs AS DOUBLE) AS accelerator_seconds,"
        + " try_cast(en AS DOUBLE) AS energy_kwh, try_cast(bl AS DOUBLE) AS billed_amount_cny"
        + " FROM t),"
        + " d AS (SELECT *, to_date(event_time) AS report_date, lower(model_reported) AS model_id"
        + " FROM v)"
        + PeerSql.CHECKED_COLUMNS
        + PeerSql.MISSING_OR_BAD
        + " WHEN NOT d.event_text RLIKE '(Z|z|[+-][0-9]{2}:[0-9]{2})$' THEN 'NO_OFFSET'"
        + " WHEN d.event_time IS NULL THEN 'BAD_TIMESTAMP'"
        + PeerSql.SIGNS
        + " WHEN CAST(d.input_tokens AS DECIMAL(20, 0)) + d.output_tokens > 10000000000000"
        + " OR d.accelerator_seconds > 3.6e7 OR d.energy_kwh > 1e7 THEN 'OUT_OF_BOUNDS'"
        + " WHEN d.cached_input_tokens > d.input_tokens THEN 'CACHED_EXCEEDS_INPUT'"
        + " WHEN d.report_date < DATE'2020-01-01' THEN 'TOO_OLD'"
        + " WHEN d.event_time > TIMESTAMP'"
        + runStart.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(3600)
        + "' THEN 'FUTURE_EVENT'"
        + " WHEN p.provider_id IS NULL THEN 'UNKNOWN_PROVIDER'"
        + " WHEN r.region_code IS NULL THEN 'UNKNOWN_REGION'"
        + " WHEN d.datacenter_id IS NOT NULL AND dc.datacenter_id IS NULL"
        + " THEN 'UNKNOWN_DATACENTER'"
        + " WHEN d.datacenter_id IS NOT NULL AND dc.region_code <> d.region_code"
        + " THEN 'DATACENTER_REGION_MISMATCH' END AS reason"
        + " FROM d"
        + validJoin("providers", "p", "provider_id", "d.provider_id", "")
        + validJoin("regions", "r", "region_code", "d.region_code", "")
        + validJoin(
            "datacenters",
            "dc",
            "datacenter_id",
            "d.datacenter_id",
            ", trim(region_code) AS region_code");
  }

  /**
   * A left join with a registry table on its id, the row in force on the reporting day; {@code
   * more}: further columns of the table to keep (with a leading comma), or empty.
   */
  private static String validJoin(
      String table, String alias, String id, String value, String more) {
    return String.format(
        " LEFT JOIN (SELECT trim(%3$s) AS %3$s%5$s, CAST(valid_from AS DATE) AS vf,"
            + " CAST(NULLIF(trim(valid_to), '') AS DATE) AS vt FROM %1$s) %2$s"
            + " ON %2$s.%3$s = %4$s AND d.report_date >= %2$s.vf"
            + " AND (%2$s.vt IS NULL OR d.report_date < %2$s.vt)",
        table, alias, id, value, more);
  }
}
