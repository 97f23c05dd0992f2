package org.tokenstats.jobs.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Disclosure control on hand-built tables, including layouts built to leak. */
class DisclosureTest {
  static final Disclosure.Rule RULE = new Disclosure.Rule(3, 2, 0.85);

  /** A cell whose providers appear in no other cell (named after it). */
  static Disclosure.Cell cell(String id, int depth, long... providers) {
    Map<String, Long> c = new TreeMap<>();
    long sum = 0;
    for (int i = 0; i < providers.length; i++) {
      c.put(id + "#" + i, providers[i]);
      sum += providers[i];
    }
    return new Disclosure.Cell(id, depth, sum, c);
  }

  /** A cell with named providers, who may contribute to other cells too. */
  static Disclosure.Cell cell(String id, int depth, Map<String, Long> providers) {
    return new Disclosure.Cell(
        id, depth, providers.values().stream().mapToLong(Long::longValue).sum(), providers);
  }

  /** A total of {@code value} tokens from four equal providers. */
  static Disclosure.Cell total(String id, int depth, long value) {
    Map<String, Long> c = new TreeMap<>();
    for (int i = 0; i < 4; i++) {
      c.put(id + "#" + i, value / 4);
    }
    return new Disclosure.Cell(id, depth, value, c);
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

  /**
   * The issue's example: zone east = hubs HA + HB + HC; HB and HC (one region each) are served by
   * the same single provider X. With east and HA published, east - HA = HB + HC is X's total.
   */
  static List<Disclosure.Cell> differencing() {
    return List.of(
        cell("RA1", 0, Map.of("a", 500L, "b", 400L, "c", 300L)),
        cell("RA2", 0, Map.of("a", 40L, "d", 30L, "e", 30L)),
        cell("RA3", 0, Map.of("b", 700L, "d", 600L, "e", 650L)),
        cell("RB1", 0, Map.of("X", 900L)),
        cell("RC1", 0, Map.of("X", 800L)),
        cell("RW1", 0, Map.of("a", 100L, "b", 100L, "c", 100L)),
        cell("RW2", 0, Map.of("d", 90L, "e", 90L, "f", 90L)),
        cell("HA", 1, Map.of("a", 540L, "b", 1100L, "c", 300L, "d", 630L, "e", 680L)),
        cell("HB", 1, Map.of("X", 900L)),
        cell("HC", 1, Map.of("X", 800L)),
        cell("HW", 1, Map.of("a", 100L, "b", 100L, "c", 100L, "d", 90L, "e", 90L, "f", 90L)),
        cell("east", 2, Map.of("a", 540L, "b", 1100L, "c", 300L, "d", 630L, "e", 680L, "X", 1700L)),
        cell("west", 2, Map.of("a", 100L, "b", 100L, "c", 100L, "d", 90L, "e", 90L, "f", 90L)),
        cell(
            "CN",
            3,
            Map.of("a", 640L, "b", 1200L, "c", 400L, "d", 720L, "e", 770L, "f", 90L, "X", 1700L)));
  }

  static List<Disclosure.Equation> differencingEquations() {
    return List.of(
        eq("HA", "RA1", "RA2", "RA3"),
        eq("HB", "RB1"),
        eq("HC", "RC1"),
        eq("HW", "RW1", "RW2"),
        eq("east", "HA", "HB", "HC"),
        eq("west", "HW"),
        eq("CN", "east", "west"));
  }

  @Test
  void aSumOfSuppressedCellsThatIsOneProvidersTotalIsProtected() {
    List<Disclosure.Cell> cells = differencing();
    List<Disclosure.Equation> eqs = differencingEquations();
    Set<String> primaryOnly = Set.of("RB1", "RC1", "HB", "HC");
    // Protecting each cell on its own is not enough: no single suppressed cell is recoverable, yet
    // east - HA gives X's total exactly.
    assertThat(Disclosure.recoverable(eqs, primaryOnly)).isEmpty();
    assertThat(BruteForce.disclosive(cells, eqs, primaryOnly)).contains(Set.of("HB", "HC"));
    assertThat(Disclosure.audit(cells, eqs, primaryOnly, RULE))
        .extracting(Disclosure.Group::cells)
        .contains(Set.of("HB", "HC"));

    Map<String, String> status = Disclosure.protect(cells, eqs, RULE);
    Set<String> suppressed = suppressed(status);
    assertThat(status)
        .containsEntry("RB1", "C")
        .containsEntry("RC1", "C")
        .containsEntry("HB", "C")
        .containsEntry("HC", "C");
    assertThat(suppressed).as("east and HA are not both published").containsAnyOf("east", "HA");
    assertThat(status).as("never the national total").containsEntry("CN", "F");
    assertThat(BruteForce.disclosive(cells, eqs, suppressed)).isEmpty();
    assertThat(Disclosure.audit(cells, eqs, suppressed, RULE)).isEmpty();
    assertThat(Attacker.recover(eqs, values(cells), suppressed)).isEmpty();
  }

  @Test
  void daysThatOnlyCombineAcrossTimeAreProtected() {
    // The month's national total is the sum of its days; days 2 and 3 have one provider, X.
    List<Disclosure.Cell> cells =
        List.of(
            cell("M", 3, Map.of("a", 1000L, "b", 900L, "c", 800L, "X", 90L)),
            cell("d1", 0, Map.of("a", 300L, "b", 300L, "c", 300L)),
            cell("d2", 0, Map.of("X", 50L)),
            cell("d3", 0, Map.of("X", 40L)),
            cell("d4", 0, Map.of("a", 300L, "b", 200L, "c", 200L)),
            cell("d5", 0, Map.of("a", 400L, "b", 400L, "c", 300L)));
    List<Disclosure.Equation> eqs = List.of(eq("M", "d1", "d2", "d3", "d4", "d5"));
    assertThat(BruteForce.disclosive(cells, eqs, Set.of("d2", "d3")))
        .as("M - d1 - d4 - d5 = X's two days")
        .containsExactly(Set.of("d2", "d3"));

    Map<String, String> status = Disclosure.protect(cells, eqs, RULE);
    assertThat(status).containsEntry("d2", "C").containsEntry("d3", "C");
    // The cheapest day that makes the sum safe (d4: X then holds 90 of 790), not the month.
    assertThat(status).containsEntry("d4", "D").containsEntry("M", "F");
    assertThat(status).containsEntry("d1", "F").containsEntry("d5", "F");
    assertThat(BruteForce.disclosive(cells, eqs, suppressed(status))).isEmpty();
  }

  @Test
  void theNationalTotalIsSuppressedOnlyWhenNothingElseWould() {
    // CN = R1 + R2; R1 confidential. Hiding CN or R2 both protect R1; CN is never the choice.
    List<Disclosure.Cell> cells =
        List.of(
            cell("CN", 3, Map.of("a", 10L, "b", 10L, "c", 10L, "d", 5000L, "e", 5000L, "f", 5000L)),
            cell("R1", 0, Map.of("a", 10L, "b", 10L)),
            cell("R2", 0, Map.of("c", 10L, "d", 5000L, "e", 5000L, "f", 5000L)));
    Map<String, String> status = Disclosure.protect(cells, List.of(eq("CN", "R1", "R2")), RULE);
    assertThat(status).containsEntry("R1", "C").containsEntry("R2", "D").containsEntry("CN", "F");
  }

  @Test
  void theAuditAcceptsSumsThatPassTheRules() {
    // Two suppressed hubs whose sum has many providers: publishing east and HA is then fine.
    List<Disclosure.Cell> cells =
        List.of(
            cell("HA", 1, Map.of("a", 100L, "b", 100L, "c", 100L)),
            cell("HB", 1, Map.of("X", 100L, "d", 100L)),
            cell("HC", 1, Map.of("e", 100L, "f", 100L, "g", 100L, "h", 100L)),
            cell(
                "east",
                2,
                Map.of(
                    "a", 100L, "b", 100L, "c", 100L, "X", 100L, "d", 100L, "e", 100L, "f", 100L,
                    "g", 100L, "h", 100L)));
    List<Disclosure.Equation> eqs = List.of(eq("east", "HA", "HB", "HC"));
    assertThat(Disclosure.audit(cells, eqs, Set.of("HB", "HC"), RULE)).isEmpty();
    assertThat(BruteForce.disclosive(cells, eqs, Set.of("HB", "HC"))).isEmpty();
    // HB alone would be east - HA - HC: the cheapest partner (HA, 300 tokens) is enough.
    assertThat(Disclosure.protect(cells, eqs, RULE))
        .containsEntry("HB", "C")
        .containsEntry("HA", "D")
        .containsEntry("HC", "F");
  }

  /**
   * An independent judge for small tables: tries every set of suppressed cells, asks whether its
   * indicator vector lies in the row space of the equations over the suppressed cells (a rank test
   * in floating point), and applies the rules to its merged contributors.
   */
  static final class BruteForce {
    static List<Set<String>> disclosive(
        List<Disclosure.Cell> cells, List<Disclosure.Equation> eqs, Set<String> suppressed) {
      List<String> s = new ArrayList<>(new java.util.TreeSet<>(suppressed));
      Map<String, Disclosure.Cell> byId = new HashMap<>();
      cells.forEach(c -> byId.put(c.id(), c));
      List<double[]> rows = new ArrayList<>();
      for (Disclosure.Equation e : eqs) {
        double[] row = new double[s.size()];
        int i = s.indexOf(e.total());
        if (i >= 0) {
          row[i] += 1;
        }
        for (String p : e.parts()) {
          int j = s.indexOf(p);
          if (j >= 0) {
            row[j] -= 1;
          }
        }
        rows.add(row);
      }
      int base = rank(rows);
      List<Set<String>> out = new ArrayList<>();
      for (int mask = 1; mask < 1 << s.size(); mask++) {
        double[] v = new double[s.size()];
        Set<String> group = new java.util.TreeSet<>();
        Map<String, Long> merged = new HashMap<>();
        for (int i = 0; i < s.size(); i++) {
          if ((mask >> i & 1) == 1) {
            v[i] = 1;
            group.add(s.get(i));
            byId.get(s.get(i)).contributions().forEach((p, t) -> merged.merge(p, t, Long::sum));
          }
        }
        List<double[]> with = new ArrayList<>(rows);
        with.add(v);
        boolean derivable = rank(with) == base;
        if (derivable
            && (group.size() == 1
                || Disclosure.primary(new Disclosure.Cell("g", 0, 0, merged), RULE))) {
          out.add(group);
        }
      }
      return out;
    }

    static int rank(List<double[]> rows) {
      double[][] m = rows.stream().map(double[]::clone).toArray(double[][]::new);
      int rank = 0;
      int n = m.length == 0 ? 0 : m[0].length;
      for (int col = 0; col < n && rank < m.length; col++) {
        int best = rank;
        for (int r = rank; r < m.length; r++) {
          if (Math.abs(m[r][col]) > Math.abs(m[best][col])) {
            best = r;
          }
        }
        if (Math.abs(m[best][col]) < 1e-9) {
          continue;
        }
        double[] t = m[rank];
        m[rank] = m[best];
        m[best] = t;
        for (int r = 0; r < m.length; r++) {
          if (r != rank) {
            double f = m[r][col] / m[rank][col];
            for (int j = 0; j < n; j++) {
              m[r][j] -= f * m[rank][j];
            }
          }
        }
        rank++;
      }
      return rank;
    }
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
