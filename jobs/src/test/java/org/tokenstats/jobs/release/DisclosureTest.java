package org.tokenstats.jobs.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Disclosure control on hand-built tables, including layouts built to leak. */
class DisclosureTest {
  static final Disclosure.Rule RULE = new Disclosure.Rule(3, 2, 0.85);

  static Disclosure.Cell cell(String id, int depth, long... providers) {
    List<Long> c = new ArrayList<>();
    long sum = 0;
    for (long p : providers) {
      c.add(p);
      sum += p;
    }
    return new Disclosure.Cell(id, depth, sum, c);
  }

  static Disclosure.Cell total(String id, int depth, long value) {
    return new Disclosure.Cell(
        id, depth, value, List.of(value / 4, value / 4, value / 4, value / 4));
  }

  static Disclosure.Equation eq(String total, String... parts) {
    return new Disclosure.Equation(total, List.of(parts));
  }

  @Test
  void thresholdAndDominanceRules() {
    assertThat(Disclosure.primary(cell("a", 0, 10, 10), RULE)).isTrue();
    assertThat(Disclosure.primary(cell("b", 0, 10, 10, 10), RULE)).isFalse();
    // top two hold 90 of 100 > 85 %
    assertThat(Disclosure.primary(cell("c", 0, 60, 30, 10), RULE)).isTrue();
    // top two hold 80 of 100
    assertThat(Disclosure.primary(cell("d", 0, 50, 30, 20), RULE)).isFalse();
    // zero contributions are not providers
    assertThat(Disclosure.primary(cell("e", 0, 10, 10, 0), RULE)).isTrue();
    // configurable
    Disclosure.Rule loose = new Disclosure.Rule(2, 1, 0.95);
    assertThat(Disclosure.primary(cell("a", 0, 10, 10), loose)).isFalse();
    assertThat(Disclosure.primary(cell("f", 0, 96, 4), loose)).isTrue();
  }

  @Test
  void combinationsOfTotalsAreFound() {
    // Each equation has two unknowns, yet their sum pins each one down.
    List<Disclosure.Equation> eqs =
        List.of(eq("T1", "x", "y"), eq("T2", "y", "z"), eq("T3", "x", "z"));
    assertThat(Disclosure.recoverable(eqs, Set.of("x", "y", "z"))).containsExactly("x", "y", "z");
    assertThat(Disclosure.recoverable(eqs, Set.of("x", "y", "z", "T1"))).isEmpty();
    // A difference of totals: T1 - T2 = x - z, with z published, gives x.
    assertThat(
            Disclosure.recoverable(
                List.of(eq("T1", "x", "y"), eq("T2", "y", "z")), Set.of("x", "y")))
        .containsExactly("x", "y");
  }

  /** National = east + west; east = hub H1 (one region R1) + hub H2 (R2, R3); west = hub H3. */
  static List<Disclosure.Cell> singleRegionHub() {
    return List.of(
        cell("R1", 0, 5, 5), // two providers: primary
        cell("R2", 0, 10, 10, 10),
        cell("R3", 0, 20, 20, 20),
        cell("R4", 0, 30, 30, 30),
        cell("R5", 0, 40, 40, 40),
        cell("H1", 1, 5, 5, 0), // the hub of R1 alone: as many providers as R1
        total("H2", 1, 90),
        total("H3", 1, 210),
        total("east", 2, 100),
        total("west", 2, 210),
        total("CN", 3, 310));
  }

  static List<Disclosure.Equation> singleRegionHubEquations() {
    return List.of(
        eq("H1", "R1"),
        eq("H2", "R2", "R3"),
        eq("H3", "R4", "R5"),
        eq("east", "H1", "H2"),
        eq("west", "H3"),
        eq("CN", "east", "west"));
  }

  @Test
  void aHubWithASingleRegionIsProtected() {
    List<Disclosure.Cell> cells = singleRegionHub();
    List<Disclosure.Equation> eqs = singleRegionHubEquations();
    Map<String, Long> values = values(cells);
    // Without secondary suppression the single-region hub gives R1 away.
    assertThat(Attacker.recover(eqs, values, Set.of("R1"))).containsKey("R1");

    Map<String, String> status = Disclosure.protect(cells, eqs, RULE);
    assertThat(status).containsEntry("R1", "C").containsEntry("H1", "C");
    Set<String> suppressed = suppressed(status);
    assertThat(Disclosure.recoverable(eqs, suppressed)).isEmpty();
    assertThat(Attacker.recover(eqs, values, suppressed)).isEmpty();
    // east = H1 + H2 needs a second hidden hub, and H2 = R2 + R3 a hidden region: the smallest.
    assertThat(status).containsEntry("H2", "D").containsEntry("R2", "D");
    assertThat(status).containsEntry("R3", "F").containsEntry("east", "F").containsEntry("CN", "F");
  }

  @Test
  void aZoneWhoseOnlyRegionIsSuppressedIsProtected() {
    // west has a single hub-less region R9 with two providers.
    List<Disclosure.Cell> cells =
        List.of(
            cell("R1", 0, 10, 10, 10),
            cell("R2", 0, 20, 20, 20),
            cell("R3", 0, 30, 30, 30),
            cell("R9", 0, 7, 7),
            total("H1", 1, 90),
            total("H2", 1, 90),
            total("east", 2, 180),
            total("west", 2, 14),
            total("CN", 3, 194));
    List<Disclosure.Equation> eqs =
        List.of(
            eq("H1", "R1", "R2"),
            eq("H2", "R3"),
            eq("east", "H1", "H2"),
            eq("west", "R9"),
            eq("CN", "east", "west"));
    Map<String, Long> values = values(cells);
    assertThat(Attacker.recover(eqs, values, Set.of("R9"))).containsKey("R9");
    Map<String, String> status = Disclosure.protect(cells, eqs, RULE);
    Set<String> suppressed = suppressed(status);
    assertThat(status).containsEntry("R9", "C").containsEntry("west", "D");
    assertThat(Disclosure.recoverable(eqs, suppressed)).isEmpty();
    assertThat(Attacker.recover(eqs, values, suppressed)).isEmpty();
    // national = east + west: hiding west alone would let national - east give it back.
    assertThat(suppressed).containsAnyOf("east", "CN");
  }

  @Test
  void dayCellsAndTheMonthTotal() {
    // A month's national total is the sum of its days: one confidential day needs a partner.
    List<Disclosure.Cell> cells =
        List.of(
            total("M", 3, 60),
            cell("d1", 0, 10, 10),
            cell("d2", 0, 5, 5, 5),
            cell("d3", 0, 6, 7, 7));
    List<Disclosure.Equation> eqs = List.of(eq("M", "d1", "d2", "d3"));
    Map<String, String> status = Disclosure.protect(cells, eqs, RULE);
    assertThat(status).containsEntry("d1", "C").containsEntry("d2", "D").containsEntry("M", "F");
    assertThat(Disclosure.recoverable(eqs, suppressed(status))).isEmpty();
  }

  @Test
  void anUnpublishedTotalGivesNothingAway() {
    // hub H9 has no cell (not published): its equation cannot expose R1
    List<Disclosure.Cell> cells = List.of(cell("R1", 0, 5, 5), cell("R2", 0, 9, 9, 9));
    Map<String, String> status =
        Disclosure.protect(cells, List.of(eq("H9", "R1"), eq("H8", "R1", "R2")), RULE);
    assertThat(status).containsEntry("R1", "C").containsEntry("R2", "F");
  }

  static Map<String, Long> values(List<Disclosure.Cell> cells) {
    Map<String, Long> v = new HashMap<>();
    cells.forEach(c -> v.put(c.id(), c.value()));
    return v;
  }

  static Set<String> suppressed(Map<String, String> status) {
    Set<String> s = new java.util.TreeSet<>();
    status.forEach(
        (k, v) -> {
          if (!v.equals("F")) {
            s.add(k);
          }
        });
    return s;
  }

  /**
   * An independent intruder: knows every published value and every equation; repeatedly solves any
   * equation, or difference of two equations, left with a single unknown.
   */
  static final class Attacker {
    static Map<String, Long> recover(
        List<Disclosure.Equation> eqs, Map<String, Long> truth, Set<String> hidden) {
      Map<String, Long> known = new HashMap<>(truth);
      hidden.forEach(known::remove);
      Map<String, Long> found = new HashMap<>();
      // Equations as signed term maps; differences of pairs added once.
      List<Map<String, Integer>> system = new ArrayList<>();
      for (Disclosure.Equation e : eqs) {
        system.add(terms(e));
      }
      int n = system.size();
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          Map<String, Integer> d = new HashMap<>(system.get(i));
          system.get(j).forEach((k, v) -> d.merge(k, -v, Integer::sum));
          d.values().removeIf(v -> v == 0);
          system.add(d);
        }
      }
      boolean progress = true;
      while (progress) {
        progress = false;
        for (Map<String, Integer> t : system) {
          List<String> unknown = t.keySet().stream().filter(k -> !known.containsKey(k)).toList();
          if (unknown.size() == 1) {
            String u = unknown.get(0);
            long rest = 0;
            for (Map.Entry<String, Integer> e : t.entrySet()) {
              if (!e.getKey().equals(u)) {
                rest += e.getValue() * known.get(e.getKey());
              }
            }
            long value = -rest / t.get(u);
            known.put(u, value);
            found.put(u, value);
            progress = true;
          }
        }
      }
      found.forEach((k, v) -> assertThat(v).as("attacker's value of " + k).isEqualTo(truth.get(k)));
      return found;
    }

    private static Map<String, Integer> terms(Disclosure.Equation e) {
      Map<String, Integer> t = new HashMap<>();
      t.merge(e.total(), 1, Integer::sum);
      e.parts().forEach(p -> t.merge(p, -1, Integer::sum));
      return t;
    }
  }
}
