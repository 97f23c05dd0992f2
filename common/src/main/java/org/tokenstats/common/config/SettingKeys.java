package org.tokenstats.common.config;

import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.tokenstats.common.feed.PriceFeed;

/**
 * Every configuration key tokenstats reads, declared once. Defaults live in {@code reference.conf};
 * this class says what each key means and what a value must look like. A key that is not declared
 * here is rejected at start-up.
 */
public final class SettingKeys {
  private SettingKeys() {}

  public static final Setting<String> HOME =
      Setting.location(
          "tokenstats.home",
          "Installation root; bin/tokenstats sets it to the repository so that defaults such as"
              + " the sample landing folder resolve from any working directory.");

  public static final Setting<String> LANDING =
      Setting.location(
              "tokenstats.paths.landing",
              "Where submissions land: usage/, prices/ and reference/ below it.")
          .withEnv("TOKENSTATS_LANDING");

  public static final Setting<String> WAREHOUSE =
      Setting.location(
              "tokenstats.paths.warehouse",
              "Root of the Delta tables: table L.T is at <warehouse>/L/T.")
          .withEnv("TOKENSTATS_WAREHOUSE");

  public static final Setting<String> RELEASES =
      Setting.location("tokenstats.paths.releases", "Where release folders are written.")
          .withEnv("TOKENSTATS_RELEASES");

  public static final Setting<ZoneId> TIME_ZONE =
      Setting.zone(
          "tokenstats.reporting.time-zone",
          "Zone whose calendar date is an instant's reporting day (and whose clock hour is its"
              + " reporting hour).");

  public static final Setting<YearMonth> GROWTH_BASELINE =
      Setting.yearMonth(
          "tokenstats.growth.baseline", "Baseline month of growth multiples (YYYY-MM).");

  public static final Setting<String> SPARK_MASTER =
      Setting.string(
              "tokenstats.spark.master",
              "Spark master for local runs; ignored when spark-submit already set spark.master.")
          .withEnv("TOKENSTATS_SPARK_MASTER");

  public static final Setting<Boolean> SPARK_UI =
      Setting.bool("tokenstats.spark.ui", "Start the Spark web UI (off by default).");

  public static final Setting<Integer> SHUFFLE_PARTITIONS =
      Setting.positiveInt(
          "tokenstats.spark.shuffle-partitions",
          "spark.sql.shuffle.partitions: few on a laptop, more on a cluster.");

  public static final Setting<Map<String, String>> SPARK_CONF =
      Setting.stringMap(
          "tokenstats.spark.conf",
          "Extra Spark settings passed as-is, e.g. tokenstats.spark.conf.\"spark.driver.memory\".");

  public static final Setting<Duration> PROGRESS_INTERVAL =
      Setting.duration(
          "tokenstats.run.progress-interval", "How often a long Spark stage logs its progress.");

  public static final Setting<Duration> LOCK_STALE_AFTER =
      Setting.duration(
          "tokenstats.run.lock-stale-after",
          "A run lock older than this is stale and taken over (a crashed run's lock).");

  public static final Setting<Long> INGEST_MAX_LINE_BYTES =
      Setting.bytes(
          "tokenstats.ingest.max-line-bytes",
          "Longest line (one record, after gzip is inflated) a submission may hold; a file with a"
              + " longer line is quarantined whole as TOO_LARGE, and the run goes on.");

  public static final Setting<Long> INGEST_MAX_FILE_BYTES =
      Setting.bytes(
          "tokenstats.ingest.max-file-bytes",
          "Most bytes one submission may hold once inflated (gzip) or decoded (Parquet); a larger"
              + " file is quarantined whole as TOO_LARGE, and the run goes on.");

  public static final Setting<Integer> INGEST_REVISION_WINDOW =
      Setting.positiveInt(
          "tokenstats.ingest.revision-window",
          "Days either side of a batch's reporting days in which ingest looks for an earlier version"
              + " of each record (a correction may move a record to another day); `maintain"
              + " --audit` finds what lies beyond.");

  public static final Setting<List<String>> PRICE_MARKET_ORDER =
      Setting.orderedChoice(
          "tokenstats.prices.market-order",
          PriceFeed.MARKETS,
          "Markets that price energy, most preferred first: an hour takes its price from the first"
              + " market with any interval in it.");

  public static final Setting<Boolean> QUALITY_FATAL =
      Setting.bool(
          "tokenstats.quality.fatal",
          "A failed data-quality check fails the curate run (exit 1) and rolls its table writes"
              + " back; otherwise it is reported and the run succeeds.");

  public static final Setting<Double> QUALITY_ROW_COUNT_TOLERANCE =
      Setting.fraction(
          "tokenstats.quality.row-count-tolerance",
          "How far a day's gold.token_daily row count may stray from the median of the previous"
              + " 28 days (0.5 = within 50 % of it, i.e. 0.5x to 1.5x).");

  public static final Setting<Double> QUALITY_MIN_ENERGY_COVERAGE =
      Setting.fraction(
          "tokenstats.quality.min-energy-coverage",
          "Lowest national share of tokens with known (measured or estimated) energy.");

  public static final Setting<Double> QUALITY_MIN_COST_COVERAGE =
      Setting.fraction(
          "tokenstats.quality.min-cost-coverage",
          "Lowest national share of known energy whose hour has a price.");

  public static final Setting<Integer> NONRESPONSE_WINDOW_DAYS =
      Setting.positiveInt(
          "tokenstats.nonresponse.window-days",
          "Non-response: how many days before a reporting day say who is expected to report on"
              + " it, and what a missing provider's tokens are estimated from.");

  public static final Setting<Integer> NONRESPONSE_MIN_REPORTING_DAYS =
      Setting.positiveInt(
          "tokenstats.nonresponse.min-reporting-days",
          "Non-response: a registered provider that reported on at least this many days of the"
              + " window is expected on the day; if it sent nothing, its tokens are estimated.");

  public static final Setting<Double> RELEASE_MIN_DAY_COVERAGE =
      Setting.fraction(
          "tokenstats.release.min-day-coverage",
          "A month whose days do not all have data is published estimated (E) when at least this"
              + " share of its calendar days have data, and missing (O) below it.");

  public static final Setting<Double> RELEASE_MIN_VALUE_COVERAGE =
      Setting.fraction(
          "tokenstats.release.min-value-coverage",
          "The value multiple (billed CNY per CNY of energy) of a cell is published when at least"
              + " this share of its tokens has a billed amount, known energy and an hourly price;"
              + " below it the figure is missing (O).");

  public static final Setting<String> RELEASE_PUBLISHER =
      Setting.string(
          "tokenstats.release.publisher.name",
          "Who publishes the releases: named in the bulletin, the README and the CSVW metadata.");

  public static final Setting<String> RELEASE_CONTACT =
      Setting.string(
          "tokenstats.release.publisher.contact",
          "Where readers ask about a release: an e-mail address or an http(s) URL; empty for"
              + " none.");

  public static final Setting<String> RELEASE_METHODOLOGY_URL =
      Setting.string(
          "tokenstats.release.publisher.methodology-url",
          "The published methodology the bulletin links to (an http(s) URL); empty links the"
              + " methodology notes in the release's README.txt.");

  public static final Setting<String> RELEASE_SDMX_AGENCY =
      Setting.string(
          "tokenstats.release.publisher.sdmx-agency",
          "The SDMX agency id that owns the release's data structure and code lists (letters,"
              + " digits and underscores, starting with a letter), e.g. the office's registered"
              + " SDMX agency.");

  public static final Setting<Duration> VACUUM_RETENTION =
      Setting.duration(
          "tokenstats.maintenance.vacuum-retention",
          "How long `maintain` keeps data files no longer in the latest table version (at least"
              + " 7d); files of a version a release refers to are kept however old.");

  public static final Setting<Integer> RELEASE_MIN_PROVIDERS =
      Setting.positiveInt(
          "tokenstats.release.disclosure.min-providers",
          "Threshold rule: a published cell with fewer contributing providers than this is"
              + " suppressed (C).");

  public static final Setting<Integer> RELEASE_DOMINANCE_N =
      Setting.positiveInt(
          "tokenstats.release.disclosure.dominance-n",
          "Dominance rule (n, k): n, how many of the largest providers are summed.");

  public static final Setting<Double> RELEASE_DOMINANCE_K =
      Setting.fraction(
          "tokenstats.release.disclosure.dominance-k",
          "Dominance rule (n, k): a cell where the n largest providers hold more than this share"
              + " of its tokens is suppressed (C).");

  public static final Setting<Integer> RELEASE_PROVISIONAL_AFTER_DAYS =
      Setting.positiveInt(
          "tokenstats.release.calendar.provisional-after-days",
          "Release calendar: a month is first published (provisional) this many days after its"
              + " last day, by `nightly`.");

  public static final Setting<Integer> RELEASE_FINAL_AFTER_DAYS =
      Setting.positiveInt(
          "tokenstats.release.calendar.final-after-days",
          "Release calendar: a month's figures become final this many days after its last day;"
              + " `nightly` then publishes the final release.");

  public static final Setting<Boolean> NOTEBOOK_READ_ONLY =
      Setting.bool(
          "tokenstats.notebook.read-only",
          "Notebook kernels refuse every change to the warehouse's tables (SQL, DataFrame and"
              + " Delta APIs alike); false gives an analyst a writable session, e.g. on a scratch"
              + " copy of the warehouse.");

  public static final Setting<String> NOTEBOOK_JUPYTER =
      Setting.string(
          "tokenstats.notebook.jupyter",
          "The jupyter executable `notebook` runs (Debian's /usr/bin/jupyter; bin/setup"
              + " installs it).");

  public static final Setting<Integer> NOTEBOOK_PORT =
      Setting.positiveInt(
          "tokenstats.notebook.port", "Port of the notebook server `notebook` starts.");

  public static final Setting<Integer> NOTEBOOK_MAX_ROWS =
      Setting.positiveInt(
          "tokenstats.notebook.max-rows",
          "How many rows a notebook cell shows of a query result (the rest are counted, not"
              + " shown).");

  /** All keys, in the order `--help settings` lists them. */
  public static final List<Setting<?>> ALL =
      List.of(
          HOME,
          LANDING,
          WAREHOUSE,
          RELEASES,
          TIME_ZONE,
          GROWTH_BASELINE,
          SPARK_MASTER,
          SPARK_UI,
          SHUFFLE_PARTITIONS,
          SPARK_CONF,
          PROGRESS_INTERVAL,
          LOCK_STALE_AFTER,
          INGEST_MAX_LINE_BYTES,
          INGEST_MAX_FILE_BYTES,
          INGEST_REVISION_WINDOW,
          PRICE_MARKET_ORDER,
          QUALITY_FATAL,
          QUALITY_ROW_COUNT_TOLERANCE,
          QUALITY_MIN_ENERGY_COVERAGE,
          QUALITY_MIN_COST_COVERAGE,
          NONRESPONSE_WINDOW_DAYS,
          NONRESPONSE_MIN_REPORTING_DAYS,
          VACUUM_RETENTION,
          RELEASE_MIN_PROVIDERS,
          RELEASE_DOMINANCE_N,
          RELEASE_DOMINANCE_K,
          RELEASE_MIN_DAY_COVERAGE,
          RELEASE_MIN_VALUE_COVERAGE,
          RELEASE_PUBLISHER,
          RELEASE_CONTACT,
          RELEASE_METHODOLOGY_URL,
          RELEASE_SDMX_AGENCY,
          RELEASE_PROVISIONAL_AFTER_DAYS,
          RELEASE_FINAL_AFTER_DAYS,
          NOTEBOOK_READ_ONLY,
          NOTEBOOK_JUPYTER,
          NOTEBOOK_PORT,
          NOTEBOOK_MAX_ROWS);
}
