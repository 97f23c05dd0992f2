package org.tokenstats.jobs.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Building a release's observations from hand-made figures: statuses, disclosure across the tables
 * (a single-region hub, a zone with one region), revision marks.
 */
class ReleaseBuilderTest {
  static final YearMonth P = YearMonth.of(2026, 3);
  static final ReleaseConfig CONFIG =
      new ReleaseConfig(
          new Disclosure.Rule(3, 2, 0.85), 5, 60, YearMonth.of(2026, 1), "Asia/Shanghai");

  static Figures month(String period, String level, String code, long tokens) {
    return new Figures(
        period,
        level,
        code,
        tokens,
        tokens / 100,
        new BigDecimal("10.000"),
        new BigDecimal("1.000"),
        tokens,
        new BigDecimal("5.000"),
        tokens,
        new BigDecimal("43200"),
        86400L * 31,
        5,
        tokens / 31.0,
        2.5,
        1.25,
        null,
        null);
  }

  static Figures day(String date, long tokens, Double avg7d) {
    return new Figures(
        date,
        "national",
        "CN",
        tokens,
        tokens / 100,
        new BigDecimal("1.000"),
        new BigDecimal("0.600"),
        tokens,
        null,
        0,
        null,
        0,
        null,
        null,
        null,
        null,
        null,
        avg7d);
  }

  /**
   * East: hub JJJ with one region (CN-BJ, 2 providers), hub YRD (CN-JS, CN-ZJ). West: only CN-NX,
   * outside any hub, with 2 providers.
   */
  static ReleaseData data() {
    String p = P.toString();
    List<Figures> months = new ArrayList<>();
    months.add(month("2026-01", "national", "CN", 3100));
    months.add(month("2026-02", "national", "CN", 2800));
    months.add(month(p, "national", "CN", 1000));
    months.add(month(p, "zone", "east", 900));
    months.add(month(p, "zone", "west", 100));
    months.add(month(p, "hub", "JJJ", 200));
    months.add(month(p, "hub", "YRD", 700));
    months.add(month(p, "region", "CN-BJ", 200));
    months.add(month(p, "region", "CN-JS", 300));
    months.add(month(p, "region", "CN-ZJ", 400));
    months.add(month(p, "region", "CN-NX", 100));
    Map<String, Map<String, Long>> contributions = new HashMap<>();
    contributions.put(id(p, "national", "CN"), providers(400L, 300L, 300L));
    contributions.put(id(p, "zone", "east"), providers(350L, 300L, 250L));
    contributions.put(id(p, "zone", "west"), providers(50L, 50L));
    contributions.put(id(p, "hub", "JJJ"), providers(100L, 100L));
    contributions.put(id(p, "hub", "YRD"), providers(250L, 250L, 200L));
    contributions.put(id(p, "region", "CN-BJ"), providers(100L, 100L));
    contributions.put(id(p, "region", "CN-JS"), providers(100L, 100L, 100L));
    contributions.put(id(p, "region", "CN-ZJ"), providers(150L, 150L, 100L));
    contributions.put(id(p, "region", "CN-NX"), providers(50L, 50L));
    contributions.put(id("2026-01", "national", "CN"), providers(1000L, 1000L, 1100L));
    contributions.put(id("2026-02", "national", "CN"), providers(2000L, 400L, 400L));
    List<Figures> days = List.of(day("2026-03-14", 400, null), day("2026-03-15", 600, 550.4));
    contributions.put(id("2026-03-14", "national", "CN"), providers(200L, 100L, 100L));
    contributions.put(id("2026-03-15", "national", "CN"), providers(200L, 200L, 200L));
    return new ReleaseData(
        P,
        days,
        months,
        contributions,
        List.of(
            new ReleaseData.Placement("CN-BJ", "JJJ", "east"),
            new ReleaseData.Placement("CN-JS", "YRD", "east"),
            new ReleaseData.Placement("CN-ZJ", "YRD", "east"),
            new ReleaseData.Placement("CN-NX", null, "west")),
        Map.of("CN-BJ", "Beijing", "JJJ", "=HYPERLINK(\"x\")", "CN-JS", "Jiangsu"));
  }

  private static final java.util.concurrent.atomic.AtomicInteger PROVIDER =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Providers with these tokens, each seen in no other cell (as if anonymous). */
  static Map<String, Long> providers(long... tokens) {
    Map<String, Long> out = new TreeMap<>();
    for (long t : tokens) {
      out.put("p" + PROVIDER.incrementAndGet(), t);
    }
    return out;
  }

  static String id(String period, String level, String code) {
    return ReleaseBuilder.cellId(period, level, code);
  }

  @Test
  void publishedTotalsNeverGiveASuppressedCellAway() {
    ReleaseBuilder.Content c =
        ReleaseBuilder.build(data(), CONFIG, true, LocalDate.of(2026, 4, 5), Map.of());
    Map<String, Observation> tokens = new HashMap<>();
    c.tables()
        .values()
        .forEach(
            rows ->
                rows.stream()
                    .filter(
                        o -> o.measure() == Measure.TOTAL_TOKENS && o.period().equals("2026-03"))
                    .forEach(o -> tokens.put(o.geoLevel() + ":" + o.geoCode(), o)));
    assertThat(tokens.get("region:CN-BJ").confStatus()).isEqualTo("C");
    assertThat(tokens.get("region:CN-NX").confStatus()).isEqualTo("C");
    assertThat(tokens.get("hub:JJJ").confStatus()).isIn("C", "D");
    assertThat(tokens.get("zone:west").confStatus()).isIn("C", "D");
    // Every suppressed figure is empty, in every measure of its cell.
    c.tables()
        .values()
        .forEach(
            rows ->
                rows.forEach(
                    o -> {
                      if (!o.confStatus().equals("F")) {
                        assertThat(o.value()).as(o.key()).isNull();
                      }
                    }));
    // An intruder with every published total and the hierarchy recovers nothing.
    Map<String, Long> truth = new HashMap<>();
    Set<String> hidden = new TreeSet<>();
    tokens.forEach(
        (k, o) -> {
          Figures f =
              data().months().stream()
                  .filter(
                      x -> (x.level() + ":" + x.code()).equals(k) && x.period().equals("2026-03"))
                  .findFirst()
                  .orElseThrow();
          truth.put(k, f.totalTokens());
          if (o.value() == null) {
            hidden.add(k);
          } else {
            assertThat(o.value().longValueExact()).isEqualTo(f.totalTokens());
          }
        });
    List<Disclosure.Equation> hierarchy =
        List.of(
            new Disclosure.Equation("national:CN", List.of("zone:east", "zone:west")),
            new Disclosure.Equation("zone:east", List.of("hub:JJJ", "hub:YRD")),
            new Disclosure.Equation("zone:west", List.of("region:CN-NX")),
            new Disclosure.Equation("hub:JJJ", List.of("region:CN-BJ")),
            new Disclosure.Equation("hub:YRD", List.of("region:CN-JS", "region:CN-ZJ")));
    assertThat(
            DisclosureTest.Attacker.recover(
                hierarchy, truth, Set.of("region:CN-BJ", "region:CN-NX")))
        .as("the layout leaks without secondary suppression")
        .containsKeys("region:CN-BJ", "region:CN-NX");
    assertThat(DisclosureTest.Attacker.recover(hierarchy, truth, hidden)).isEmpty();
    assertThat(Disclosure.recoverable(hierarchy, hidden)).isEmpty();
    assertThat(c.primaryCells()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void statusesMissingDaysEstimatesAndRevisions() {
    ReleaseBuilder.Content first =
        ReleaseBuilder.build(data(), CONFIG, true, LocalDate.of(2026, 4, 5), Map.of());
    List<Observation> daily = first.tables().get(ReleaseTable.NATIONAL_DAILY);
    assertThat(daily).hasSize(31 * ReleaseBuilder.DAILY.size());
    Observation missing = find(daily, "2026-03-01", Measure.TOTAL_TOKENS);
    assertThat(missing.obsStatus()).isEqualTo("M");
    assertThat(missing.value()).isNull();
    assertThat(find(daily, "2026-03-15", Measure.TOTAL_TOKENS).obsStatus()).isEqualTo("P");
    assertThat(find(daily, "2026-03-15", Measure.TOKENS_7D_AVERAGE).publishedValue())
        .isEqualTo("550");
    assertThat(find(daily, "2026-03-14", Measure.TOKENS_7D_AVERAGE).obsStatus()).isEqualTo("M");
    // 0.6 of 1.0 kWh estimated: E
    assertThat(find(daily, "2026-03-14", Measure.ENERGY_KWH).obsStatus()).isEqualTo("E");
    // 2026-02: top two providers hold 2,400 of 2,800: confidential; March's mom leans on it.
    List<Observation> summary = first.tables().get(ReleaseTable.MONTHLY_SUMMARY);
    assertThat(find(summary, "2026-02", Measure.TOTAL_TOKENS).confStatus()).isEqualTo("C");
    Observation mom =
        summary.stream()
            .filter(
                o ->
                    o.period().equals("2026-03")
                        && o.geoLevel().equals("national")
                        && o.measure() == Measure.MOM_RATIO)
            .findFirst()
            .orElseThrow();
    assertThat(mom.confStatus()).isEqualTo("D");
    assertThat(mom.value()).isNull();
    // January is past its final lag on 2026-04-05: A; March is provisional.
    assertThat(find(summary, "2026-01", Measure.TOTAL_TOKENS).obsStatus()).isEqualTo("A");
    // registry names are kept as data (the CSV writer neutralises them)
    assertThat(first.tables().get(ReleaseTable.HUB_MONTHLY).get(0).geoName())
        .isEqualTo("=HYPERLINK(\"x\")");

    // A later release where January grew: that figure is marked R and listed.
    Map<FigureKey, ReleaseBuilder.Prior> prior = new HashMap<>();
    for (Map.Entry<ReleaseTable, List<Observation>> t : first.tables().entrySet()) {
      for (Observation o : t.getValue()) {
        prior.put(
            FigureKey.of(t.getKey(), o),
            new ReleaseBuilder.Prior("tokens-2026-03-v1", o.publishedValue(), o.confStatus()));
      }
    }
    ReleaseData changed = data();
    List<Figures> months = new ArrayList<>(changed.months());
    months.set(0, month("2026-01", "national", "CN", 3200));
    changed =
        new ReleaseData(
            P,
            changed.days(),
            months,
            changed.contributions(),
            changed.placements(),
            changed.names());
    ReleaseBuilder.Content second =
        ReleaseBuilder.buildAgainst(changed, CONFIG, true, LocalDate.of(2026, 4, 20), prior);
    Observation jan =
        find(second.tables().get(ReleaseTable.MONTHLY_SUMMARY), "2026-01", Measure.TOTAL_TOKENS);
    assertThat(jan.revision()).isEqualTo("R");
    assertThat(jan.publishedValue()).isEqualTo("3200");
    assertThat(
            find(second.tables().get(ReleaseTable.MONTHLY_SUMMARY), "2026-03", Measure.TOTAL_TOKENS)
                .revision())
        .isEmpty();
    assertThat(second.changes())
        .extracting(
            ReleaseBuilder.Change::period,
            ReleaseBuilder.Change::measure,
            ReleaseBuilder.Change::previousValue,
            ReleaseBuilder.Change::value)
        .contains(org.assertj.core.groups.Tuple.tuple("2026-01", "total_tokens", "3100", "3200"));
  }

  @Test
  void figuresDerivedFromAHiddenTotalAreHiddenToo() {
    ReleaseData base = data();
    Map<String, Map<String, Long>> contributions = new HashMap<>(base.contributions());
    // 03-14 has two providers (C); the hidden month total already protects it (no complement),
    // so 03-15 and 03-16 stay free, but their 7-day windows hold 03-14.
    contributions.put(id("2026-03-14", "national", "CN"), providers(300L, 100L));
    contributions.put(id("2026-03-16", "national", "CN"), providers(200L, 150L, 150L));
    // The national month is dominated: 950 of 1,000 in two providers.
    contributions.put(id("2026-03", "national", "CN"), providers(900L, 50L, 50L));
    List<Figures> days =
        List.of(
            day("2026-03-14", 400, null),
            day("2026-03-15", 600, 550.4),
            day("2026-03-16", 500, 520.0));
    ReleaseData data =
        new ReleaseData(P, days, base.months(), contributions, base.placements(), base.names());
    ReleaseBuilder.Content c =
        ReleaseBuilder.build(data, CONFIG, false, LocalDate.of(2026, 6, 1), Map.of());
    assertThat(DisclosureAudit.findings(c, data, CONFIG)).isEmpty();
    List<Observation> daily = c.tables().get(ReleaseTable.NATIONAL_DAILY);
    assertThat(find(daily, "2026-03-14", Measure.TOTAL_TOKENS).confStatus()).isEqualTo("C");
    assertThat(find(daily, "2026-03-15", Measure.TOTAL_TOKENS).confStatus()).isEqualTo("F");
    assertThat(find(daily, "2026-03-16", Measure.TOTAL_TOKENS).confStatus()).isEqualTo("F");
    for (String d : List.of("2026-03-15", "2026-03-16")) {
      Observation avg = find(daily, d, Measure.TOKENS_7D_AVERAGE);
      assertThat(avg.confStatus()).as(d).isEqualTo("D");
      assertThat(avg.value()).isNull();
    }
    // Every published share of national would give the hidden national total back.
    List<Observation> all = new ArrayList<>();
    c.tables().values().forEach(all::addAll);
    assertThat(
            find(c.tables().get(ReleaseTable.MONTHLY_SUMMARY), "2026-03", Measure.TOTAL_TOKENS)
                .confStatus())
        .isEqualTo("C");
    assertThat(all.stream().filter(o -> o.measure() == Measure.SHARE_OF_NATIONAL))
        .isNotEmpty()
        .allSatisfy(o -> assertThat(o.value()).isNull());
  }

  @Test
  void ratiosThatWouldRevealAnEarlierMonthAreHidden() {
    ReleaseData base = data();
    Map<String, Map<String, Long>> contributions = new HashMap<>(base.contributions());
    // Jiangsu had two providers in February: March's mom ratio x March's average = February's.
    contributions.put(id("2026-02", "region", "CN-JS"), providers(100L, 100L));
    contributions.put(id("2026-02", "region", "CN-ZJ"), providers(100L, 100L, 100L));
    ReleaseData data =
        new ReleaseData(
            P, base.days(), base.months(), contributions, base.placements(), base.names());
    // An earlier release published Zhejiang's February as confidential (D).
    Map<FigureKey, ReleaseBuilder.Prior> prior =
        Map.of(
            new FigureKey(
                ReleaseTable.REGION_MONTHLY, "2026-02", "region", "CN-ZJ", "total_tokens"),
            new ReleaseBuilder.Prior("tokens-2026-02-v1", "", "D"));
    ReleaseBuilder.Content c =
        ReleaseBuilder.buildAgainst(data, CONFIG, true, LocalDate.of(2026, 4, 5), prior);
    assertThat(DisclosureAudit.findings(c, data, CONFIG)).isEmpty();
    List<Observation> regions = c.tables().get(ReleaseTable.REGION_MONTHLY);
    assertThat(regional(regions, "CN-JS", Measure.TOTAL_TOKENS).confStatus()).isEqualTo("F");
    assertThat(regional(regions, "CN-JS", Measure.MOM_RATIO).confStatus()).isEqualTo("D");
    assertThat(regional(regions, "CN-JS", Measure.MOM_RATIO).value()).isNull();
    assertThat(regional(regions, "CN-ZJ", Measure.MOM_RATIO).confStatus()).isEqualTo("D");
    // No confidential baseline: the growth multiple stays.
    assertThat(regional(regions, "CN-JS", Measure.GROWTH_MULTIPLE).confStatus()).isEqualTo("F");
    assertThat(regional(regions, "CN-JS", Measure.GROWTH_MULTIPLE).publishedValue())
        .isEqualTo("2.500000");
  }

  @Test
  void theAuditPassesWhatDisclosureControlBuiltAndFindsWhatWouldLeak() {
    ReleaseData data = data();
    ReleaseBuilder.Content c =
        ReleaseBuilder.build(data, CONFIG, true, LocalDate.of(2026, 4, 5), Map.of());
    assertThat(DisclosureAudit.findings(c, data, CONFIG)).isEmpty();

    // The secondary suppressions taken back: the hidden regions can be computed again.
    assertThat(
            DisclosureAudit.findings(
                publish(c, o -> o.confStatus().equals("D") && o.measure() == Measure.TOTAL_TOKENS),
                data,
                CONFIG))
        .anyMatch(f -> f.startsWith("total_tokens of [") && f.contains("computed exactly"));
    // One measure of a hidden cell published: energy of a confidential region.
    assertThat(
            DisclosureAudit.findings(
                publish(c, o -> o.geoCode().equals("CN-BJ") && o.measure() == Measure.ENERGY_KWH),
                data,
                CONFIG))
        .anyMatch(f -> f.contains("2026-03|region|CN-BJ|energy_kwh is published"));
    // A figure marked confidential that still carries its value.
    List<Observation> national = new ArrayList<>(c.tables().get(ReleaseTable.NATIONAL_DAILY));
    Observation day = national.get(0);
    national.set(
        0,
        new Observation(
            day.period(),
            day.geoLevel(),
            day.geoCode(),
            day.geoName(),
            day.measure(),
            java.math.BigDecimal.ONE,
            day.obsStatus(),
            day.revision(),
            "D"));
    Map<ReleaseTable, List<Observation>> tables = new java.util.EnumMap<>(c.tables());
    tables.put(ReleaseTable.NATIONAL_DAILY, national);
    assertThat(
            DisclosureAudit.findings(
                new ReleaseBuilder.Content(tables, c.changes(), 0, 0), data, CONFIG))
        .anyMatch(f -> f.contains("is marked D but has a value"));
  }

  /** The content with the chosen suppressed figures published (F) with a stand-in value. */
  static ReleaseBuilder.Content publish(
      ReleaseBuilder.Content c, java.util.function.Predicate<Observation> which) {
    Map<ReleaseTable, List<Observation>> tables = new java.util.EnumMap<>(ReleaseTable.class);
    c.tables()
        .forEach(
            (t, rows) ->
                tables.put(
                    t,
                    rows.stream()
                        .map(
                            o ->
                                which.test(o)
                                    ? new Observation(
                                        o.period(),
                                        o.geoLevel(),
                                        o.geoCode(),
                                        o.geoName(),
                                        o.measure(),
                                        java.math.BigDecimal.TEN,
                                        o.obsStatus(),
                                        o.revision(),
                                        "F")
                                    : o)
                        .toList()));
    return new ReleaseBuilder.Content(tables, c.changes(), c.primaryCells(), c.secondaryCells());
  }

  static final ReleaseConfig NON_RESPONSE =
      new ReleaseConfig(
          new Disclosure.Rule(3, 2, 0.85), 5, 60, YearMonth.of(2026, 1), "Asia/Shanghai", 0.9);

  /** {@link #data()} with 14 March partly estimated and March covered on {@code marchDays}. */
  static ReleaseData withNonResponse(int marchDays) {
    ReleaseData base = data();
    Figures d14 = base.days().get(0);
    Figures estimated =
        new Figures(
            d14.period(),
            d14.level(),
            d14.code(),
            d14.totalTokens(),
            d14.requests(),
            d14.energyKwh(),
            d14.energyKwhEstimated(),
            d14.tokensEnergyKnown(),
            d14.energyCostCny(),
            d14.tokensPriced(),
            d14.usedSeconds(),
            d14.capacitySeconds(),
            d14.daysWithData(),
            d14.avgDailyTokens(),
            d14.growthMultiple(),
            d14.momRatio(),
            d14.yoyRatio(),
            d14.avg7d(),
            100L,
            1L,
            2L,
            3L,
            null,
            null,
            0L);
    return new ReleaseData(
        P,
        List.of(estimated, base.days().get(1)),
        base.months(),
        base.contributions(),
        base.placements(),
        base.names(),
        Map.of(
            "2026-01", new ReleaseData.MonthCoverage(31, 31, false),
            "2026-02", new ReleaseData.MonthCoverage(28, 28, false),
            "2026-03", new ReleaseData.MonthCoverage(31, marchDays, true)));
  }

  @Test
  void nonResponseEstimatesAreFlaggedAndAThinMonthIsNotPublished() {
    ReleaseBuilder.Content c =
        ReleaseBuilder.build(
            withNonResponse(28), NON_RESPONSE, true, LocalDate.of(2026, 4, 5), Map.of());
    List<Observation> daily = c.tables().get(ReleaseTable.NATIONAL_DAILY);
    assertThat(daily).hasSize(31 * (ReleaseBuilder.DAILY.size() + 1));
    // A day with an estimated provider: the whole, E, and the response rate beside it.
    Observation d14 = find(daily, "2026-03-14", Measure.TOTAL_TOKENS);
    assertThat(d14.publishedValue()).isEqualTo("500");
    assertThat(d14.obsStatus()).isEqualTo("E");
    assertThat(find(daily, "2026-03-14", Measure.RESPONSE_RATE).publishedValue())
        .isEqualTo("0.666667");
    assertThat(find(daily, "2026-03-15", Measure.TOTAL_TOKENS).obsStatus()).isEqualTo("P");
    // A day nobody reported on was not collected: O, not M.
    assertThat(find(daily, "2026-03-01", Measure.TOTAL_TOKENS).obsStatus()).isEqualTo("O");
    assertThat(find(daily, "2026-03-01", Measure.RESPONSE_RATE).obsStatus()).isEqualTo("O");

    // 28 of 31 days: scaled to the month, E; ratios by both months' coverage.
    List<Observation> summary = c.tables().get(ReleaseTable.MONTHLY_SUMMARY);
    Observation march = find(summary, "2026-03", Measure.TOTAL_TOKENS);
    assertThat(march.publishedValue()).isEqualTo("1107"); // 1000 x 31 / 28
    assertThat(march.obsStatus()).isEqualTo("E");
    assertThat(find(summary, "2026-03", Measure.GROWTH_MULTIPLE).publishedValue())
        .isEqualTo("2.767857"); // 2.5 x 31 / 28 against a complete January
    assertThat(find(summary, "2026-02", Measure.TOTAL_TOKENS).obsStatus()).isEqualTo("P");
    assertThat(find(summary, "2026-03", Measure.DAYS_WITH_DATA).obsStatus()).isEqualTo("P");

    // 2 of 31 days: below the threshold, the month's token figures are missing (O).
    List<Observation> thin =
        ReleaseBuilder.build(
                withNonResponse(2), NON_RESPONSE, true, LocalDate.of(2026, 4, 5), Map.of())
            .tables()
            .get(ReleaseTable.MONTHLY_SUMMARY);
    for (Measure m :
        List.of(Measure.TOTAL_TOKENS, Measure.AVG_DAILY_TOKENS, Measure.GROWTH_MULTIPLE)) {
      assertThat(find(thin, "2026-03", m).obsStatus()).as(m.id()).isEqualTo("O");
      assertThat(find(thin, "2026-03", m).value()).as(m.id()).isNull();
    }
    assertThat(find(thin, "2026-03", Measure.DAYS_WITH_DATA).publishedValue()).isEqualTo("5");
  }

  static final ReleaseConfig VALUE =
      new ReleaseConfig(
          new Disclosure.Rule(3, 2, 0.85), 5, 60, YearMonth.of(2026, 1), "Asia/Shanghai", 0.9, 0.5);

  /** {@code f} with the value multiple's sums: billed and energy cost over tokens valued. */
  static Figures valued(Figures f, String billed, String cost, long tokensValued) {
    return new Figures(
        f.period(),
        f.level(),
        f.code(),
        f.totalTokens(),
        f.requests(),
        f.energyKwh(),
        f.energyKwhEstimated(),
        f.tokensEnergyKnown(),
        f.energyCostCny(),
        f.tokensPriced(),
        f.usedSeconds(),
        f.capacitySeconds(),
        f.daysWithData(),
        f.avgDailyTokens(),
        f.growthMultiple(),
        f.momRatio(),
        f.yoyRatio(),
        f.avg7d(),
        f.imputedTokens(),
        f.imputedRequests(),
        f.respondents(),
        f.expectedRespondents(),
        new BigDecimal(billed),
        new BigDecimal(cost),
        tokensValued);
  }

  /** {@link #data()} whose March national cell has {@code tokensValued} of its tokens valued. */
  static ReleaseData withValue(long tokensValued) {
    ReleaseData base = data();
    List<Figures> months = new java.util.ArrayList<>();
    for (Figures f : base.months()) {
      boolean march = f.period().equals("2026-03") && f.level().equals("national");
      months.add(march ? valued(f, "28.5", "2.000", tokensValued) : f);
    }
    return new ReleaseData(
        P,
        base.days(),
        months,
        base.contributions(),
        base.placements(),
        base.names(),
        base.nationalMonths());
  }

  @Test
  void theValueMultipleIsPublishedWhereItsCoverageReachesTheThreshold() {
    long tokens =
        data().months().stream()
            .filter(f -> f.period().equals("2026-03") && f.level().equals("national"))
            .findFirst()
            .orElseThrow()
            .totalTokens();
    List<Observation> covered =
        ReleaseBuilder.build(withValue(tokens / 2), VALUE, true, LocalDate.of(2026, 4, 5), Map.of())
            .tables()
            .get(ReleaseTable.MONTHLY_SUMMARY);
    Observation v = find(covered, "2026-03", Measure.VALUE_MULTIPLE);
    assertThat(v.publishedValue()).isEqualTo("14.250000"); // 28.5 / 2
    assertThat(v.obsStatus()).isEqualTo("P");
    assertThat(v.confStatus()).isEqualTo("F");

    Observation thin =
        find(
            ReleaseBuilder.build(
                    withValue(tokens / 2 - 1), VALUE, true, LocalDate.of(2026, 4, 5), Map.of())
                .tables()
                .get(ReleaseTable.MONTHLY_SUMMARY),
            "2026-03",
            Measure.VALUE_MULTIPLE);
    assertThat(thin.value()).isNull();
    assertThat(thin.obsStatus()).isEqualTo("O");

    // A methodology without the setting (releases published before it) has no such measure.
    assertThat(
            ReleaseBuilder.build(
                    withValue(tokens), NON_RESPONSE, true, LocalDate.of(2026, 4, 5), Map.of())
                .tables()
                .get(ReleaseTable.MONTHLY_SUMMARY))
        .noneMatch(o -> o.measure() == Measure.VALUE_MULTIPLE);
  }

  static Observation regional(List<Observation> rows, String code, Measure m) {
    return rows.stream()
        .filter(o -> o.geoCode().equals(code) && o.measure() == m)
        .findFirst()
        .orElseThrow();
  }

  static Observation find(List<Observation> rows, String period, Measure m) {
    return rows.stream()
        .filter(
            o -> o.period().equals(period) && o.geoLevel().equals("national") && o.measure() == m)
        .findFirst()
        .orElseThrow();
  }
}
