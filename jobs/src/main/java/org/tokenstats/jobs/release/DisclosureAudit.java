package org.tokenstats.jobs.release;

import static org.tokenstats.common.table.GoldTables.TokenDailyRollup.NATIONAL;
import static org.tokenstats.common.table.GoldTables.TokenDailyRollup.NATIONAL_CODE;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The check every release passes before it is written, made on the observations as they will be
 * published, not on the decisions that produced them: for each additive measure (tokens, requests,
 * energy), the suppressed cells as the tables show them are audited with {@link Disclosure#audit}
 * against the table's equations; and every figure that would give a suppressed one back (another
 * measure of the same cell, a share of a hidden national total, a 7-day average over a hidden day,
 * a ratio to a hidden month) must be suppressed too. A release with any finding is not published.
 */
final class DisclosureAudit {
  private DisclosureAudit() {}

  /** Measures that add up along the table's equations, so that sums of them can be derived. */
  static final List<Measure> ADDITIVE =
      List.of(Measure.TOTAL_TOKENS, Measure.REQUESTS, Measure.ENERGY_KWH);

  /** What is wrong, one line each; empty when the release is safe to publish. */
  static List<String> findings(
      ReleaseBuilder.Content content, ReleaseData data, ReleaseConfig config) {
    String p = data.period().toString();
    Map<String, Observation> byKey = new HashMap<>();
    for (List<Observation> rows : content.tables().values()) {
      for (Observation o : rows) {
        byKey.put(o.key(), o);
      }
    }
    List<String> out = new ArrayList<>();
    for (Observation o : byKey.values()) {
      if (!o.confStatus().equals(Observation.FREE) && o.value() != null) {
        out.add(o.key() + " is marked " + o.confStatus() + " but has a value");
      }
    }
    List<Disclosure.Cell> cells = ReleaseBuilder.disclosureCells(data);
    // Earlier months of the national history stand alone, but are cells all the same.
    List<Disclosure.Cell> all = new ArrayList<>(cells);
    for (Figures f : data.months()) {
      if (!f.period().equals(p)) {
        String id = ReleaseBuilder.cellId(f.period(), f.level(), f.code());
        all.add(
            new Disclosure.Cell(
                id, 3, f.wholeTokens(), data.contributions().getOrDefault(id, Map.of())));
      }
    }
    // No confidential measure of a cell that fails the rules, or whose tokens are hidden, is out.
    for (Disclosure.Cell c : all) {
      String why =
          Disclosure.primary(c, config.rule())
              ? "its cell fails the threshold or dominance rule on its own"
              : hidden(byKey.get(Observation.key(c.id(), Measure.TOTAL_TOKENS)))
                  ? "the cell's tokens are suppressed"
                  : null;
      for (Measure m : Measure.values()) {
        Observation o = byKey.get(Observation.key(c.id(), m));
        if (why != null && m.confidential() && o != null && o.value() != null) {
          out.add(o.key() + " is published, but " + why);
        }
      }
    }
    List<Disclosure.Equation> equations = ReleaseBuilder.equations(data);
    for (Measure m : ADDITIVE) {
      Set<String> suppressed = new TreeSet<>();
      for (Disclosure.Cell c : cells) {
        Observation o = byKey.get(Observation.key(c.id(), m));
        if (o != null && !o.confStatus().equals(Observation.FREE)) {
          suppressed.add(c.id());
        }
      }
      for (Disclosure.Group g : Disclosure.audit(cells, equations, suppressed, config.rule())) {
        out.add(m.id() + " of " + g.cells() + ": " + g.problem());
      }
    }
    String national = ReleaseBuilder.cellId(p, NATIONAL, NATIONAL_CODE);
    boolean nationalHidden = hidden(byKey.get(Observation.key(national, Measure.TOTAL_TOKENS)));
    for (Observation o : byKey.values()) {
      if (o.value() == null) {
        continue;
      }
      switch (o.measure()) {
        case SHARE_OF_NATIONAL -> {
          if (nationalHidden) {
            out.add(o.key() + " is published while the national total it divides is suppressed");
          }
        }
        case TOKENS_7D_AVERAGE -> {
          LocalDate day = LocalDate.parse(o.period());
          for (int back = 0; back < 7; back++) {
            String id =
                ReleaseBuilder.cellId(day.minusDays(back).toString(), NATIONAL, NATIONAL_CODE);
            if (hidden(byKey.get(Observation.key(id, Measure.TOTAL_TOKENS)))) {
              out.add(o.key() + " is published while a day of its window (" + id + ") is hidden");
            }
          }
        }
        case MOM_RATIO, YOY_RATIO, GROWTH_MULTIPLE -> {
          YearMonth month = YearMonth.parse(o.period());
          YearMonth ref =
              o.measure() == Measure.MOM_RATIO
                  ? month.minusMonths(1)
                  : o.measure() == Measure.YOY_RATIO ? month.minusYears(1) : config.baseline();
          if (ref.equals(month)) {
            break;
          }
          String id = ReleaseBuilder.cellId(ref.toString(), o.geoLevel(), o.geoCode());
          Map<String, Long> providers = data.contributions().get(id);
          if (hidden(byKey.get(Observation.key(id, Measure.TOTAL_TOKENS)))
              || providers != null && Disclosure.failsRules(providers, config.rule())) {
            out.add(o.key() + " is published while the month it refers to (" + ref + ") is hidden");
          }
        }
        default -> {}
      }
    }
    return out;
  }

  private static boolean hidden(Observation o) {
    return o != null && !o.confStatus().equals(Observation.FREE);
  }
}
