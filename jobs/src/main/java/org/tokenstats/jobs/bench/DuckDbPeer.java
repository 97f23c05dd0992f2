package org.tokenstats.jobs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;

/**
 * The same work done by the tool a user would pick instead: DuckDB reads the raw usage submissions,
 * applies the docs/submitting.md §1 rules that SQL can express, keeps the latest version of each
 * record key, writes validated Parquet, then computes the daily totals of {@code gold.token_daily}
 * from it. Runs in its own JVM (see {@link #main}) so that its time, CPU and memory are measured
 * like a tokenstats stage.
 *
 * <p>What it does not do, and tokenstats does: a line that is not JSON is skipped by DuckDB's
 * {@code ignore_errors} rather than quarantined with its text; duplicates inside one file have no
 * line order to break the tie; no run record, no revisions, no Delta transaction.
 */
public final class DuckDbPeer {

  /** Times in seconds; counts over all reporting days of the submissions. */
  public record Result(
      double validateSeconds,
      double totalsSeconds,
      long accepted,
      long rejected,
      long dailyRows,
      long requests,
      long totalTokens) {

    /** One {@code duckdb.key=value} line per figure, for the parent to read back. */
    String toLines() {
      return String.format(
          Locale.ROOT,
          "duckdb.validate_seconds=%.3f%nduckdb.totals_seconds=%.3f%nduckdb.accepted=%d%n"
              + "duckdb.rejected=%d%nduckdb.daily_rows=%d%nduckdb.requests=%d%n"
              + "duckdb.total_tokens=%d%n",
          validateSeconds,
          totalsSeconds,
          accepted,
          rejected,
          dailyRows,
          requests,
          totalTokens);
    }
  }

  private DuckDbPeer() {}

  /**
   * Usage: {@code DuckDbPeer USAGE_DIR REFERENCE_DIR OUT_DIR ZONE THREADS}. Prints {@link
   * Result#toLines()}.
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: DuckDbPeer USAGE_DIR REFERENCE_DIR OUT_DIR ZONE THREADS");
      System.exit(2);
    }
    Result r =
        run(
            Path.of(args[0]),
            Path.of(args[1]),
            Path.of(args[2]),
            ZoneId.of(args[3]),
            Instant.now(),
            Integer.parseInt(args[4]));
    System.out.print(r.toLines());
    System.out.flush();
  }

  /** Reads every {@code *.jsonl.gz} under {@code usageDir}; writes Parquet under {@code out}. */
  public static Result run(
      Path usageDir, Path referenceDir, Path out, ZoneId zone, Instant runStart, int threads)
      throws SQLException, java.io.IOException {
    Files.createDirectories(out);
    Path usage = out.resolve("usage.parquet");
    Path quarantine = out.resolve("quarantine.parquet");
    Path daily = out.resolve("token_daily.parquet");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("SET threads = " + threads);
      s.execute("SET temp_directory = " + quote(out.resolve("spill")));
      s.execute("SET preserve_insertion_order = false");
      long t0 = System.nanoTime();
      registry(s, referenceDir);
      s.execute("CREATE TEMP TABLE checked AS " + checkedSql(usageDir, zone, runStart));
      s.execute(
          "COPY (SELECT * EXCLUDE (reason, filename) FROM checked WHERE reason IS NULL"
              + " QUALIFY row_number() OVER (PARTITION BY provider_id, record_id"
              + " ORDER BY filename DESC) = 1) TO "
              + quote(usage)
              + " (FORMAT parquet)");
      s.execute(
          "COPY (SELECT filename, reason, record_id, provider_id, event_time FROM checked"
              + " WHERE reason IS NOT NULL) TO "
              + quote(quarantine)
              + " (FORMAT parquet)");
      long accepted = single(s, "SELECT count(*) FROM read_parquet(" + quote(usage) + ")");
      long rejected = single(s, "SELECT count(*) FROM checked WHERE reason IS NOT NULL");
      s.execute("DROP TABLE checked");
      double validate = (System.nanoTime() - t0) / 1e9;

      long t1 = System.nanoTime();
      s.execute(
          "COPY (SELECT report_date, region_code, provider_id, model_id, modality,"
              + " sum(request_count) AS requests, sum(input_tokens) AS input_tokens,"
              + " sum(output_tokens) AS output_tokens,"
              + " sum(cached_input_tokens) AS cached_input_tokens,"
              + " sum(total_tokens) AS total_tokens FROM read_parquet("
              + quote(usage)
              + ") GROUP BY ALL) TO "
              + quote(daily)
              + " (FORMAT parquet)");
      double totals = (System.nanoTime() - t1) / 1e9;
      try (ResultSet r =
          s.executeQuery(
              "SELECT count(*), sum(requests)::BIGINT, sum(total_tokens)::BIGINT FROM read_parquet("
                  + quote(daily)
                  + ")")) {
        r.next();
        return new Result(
            validate, totals, accepted, rejected, r.getLong(1), r.getLong(2), r.getLong(3));
      }
    }
  }

  /** The registry in force per day: ids with their [valid_from, valid_to) ranges. */
  private static void registry(Statement s, Path referenceDir) throws SQLException {
    String validity =
        "CAST(valid_from AS DATE) AS vf, CAST(NULLIF(trim(valid_to), '') AS DATE) AS vt FROM"
            + " read_csv(%s, header = true, all_varchar = true)";
    s.execute(
        "CREATE TEMP TABLE providers AS SELECT trim(provider_id) AS id, "
            + String.format(validity, quote(referenceDir.resolve("providers.csv"))));
    s.execute(
        "CREATE TEMP TABLE regions AS SELECT trim(region_code) AS id, "
            + String.format(validity, quote(referenceDir.resolve("regions.csv"))));
    s.execute(
        "CREATE TEMP TABLE datacenters AS SELECT trim(datacenter_id) AS id,"
            + " trim(region_code) AS region_code, "
            + String.format(validity, quote(referenceDir.resolve("datacenters.csv"))));
  }

  /** Every parsed record with its typed values and the first broken rule (null: accepted). */
  static String checkedSql(Path usageDir, ZoneId zone, Instant runStart) {
    StringBuilder columns = new StringBuilder();
    for (String f : PeerSql.TEXT_FIELDS) {
      columns.append(columns.length() == 0 ? "" : ", ").append(f).append(": 'VARCHAR'");
    }
    String whole = "regexp_full_match(%1$s, '[+-]?[0-9]{1,18}')";
    String decimal = "TRY_CAST(%1$s AS DOUBLE)";
    return "WITH raw AS (SELECT * FROM read_json("
        + quote(usageDir.resolve("**").resolve("*.jsonl.gz"))
        + ", format = 'newline_delimited', filename = true, ignore_errors = true, columns = {"
        + columns
        + "})), t AS (SELECT filename,"
        + PeerSql.TRIMMED
        + " FROM raw),"
        + " v AS (SELECT *,"
        + " TRY_CAST(event_text AS TIMESTAMPTZ) AS event_time,"
        + " CASE WHEN rq IS NULL THEN 1 WHEN "
        + String.format(whole, "rq")
        + " THEN CAST(rq AS BIGINT) END AS request_count, "
        + wholeNumber("it", "input_tokens")
        + wholeNumber("ot", "output_tokens")
        + wholeNumber("ct", "cached_input_tokens")
        + String.format(decimal, "acs")
        + " AS accelerator_seconds, "
        + String.format(decimal, "en")
        + " AS energy_kwh, "
        + String.format(decimal, "bl")
        + " AS billed_amount_cny FROM t),"
        + " d AS (SELECT *, CAST(timezone("
        + quote(zone.getId())
        + ", event_time) AS DATE) AS report_date, lower(model_reported) AS model_id FROM v)"
        + PeerSql.CHECKED_COLUMNS
        + PeerSql.MISSING_OR_BAD
        + " WHEN NOT regexp_matches(d.event_text, '(Z|z|[+-][0-9]{2}:[0-9]{2})$')"
        + " THEN 'NO_OFFSET'"
        + " WHEN d.event_time IS NULL THEN 'BAD_TIMESTAMP'"
        + PeerSql.SIGNS
        + " WHEN CAST(d.input_tokens AS HUGEINT) + d.output_tokens > 10000000000000"
        + " OR d.accelerator_seconds > 3.6e7 OR d.energy_kwh > 1e7 THEN 'OUT_OF_BOUNDS'"
        + " WHEN d.cached_input_tokens > d.input_tokens THEN 'CACHED_EXCEEDS_INPUT'"
        + " WHEN d.report_date < DATE '2020-01-01' THEN 'TOO_OLD'"
        + " WHEN d.event_time > CAST("
        + quote(runStart.plusSeconds(3600).toString())
        + " AS TIMESTAMPTZ) THEN 'FUTURE_EVENT'"
        + " WHEN p.id IS NULL THEN 'UNKNOWN_PROVIDER'"
        + " WHEN r.id IS NULL THEN 'UNKNOWN_REGION'"
        + " WHEN d.datacenter_id IS NOT NULL AND dc.id IS NULL THEN 'UNKNOWN_DATACENTER'"
        + " WHEN d.datacenter_id IS NOT NULL AND dc.region_code <> d.region_code"
        + " THEN 'DATACENTER_REGION_MISMATCH' END AS reason"
        + " FROM d"
        + " LEFT JOIN providers p ON p.id = d.provider_id AND d.report_date >= p.vf"
        + " AND (p.vt IS NULL OR d.report_date < p.vt)"
        + " LEFT JOIN regions r ON r.id = d.region_code AND d.report_date >= r.vf"
        + " AND (r.vt IS NULL OR d.report_date < r.vt)"
        + " LEFT JOIN datacenters dc ON dc.id = d.datacenter_id AND d.report_date >= dc.vf"
        + " AND (dc.vt IS NULL OR d.report_date < dc.vt)";
  }

  /** The text as BIGINT if it is a whole number ([+-]digits), else null; DuckDB would round. */
  private static String wholeNumber(String text, String name) {
    return String.format(
        "CASE WHEN regexp_full_match(%1$s, '[+-]?[0-9]{1,18}') THEN CAST(%1$s AS BIGINT) END AS %2$s, ",
        text, name);
  }

  private static long single(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  /** A SQL string literal. */
  private static String quote(Object text) {
    return "'" + text.toString().replace("'", "''") + "'";
  }
}
