package org.tokenstats.jobs.curate;

import static org.apache.spark.sql.functions.bround;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.tokenstats.common.feed.UsageFeed;
import org.tokenstats.common.table.BronzeTables.Providers;
import org.tokenstats.common.table.BronzeTables.Validity;
import org.tokenstats.common.table.GoldTables;
import org.tokenstats.common.table.GoldTables.TokenDaily;

/**
 * Non-response (docs/methodology.md, "Non-response"): which providers are expected to report on a
 * day, and an estimate of the tokens and requests of those that sent nothing, as pure functions of
 * Datasets.
 *
 * <p>A provider is <b>expected</b> on day D when it is registered on D and reported (had rows in
 * {@code gold.token_daily}) on at least {@code minReportingDays} of the {@code windowDays} days
 * before D. An expected provider with no rows on D is <b>missing</b>; it is estimated only when
 * somebody reported on D (a day without any respondent cannot be estimated: it is missing).
 *
 * <p><b>Ratio estimator.</b> Let B be the missing provider's base days (the days of the window it
 * reported on) and P the providers that reported on D and on at least one day of B. Its estimate
 * for D is its tokens over B times P's tokens on D over P's tokens on B: its recent share of the
 * responding providers, applied to what they reported that day, so a steady share is estimated
 * exactly however fast the total grows. Without such P (no common days), its own mean daily level
 * over B is used. The estimate is placed region by region, in proportion to its tokens per region
 * over B (requests likewise), each region's value rounded half-even to a whole number; hubs, zones
 * and the nation are sums of the regions, so every level adds up.
 */
public final class NonResponse {
  private NonResponse() {}

  /**
   * The curated days after the {@code asked} ones (within the window) whose estimates recomputing
   * them can change, added to them: a day with estimates (its ratios read the asked days), and a
   * day on which a provider that now qualifies as expected (at least {@code minReportingDays}
   * reporting days in its window, counting the asked days with their new data) sent nothing. Other
   * days are left alone, so curates of unrelated days stay apart (their day locks).
   *
   * @param curated the reporting days curated before
   * @param estimated the curated days that hold estimates
   * @param respondents providers with reported tokens per day: curated figures, and for the asked
   *     days their new data
   */
  public static SortedSet<LocalDate> dependentDays(
      SortedSet<LocalDate> asked,
      Collection<LocalDate> curated,
      Collection<LocalDate> estimated,
      Map<LocalDate, Set<String>> respondents,
      int windowDays,
      int minReportingDays) {
    SortedSet<LocalDate> out = new TreeSet<>(asked);
    for (LocalDate later : curated) {
      if (asked.contains(later) || !inWindowOfAny(later, asked, windowDays)) {
        continue;
      }
      if (estimated.contains(later)
          || newlyExpectedMissing(later, respondents, windowDays, minReportingDays)) {
        out.add(later);
      }
    }
    return out;
  }

  private static boolean inWindowOfAny(LocalDate later, SortedSet<LocalDate> asked, int window) {
    for (LocalDate d : asked) {
      if (later.isAfter(d) && !later.isAfter(d.plusDays(window))) {
        return true;
      }
    }
    return false;
  }

  /** A provider reported on enough days of {@code day}'s window, and not on the day. */
  private static boolean newlyExpectedMissing(
      LocalDate day, Map<LocalDate, Set<String>> respondents, int window, int minReportingDays) {
    Set<String> present = respondents.getOrDefault(day, Set.of());
    Map<String, Integer> reportingDays = new HashMap<>();
    for (LocalDate d = day.minusDays(window); d.isBefore(day); d = d.plusDays(1)) {
      for (String p : respondents.getOrDefault(d, Set.of())) {
        reportingDays.merge(p, 1, Integer::sum);
      }
    }
    return reportingDays.entrySet().stream()
        .anyMatch(e -> e.getValue() >= minReportingDays && !present.contains(e.getKey()));
  }

  /** The first day {@code gold.token_daily} must be read from to estimate {@code days}. */
  public static LocalDate windowStart(SortedSet<LocalDate> days, int windowDays) {
    return days.first().minusDays(windowDays);
  }

  /**
   * The estimated rows for every missing provider on each of {@code days}: report_date,
   * region_code, provider_id, total_tokens, requests (the columns {@code
   * UsageMeasures.providerContributions} places).
   *
   * @param tokenDaily {@code gold.token_daily} from {@link #windowStart} to the last day
   * @param providers {@code bronze.providers}
   */
  public static Dataset<Row> estimates(
      Dataset<Row> tokenDaily,
      Dataset<Row> providers,
      SortedSet<LocalDate> days,
      int windowDays,
      int minReportingDays) {
    return new Estimator(tokenDaily, providers, days, windowDays, minReportingDays).estimates();
  }

  /**
   * The missing providers of each of {@code days} (report_date, provider_id): those {@link
   * #estimates} gives rows for. Empty on a day everyone expected reported, the usual case, where a
   * caller can skip the estimator's plan.
   */
  public static Dataset<Row> missing(
      Dataset<Row> tokenDaily,
      Dataset<Row> providers,
      SortedSet<LocalDate> days,
      int windowDays,
      int minReportingDays) {
    Estimator m = new Estimator(tokenDaily, providers, days, windowDays, minReportingDays);
    return m.missing.select(
        col(Estimator.D).as(GoldTables.REPORT_DATE), col(UsageFeed.PROVIDER_ID));
  }

  /** The parts of the estimator: the window's provider-days, the respondents, the missing. */
  private static final class Estimator {
    static final String D = "_d";
    final Dataset<Row> byRegion;
    final Dataset<Row> respondents;
    final Dataset<Row> window;
    final Dataset<Row> missing;

    Estimator(
        Dataset<Row> tokenDaily,
        Dataset<Row> providers,
        SortedSet<LocalDate> days,
        int windowDays,
        int minReportingDays) {
      SparkSession spark = tokenDaily.sparkSession();
      String d = D;
      String p = UsageFeed.PROVIDER_ID;
      String day = GoldTables.REPORT_DATE;
      List<Row> dayRows = new ArrayList<>();
      days.forEach(x -> dayRows.add(RowFactory.create(Date.valueOf(x))));
      Dataset<Row> targets =
          spark.createDataFrame(dayRows, new StructType().add(d, DataTypes.DateType, false));

      byRegion =
          tokenDaily
              .groupBy(col(day), col(UsageFeed.REGION_CODE), col(p))
              .agg(sum(TokenDaily.TOTAL_TOKENS).as("_t"), sum(TokenDaily.REQUESTS).as("_r"));
      Dataset<Row> byProvider = byRegion.groupBy(col(day), col(p)).agg(sum("_t").as("_t"));

      // Who reported on D, with their tokens that day.
      respondents =
          targets
              .join(byProvider, col(day).equalTo(col(d)))
              .select(col(d), col(p), col("_t").as("_today"));
      // Every provider-day of each target's window.
      Column inWindow = col(day).geq(date_sub(col(d), windowDays)).and(col(day).lt(col(d)));
      window = targets.join(byProvider, inWindow).select(col(d), col(p), col(day), col("_t"));

      Column registered =
          col(Validity.VALID_FROM)
              .leq(col(d))
              .and(col(Validity.VALID_TO).isNull().or(col(Validity.VALID_TO).gt(col(d))));
      Dataset<Row> registry =
          providers.select(
              col(Providers.PROVIDER_ID).as("_rp"),
              col(Validity.VALID_FROM),
              col(Validity.VALID_TO));
      missing =
          window
              .groupBy(col(d), col(p))
              .agg(countDistinct(col(day)).as("_n"), sum("_t").as("_own"))
              .filter(col("_n").geq(minReportingDays))
              .join(registry, col(p).equalTo(col("_rp")).and(registered), "left_semi")
              .join(respondents.select(col(d), col(p)), new String[] {d, p}, "left_anti")
              .join(respondents.select(col(d)).distinct(), new String[] {d}, "left_semi");
    }

    Dataset<Row> estimates() {
      String d = D;
      String p = UsageFeed.PROVIDER_ID;
      String day = GoldTables.REPORT_DATE;
      // The missing provider's base days, and the respondents' tokens on those days.
      Dataset<Row> baseDays =
          window
              .join(missing.select(col(d), col(p)), new String[] {d, p}, "left_semi")
              .select(col(d).as("_bdd"), col(p).as("_m"), col(day).as("_bd"));
      Dataset<Row> respondentsOnBase =
          window
              .join(respondents.select(col(d), col(p)), new String[] {d, p}, "left_semi")
              .join(baseDays, col(d).equalTo(col("_bdd")).and(col(day).equalTo(col("_bd"))))
              .select(col(d), col("_m"), col(p), col("_t"));
      Dataset<Row> ratio =
          respondentsOnBase
              .groupBy(col(d), col("_m"))
              .agg(sum("_t").as("_base"))
              .join(
                  respondentsOnBase
                      .select(col(d), col("_m"), col(p))
                      .distinct()
                      .join(respondents, new String[] {d, p})
                      .groupBy(col(d), col("_m"))
                      .agg(sum("_today").as("_matched")),
                  new String[] {d, "_m"});

      // The missing provider's tokens and requests per region over its base days.
      Dataset<Row> regions =
          baseDays
              .join(byRegion, col(p).equalTo(col("_m")).and(col(day).equalTo(col("_bd"))))
              .groupBy(col("_bdd").as(d), col("_m"), col(UsageFeed.REGION_CODE))
              .agg(sum("_t").as("_rt"), sum("_r").as("_rr"));

      Dataset<Row> scaled =
          regions
              .join(missing.select(col(d), col(p).as("_m"), col("_n")), new String[] {d, "_m"})
              .join(ratio, new String[] {d, "_m"}, "left");
      Column useRatio = col("_base").isNotNull().and(col("_base").gt(0));
      return scaled.select(
          col(d).as(day),
          col(UsageFeed.REGION_CODE),
          col("_m").as(p),
          estimate(col("_rt"), useRatio).as(TokenDaily.TOTAL_TOKENS),
          estimate(col("_rr"), useRatio).as(TokenDaily.REQUESTS));
    }
  }

  /** value × matched / base (ratio) or value / base-day count (own level), half-even to a long. */
  private static Column estimate(Column value, Column useRatio) {
    Column v = value.cast("decimal(38,0)");
    Column byRatio = v.multiply(col("_matched").cast("decimal(20,0)")).divide(col("_base"));
    Column byLevel = v.divide(col("_n"));
    return bround(when(useRatio, byRatio).otherwise(byLevel), 0).cast("long");
  }
}
