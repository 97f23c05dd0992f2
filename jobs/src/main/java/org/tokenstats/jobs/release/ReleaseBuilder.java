package org.tokenstats.jobs.release;

import static org.tokenstats.common.table.GoldTables.TokenDailyRollup.HUB;
import static org.tokenstats.common.table.GoldTables.TokenDailyRollup.NATIONAL;
import static org.tokenstats.common.table.GoldTables.TokenDailyRollup.NATIONAL_CODE;
import static org.tokenstats.common.table.GoldTables.TokenDailyRollup.REGION;
import static org.tokenstats.common.table.GoldTables.TokenDailyRollup.ZONE;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns a {@link ReleaseData} into the observations of the four release tables: statuses (A, P, E,
 * M), disclosure control (C, D) and revision marks (R) against earlier releases. Pure: no Spark, no
 * files, no clock.
 */
public final class ReleaseBuilder {
  private ReleaseBuilder() {}

  /**
   * A figure as an earlier release published it; {@code obsStatus} null where it is not known (then
   * only value and confidentiality are compared).
   */
  public record Prior(String releaseId, String value, String confStatus, String obsStatus) {
    public Prior(String releaseId, String value, String confStatus) {
      this(releaseId, value, confStatus, null);
    }
  }

  /** A figure that differs from its last publication. */
  public record Change(
      String table,
      String period,
      String geoLevel,
      String geoCode,
      String measure,
      String previousRelease,
      String previousValue,
      String previousConfStatus,
      String value,
      String confStatus) {}

  /**
   * The release's tables, its revisions (against the last publication, and the triangle of every
   * revised figure's publications), and how many cells disclosure control suppressed.
   */
  public record Content(
      Map<ReleaseTable, List<Observation>> tables,
      List<Change> changes,
      int primaryCells,
      int secondaryCells,
      List<RevisionTriangle.Revision> revisions) {

    /** Without a revision triangle (it needs every earlier publication, not only the last). */
    public Content(
        Map<ReleaseTable, List<Observation>> tables,
        List<Change> changes,
        int primaryCells,
        int secondaryCells) {
      this(tables, changes, primaryCells, secondaryCells, List.of());
    }

    /** This content with the triangle of its figures' publications, {@code history}. */
    Content withHistory(Map<FigureKey, List<Prior>> history) {
      return new Content(
          tables, changes, primaryCells, secondaryCells, RevisionTriangle.of(tables, history));
    }
  }

  static final List<Measure> DAILY =
      List.of(
          Measure.TOTAL_TOKENS,
          Measure.REQUESTS,
          Measure.TOKENS_7D_AVERAGE,
          Measure.ENERGY_KWH,
          Measure.KWH_PER_MILLION_TOKENS,
          Measure.CNY_PER_MILLION_TOKENS,
          Measure.UTILIZATION);

  static final List<Measure> MONTHLY =
      List.of(
          Measure.TOTAL_TOKENS,
          Measure.REQUESTS,
          Measure.AVG_DAILY_TOKENS,
          Measure.SHARE_OF_NATIONAL,
          Measure.GROWTH_MULTIPLE,
          Measure.MOM_RATIO,
          Measure.YOY_RATIO,
          Measure.ENERGY_KWH,
          Measure.KWH_PER_MILLION_TOKENS,
          Measure.CNY_PER_MILLION_TOKENS,
          Measure.UTILIZATION,
          Measure.DAYS_WITH_DATA);

  /** The measures of national_daily under {@code config}'s methodology. */
  static List<Measure> dailyMeasures(ReleaseConfig config) {
    return config.nonResponse() ? withResponseRate(DAILY) : DAILY;
  }

  /** The measures of the monthly tables under {@code config}'s methodology. */
  static List<Measure> monthlyMeasures(ReleaseConfig config) {
    List<Measure> measures = config.nonResponse() ? withResponseRate(MONTHLY) : MONTHLY;
    if (!config.valueMultiple()) {
      return measures;
    }
    List<Measure> out = new ArrayList<>(measures);
    out.add(out.indexOf(Measure.UTILIZATION), Measure.VALUE_MULTIPLE);
    return List.copyOf(out);
  }

  private static List<Measure> withResponseRate(List<Measure> measures) {
    List<Measure> out = new ArrayList<>(measures);
    out.add(Measure.RESPONSE_RATE);
    return List.copyOf(out);
  }

  /**
   * Measures made of tokens (or requests, or energy summed over days): estimated where providers'
   * tokens were imputed, and, for a month whose days do not all have data, scaled from the days
   * with data or missing below the coverage threshold.
   */
  static final Set<Measure> TOKEN_BASED =
      Set.of(
          Measure.TOTAL_TOKENS,
          Measure.REQUESTS,
          Measure.TOKENS_7D_AVERAGE,
          Measure.AVG_DAILY_TOKENS,
          Measure.SHARE_OF_NATIONAL,
          Measure.GROWTH_MULTIPLE,
          Measure.MOM_RATIO,
          Measure.YOY_RATIO);

  private static final List<String> LEVELS = List.of(NATIONAL, ZONE, HUB, REGION);

  /** Identifies a cell (a geography in a period) for disclosure control. */
  public static String cellId(String period, String level, String code) {
    return period + "|" + level + "|" + code;
  }

  /**
   * Builds the release.
   *
   * @param provisional the reference month's figures are provisional (P)
   * @param asOf the publication day: earlier months still inside their final lag are P too
   * @param prior the last earlier publication of each figure
   */
  public static Content build(
      ReleaseData data,
      ReleaseConfig config,
      boolean provisional,
      LocalDate asOf,
      Map<FigureKey, List<Prior>> history) {
    return buildAgainst(data, config, provisional, asOf, lastOf(history)).withHistory(history);
  }

  /** The last publication of each figure in {@code history} (publications oldest first). */
  static Map<FigureKey, Prior> lastOf(Map<FigureKey, List<Prior>> history) {
    Map<FigureKey, Prior> last = new HashMap<>();
    history.forEach((key, list) -> last.put(key, list.get(list.size() - 1)));
    return last;
  }

  /**
   * Builds the release against the last publication of each figure, {@code prior}: revision marks
   * and changes, without the revision triangle.
   */
  static Content buildAgainst(
      ReleaseData data,
      ReleaseConfig config,
      boolean provisional,
      LocalDate asOf,
      Map<FigureKey, Prior> prior) {
    String p = data.period().toString();
    Map<String, Figures> monthCells = new LinkedHashMap<>();
    data.months().forEach(f -> monthCells.put(cellId(f.period(), f.level(), f.code()), f));
    Map<String, Figures> dayCells = new LinkedHashMap<>();
    data.days().forEach(f -> dayCells.put(cellId(f.period(), f.level(), f.code()), f));

    Map<String, String> conf =
        new TreeMap<>(Disclosure.protect(disclosureCells(data), equations(data), config.rule()));
    // Earlier months (national only) are checked on their own; a ratio that leans on a suppressed
    // month is suppressed with it.
    Set<String> suppressedMonths = new HashSet<>();
    for (Map.Entry<String, Figures> e : monthCells.entrySet()) {
      if (!e.getValue().period().equals(p)) {
        boolean c = Disclosure.primary(cell(e.getKey(), 3, e.getValue(), data), config.rule());
        conf.put(e.getKey(), c ? Observation.CONFIDENTIAL : Observation.FREE);
      }
      if (!conf.get(e.getKey()).equals(Observation.FREE) && e.getValue().level().equals(NATIONAL)) {
        suppressedMonths.add(e.getValue().period());
      }
    }
    int primary = (int) conf.values().stream().filter(Observation.CONFIDENTIAL::equals).count();
    int secondary = (int) conf.values().stream().filter(Observation.SECONDARY::equals).count();

    Map<ReleaseTable, List<Observation>> tables = new EnumMap<>(ReleaseTable.class);
    // national_daily: every calendar day of the month, missing days included.
    List<Observation> daily = new ArrayList<>();
    for (LocalDate d = data.period().atDay(1);
        !d.isAfter(data.period().atEndOfMonth());
        d = d.plusDays(1)) {
      String id = cellId(d.toString(), NATIONAL, NATIONAL_CODE);
      Figures f = dayCells.get(id);
      for (Measure m : dailyMeasures(config)) {
        String c = conf.getOrDefault(id, Observation.FREE);
        // A 7-day average is a sum of 7 days over 7: with a suppressed day in its window, two
        // neighbouring averages would give that day away.
        if (m == Measure.TOKENS_7D_AVERAGE
            && c.equals(Observation.FREE)
            && f != null
            && f.avg7d() != null
            && windowHasSuppressedDay(d, conf)) {
          c = Observation.SECONDARY;
        }
        Observation o =
            observation(
                d.toString(),
                NATIONAL,
                NATIONAL_CODE,
                name(NATIONAL, NATIONAL_CODE, data),
                m,
                f == null ? null : value(m, f, null, config),
                f,
                provisional,
                c);
        if (config.nonResponse()) {
          o = dayStatus(o, m, f, d, dayCells);
        }
        daily.add(o);
      }
    }
    tables.put(ReleaseTable.NATIONAL_DAILY, daily);

    Figures nationalP = monthCells.get(cellId(p, NATIONAL, NATIONAL_CODE));
    Map<ReleaseTable, List<Observation>> monthly = new EnumMap<>(ReleaseTable.class);
    for (ReleaseTable t :
        List.of(
            ReleaseTable.MONTHLY_SUMMARY, ReleaseTable.HUB_MONTHLY, ReleaseTable.REGION_MONTHLY)) {
      monthly.put(t, new ArrayList<>());
    }
    List<Figures> ordered = new ArrayList<>(monthCells.values());
    ordered.sort(
        Comparator.comparing(Figures::period)
            .thenComparing(f -> LEVELS.indexOf(f.level()))
            .thenComparing(Figures::code));
    for (Figures f : ordered) {
      String id = cellId(f.period(), f.level(), f.code());
      boolean reference = f.period().equals(p);
      boolean monthProvisional =
          reference ? provisional : !config.isFinal(YearMonth.parse(f.period()), asOf);
      List<Observation> target = monthly.get(tableOf(f.level()));
      for (Measure m : monthlyMeasures(config)) {
        if (m == Measure.SHARE_OF_NATIONAL && f.level().equals(NATIONAL)
            || m == Measure.DAYS_WITH_DATA && !f.level().equals(NATIONAL)) {
          continue;
        }
        String c = m.confidential() ? conf.getOrDefault(id, Observation.FREE) : Observation.FREE;
        if (c.equals(Observation.FREE)
            && leansOnSuppressed(m, f, data, config, suppressedMonths, prior)) {
          c = Observation.SECONDARY;
        }
        // A share of a hidden national total, times the published part, gives the total.
        if (c.equals(Observation.FREE)
            && m == Measure.SHARE_OF_NATIONAL
            && !conf.getOrDefault(cellId(p, NATIONAL, NATIONAL_CODE), Observation.FREE)
                .equals(Observation.FREE)) {
          c = Observation.SECONDARY;
        }
        BigDecimal raw =
            raw(m, f, monthCells.get(cellId(f.period(), NATIONAL, NATIONAL_CODE)), config);
        MonthEstimate.Result estimate =
            config.nonResponse()
                ? MonthEstimate.of(m, f, raw, data, config)
                : new MonthEstimate.Result(raw, null);
        Observation o =
            observation(
                f.period(),
                f.level(),
                f.code(),
                name(f.level(), f.code(), data),
                m,
                m.round(estimate.value()),
                f,
                monthProvisional,
                c);
        if (m == Measure.VALUE_MULTIPLE && o.value() == null && c.equals(Observation.FREE)) {
          // Too few records with a billed amount, energy and a price: not estimable.
          o = o.withObsStatus(Observation.NOT_AVAILABLE);
        }
        target.add(estimate.status() == null ? o : o.withObsStatus(estimate.status()));
      }
    }
    tables.putAll(monthly);

    List<Change> changes = new ArrayList<>();
    for (Map.Entry<ReleaseTable, List<Observation>> t : tables.entrySet()) {
      t.setValue(markRevisions(t.getKey(), t.getValue(), prior, changes));
    }
    return new Content(tables, changes, primary, secondary);
  }

  private static List<Observation> markRevisions(
      ReleaseTable table,
      List<Observation> rows,
      Map<FigureKey, Prior> prior,
      List<Change> changes) {
    List<Observation> out = new ArrayList<>(rows.size());
    for (Observation o : rows) {
      Prior before = prior.get(FigureKey.of(table, o));
      if (before != null
          && !(before.value().equals(o.publishedValue())
              && before.confStatus().equals(o.confStatus()))) {
        changes.add(
            new Change(
                table.id(),
                o.period(),
                o.geoLevel(),
                o.geoCode(),
                o.measure().id(),
                before.releaseId(),
                before.value(),
                before.confStatus(),
                o.publishedValue(),
                o.confStatus()));
        out.add(o.withRevision(Observation.REVISED));
      } else {
        out.add(o);
      }
    }
    return out;
  }

  private static boolean windowHasSuppressedDay(LocalDate day, Map<String, String> conf) {
    for (int back = 0; back < 7; back++) {
      String id = cellId(day.minusDays(back).toString(), NATIONAL, NATIONAL_CODE);
      if (!conf.getOrDefault(id, Observation.FREE).equals(Observation.FREE)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A ratio (mom, yoy, growth multiple) times the cell's published average gives the average of the
   * month it refers to: so it is suppressed when that month's cell is confidential, by the rules on
   * its providers, in this release, or as an earlier release published it.
   */
  private static boolean leansOnSuppressed(
      Measure m,
      Figures f,
      ReleaseData data,
      ReleaseConfig config,
      Set<String> suppressedNationalMonths,
      Map<FigureKey, Prior> prior) {
    YearMonth month = YearMonth.parse(f.period());
    YearMonth ref =
        switch (m) {
          case MOM_RATIO -> month.minusMonths(1);
          case YOY_RATIO -> month.minusYears(1);
          case GROWTH_MULTIPLE -> config.baseline();
          default -> null;
        };
    if (ref == null || ref.equals(month)) {
      return false;
    }
    if (f.level().equals(NATIONAL) && suppressedNationalMonths.contains(ref.toString())) {
      return true;
    }
    Map<String, Long> providers =
        data.contributions().get(cellId(ref.toString(), f.level(), f.code()));
    if (providers != null && Disclosure.failsRules(providers, config.rule())) {
      return true;
    }
    Prior before =
        prior.get(
            new FigureKey(
                tableOf(f.level()),
                ref.toString(),
                f.level(),
                f.code(),
                Measure.TOTAL_TOKENS.id()));
    return before != null && !before.confStatus().equals(Observation.FREE);
  }

  private static ReleaseTable tableOf(String level) {
    return switch (level) {
      case HUB -> ReleaseTable.HUB_MONTHLY;
      case REGION -> ReleaseTable.REGION_MONTHLY;
      default -> ReleaseTable.MONTHLY_SUMMARY;
    };
  }

  private static Observation observation(
      String period,
      String level,
      String code,
      String name,
      Measure m,
      BigDecimal value,
      Figures f,
      boolean provisional,
      String conf) {
    String obs;
    if (value == null) {
      obs = Observation.MISSING;
    } else if (f != null && isEnergy(m) && f.energyMostlyEstimated()) {
      obs = Observation.ESTIMATED;
    } else {
      obs = provisional ? Observation.PROVISIONAL : Observation.NORMAL;
    }
    boolean suppressed = !conf.equals(Observation.FREE);
    return new Observation(period, level, code, name, m, suppressed ? null : value, obs, "", conf);
  }

  /**
   * A day's status under the non-response methodology: a day without any data is {@code O} (nothing
   * was collected), as is a 7-day average missing for lack of days; a ratio without a base stays
   * {@code M}; token figures with an imputed part, or a 7-day average over such a day, are {@code
   * E}.
   */
  private static Observation dayStatus(
      Observation o, Measure m, Figures f, LocalDate day, Map<String, Figures> dayCells) {
    if (f == null || o.value() == null && m == Measure.TOKENS_7D_AVERAGE) {
      return o.withObsStatus(o.value() == null ? Observation.NOT_AVAILABLE : o.obsStatus());
    }
    if (o.value() == null || !TOKEN_BASED.contains(m)) {
      return o;
    }
    boolean imputed = f.imputed();
    if (m == Measure.TOKENS_7D_AVERAGE) {
      for (int back = 1; back < 7 && !imputed; back++) {
        Figures before =
            dayCells.get(cellId(day.minusDays(back).toString(), NATIONAL, NATIONAL_CODE));
        imputed = before != null && before.imputed();
      }
    }
    return imputed ? o.withObsStatus(Observation.ESTIMATED) : o;
  }

  private static boolean isEnergy(Measure m) {
    return m == Measure.ENERGY_KWH
        || m == Measure.KWH_PER_MILLION_TOKENS
        || m == Measure.CNY_PER_MILLION_TOKENS
        || m == Measure.VALUE_MULTIPLE;
  }

  /**
   * The figure's value before any month-coverage scaling: under the non-response methodology tokens
   * and requests are the estimate of the whole (reported plus imputed).
   */
  private static BigDecimal value(Measure m, Figures f, Figures national, ReleaseConfig config) {
    return m.round(raw(m, f, national, config));
  }

  private static BigDecimal raw(Measure m, Figures f, Figures national, ReleaseConfig config) {
    boolean whole = config.nonResponse();
    long tokens = whole ? f.wholeTokens() : f.totalTokens();
    long nationalTokens =
        national == null ? 0 : whole ? national.wholeTokens() : national.totalTokens();
    BigDecimal raw =
        switch (m) {
          case TOTAL_TOKENS -> BigDecimal.valueOf(tokens);
          case REQUESTS -> BigDecimal.valueOf(whole ? f.wholeRequests() : f.requests());
          case TOKENS_7D_AVERAGE -> Measure.decimal(f.avg7d());
          case AVG_DAILY_TOKENS -> Measure.decimal(f.avgDailyTokens());
          case SHARE_OF_NATIONAL ->
              nationalTokens == 0
                  ? null
                  : BigDecimal.valueOf(tokens)
                      .divide(BigDecimal.valueOf(nationalTokens), java.math.MathContext.DECIMAL128);
          case GROWTH_MULTIPLE -> Measure.decimal(f.growthMultiple());
          case MOM_RATIO -> Measure.decimal(f.momRatio());
          case YOY_RATIO -> Measure.decimal(f.yoyRatio());
          case ENERGY_KWH -> f.energyKwh();
          case KWH_PER_MILLION_TOKENS -> f.kwhPerMillionTokens();
          case CNY_PER_MILLION_TOKENS -> f.cnyPerMillionTokens();
          case VALUE_MULTIPLE -> f.valueMultiple(config.minValueCoverage());
          case UTILIZATION -> f.utilization();
          case DAYS_WITH_DATA ->
              f.daysWithData() == null ? null : BigDecimal.valueOf(f.daysWithData());
          case RESPONSE_RATE -> f.responseRate();
        };
    return raw;
  }

  private static int depth(String level) {
    return switch (level) {
      case REGION -> 0;
      case HUB -> 1;
      case ZONE -> 2;
      default -> 3;
    };
  }

  /**
   * The cells disclosure control protects together, linked by {@link #equations}: the reference
   * month at every level, and its national days.
   */
  static List<Disclosure.Cell> disclosureCells(ReleaseData data) {
    String p = data.period().toString();
    List<Disclosure.Cell> cells = new ArrayList<>();
    for (Figures f : data.months()) {
      if (f.period().equals(p)) {
        cells.add(cell(cellId(f.period(), f.level(), f.code()), depth(f.level()), f, data));
      }
    }
    for (Figures f : data.days()) {
      cells.add(cell(cellId(f.period(), f.level(), f.code()), 0, f, data));
    }
    return cells;
  }

  private static Disclosure.Cell cell(String id, int depth, Figures f, ReleaseData data) {
    return new Disclosure.Cell(
        id, depth, f.wholeTokens(), data.contributions().getOrDefault(id, Map.of()));
  }

  /**
   * The additive relations among the published cells: national = its zones (and any region the
   * registry places in none), zone = its hubs and hub-less regions, hub = its regions, the month's
   * national total = its national days.
   */
  static List<Disclosure.Equation> equations(ReleaseData data) {
    String p = data.period().toString();
    Set<String> dayCells = new TreeSet<>();
    data.days().forEach(f -> dayCells.add(cellId(f.period(), f.level(), f.code())));
    Function<String, String> region = c -> cellId(p, REGION, c);
    Map<String, Set<String>> parts = new TreeMap<>();
    for (ReleaseData.Placement pl : data.placements()) {
      String parent;
      if (pl.hub() != null) {
        parent = cellId(p, HUB, pl.hub());
        String zoneParent =
            pl.zone() != null ? cellId(p, ZONE, pl.zone()) : cellId(p, NATIONAL, NATIONAL_CODE);
        parts.computeIfAbsent(zoneParent, k -> new TreeSet<>()).add(parent);
      } else if (pl.zone() != null) {
        parent = cellId(p, ZONE, pl.zone());
      } else {
        parent = cellId(p, NATIONAL, NATIONAL_CODE);
      }
      parts.computeIfAbsent(parent, k -> new TreeSet<>()).add(region.apply(pl.region()));
      if (pl.zone() != null) {
        parts
            .computeIfAbsent(cellId(p, NATIONAL, NATIONAL_CODE), k -> new TreeSet<>())
            .add(cellId(p, ZONE, pl.zone()));
      }
    }
    List<Disclosure.Equation> out = new ArrayList<>();
    parts.forEach((total, ps) -> out.add(new Disclosure.Equation(total, List.copyOf(ps))));
    if (!dayCells.isEmpty()) {
      out.add(new Disclosure.Equation(cellId(p, NATIONAL, NATIONAL_CODE), List.copyOf(dayCells)));
    }
    return out;
  }

  private static String name(String level, String code, ReleaseData data) {
    return switch (level) {
      case NATIONAL -> "China";
      case ZONE ->
          code.isEmpty() ? code : Character.toUpperCase(code.charAt(0)) + code.substring(1);
      default -> data.names().getOrDefault(code, "");
    };
  }
}
