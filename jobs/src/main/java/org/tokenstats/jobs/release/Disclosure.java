package org.tokenstats.jobs.release;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Statistical disclosure control for a release's cells (a geography in a period).
 *
 * <p><b>Primary</b> (C): a cell with fewer than {@code minProviders} contributing providers, or
 * whose {@code dominanceN} largest providers hold more than {@code dominanceK} of it.
 *
 * <p><b>Secondary</b> (D): a release also publishes totals, and each total is the sum of its parts
 * (an {@link Equation}: national = zones, zone = its hubs and hub-less regions, hub = its regions,
 * a month = its days). From the published cells an intruder can compute exactly every linear
 * combination of the suppressed cells in the row space of those equations ({@link DerivableSums}).
 * The release is safe when every <em>sum</em> of suppressed cells so derivable (a {@link Group})
 * passes the threshold and dominance rules on its own contributors, each provider's tokens added
 * over the group's cells, and no single suppressed cell is derivable at all. Passing the rules is
 * kept by a union of disjoint passing groups (the n largest of a union hold at most what the n
 * largest of each part hold together), so the groups of each independent block of equations are all
 * that need checking. {@link #protect} adds the cheapest complementary suppressions until {@link
 * #audit} finds nothing: the cell leaving the fewest disclosive groups, then no higher level than
 * the group, then the smallest, and the top-level total only when no other cell would do.
 */
public final class Disclosure {
  private Disclosure() {}

  /** The rule's parameters (docs/outputs.md: 3 providers; (2, 85 %)). */
  public record Rule(int minProviders, int dominanceN, double dominanceK) {}

  /**
   * A cell: {@code depth} orders levels (0 region or day ... 3 national month) so that
   * complementary suppressions prefer detail to totals; {@code value} (tokens) is what a
   * suppression costs; {@code contributions} are each provider's tokens in the cell, by provider.
   */
  public record Cell(String id, int depth, long value, Map<String, Long> contributions) {
    public Cell {
      contributions = Map.copyOf(contributions);
    }
  }

  /** {@code total} = sum of {@code parts}, as the published figures satisfy. */
  public record Equation(String total, List<String> parts) {}

  /**
   * A set of suppressed cells whose sum the published cells determine, with its contributors (each
   * provider's tokens summed over the cells) and why it discloses.
   */
  public record Group(Set<String> cells, Map<String, Long> contributions, String problem) {}

  /** True when the threshold or the dominance rule makes the cell primary confidential. */
  public static boolean primary(Cell cell, Rule rule) {
    return failsRules(cell.contributions(), rule);
  }

  /** True when these contributors, as one figure, fail the threshold or the dominance rule. */
  public static boolean failsRules(Map<String, Long> contributions, Rule rule) {
    List<Long> positive =
        contributions.values().stream()
            .filter(v -> v > 0)
            .sorted(Comparator.reverseOrder())
            .toList();
    if (positive.size() < rule.minProviders()) {
      return true;
    }
    long total = positive.stream().mapToLong(Long::longValue).reduce(0L, Math::addExact);
    long top =
        positive.stream()
            .limit(rule.dominanceN())
            .mapToLong(Long::longValue)
            .reduce(0L, Math::addExact);
    return total > 0 && top > rule.dominanceK() * total;
  }

  /** Each cell's conf_status: F free, C primary, D secondary. */
  public static Map<String, String> protect(List<Cell> cells, List<Equation> equations, Rule rule) {
    Map<String, Cell> byId = byId(cells);
    Map<String, String> status = new TreeMap<>();
    Set<String> suppressed = new TreeSet<>();
    for (Cell c : cells) {
      boolean conf = primary(c, rule);
      status.put(c.id(), conf ? Observation.CONFIDENTIAL : Observation.FREE);
      if (conf) {
        suppressed.add(c.id());
      }
    }
    List<Equation> known = knownEquations(equations, byId);
    List<Group> disclosive = disclosive(known, suppressed, byId, rule);
    while (!disclosive.isEmpty()) {
      String complement = complement(disclosive, byId, known, suppressed, rule);
      suppressed.add(complement);
      status.put(complement, Observation.SECONDARY);
      disclosive = disclosive(known, suppressed, byId, rule);
    }
    return status;
  }

  /**
   * The audit of a finished table: every derivable sum of the {@code suppressed} cells that
   * discloses (empty when the table is safe). Independent of how the suppressions were chosen.
   */
  public static List<Group> audit(
      List<Cell> cells, List<Equation> equations, Set<String> suppressed, Rule rule) {
    Map<String, Cell> byId = byId(cells);
    return disclosive(knownEquations(equations, byId), suppressed, byId, rule);
  }

  private static Map<String, Cell> byId(List<Cell> cells) {
    Map<String, Cell> byId = new LinkedHashMap<>();
    cells.forEach(c -> byId.put(c.id(), c));
    return byId;
  }

  private static List<Group> disclosive(
      List<Equation> equations, Set<String> suppressed, Map<String, Cell> byId, Rule rule) {
    List<Group> out = new ArrayList<>();
    for (Set<String> sum : DerivableSums.of(equations, suppressed)) {
      Map<String, Long> merged = new TreeMap<>();
      for (String id : sum) {
        Cell c = byId.get(id);
        if (c != null) {
          c.contributions().forEach((p, v) -> merged.merge(p, v, Math::addExact));
        }
      }
      if (sum.size() == 1) {
        out.add(new Group(sum, merged, "the suppressed value can be computed exactly"));
      } else if (failsRules(merged, rule)) {
        out.add(
            new Group(
                sum,
                merged,
                "their sum can be computed exactly and fails the threshold or dominance rule"
                    + " (providers: "
                    + merged.values().stream().filter(v -> v > 0).count()
                    + ")"));
      }
    }
    return out;
  }

  /**
   * The cell to suppress next: among unsuppressed cells sharing an equation with a disclosive
   * group, the top-level total last; then the one leaving the fewest disclosive groups, then no
   * higher level than the group's cells, then the smallest value.
   */
  private static String complement(
      List<Group> disclosive,
      Map<String, Cell> byId,
      List<Equation> equations,
      Set<String> suppressed,
      Rule rule) {
    Set<String> exposed = new TreeSet<>();
    disclosive.forEach(g -> exposed.addAll(g.cells()));
    int depth = exposed.stream().mapToInt(id -> byId.get(id).depth()).min().orElse(0);
    int top = byId.values().stream().mapToInt(Cell::depth).max().orElse(0);
    Set<String> candidates = new TreeSet<>();
    for (Equation e : equations) {
      if (cellsOf(e).stream().anyMatch(exposed::contains)) {
        cellsOf(e).stream().filter(id -> !suppressed.contains(id)).forEach(candidates::add);
      }
    }
    if (candidates.isEmpty()) {
      equations.stream()
          .flatMap(e -> cellsOf(e).stream())
          .filter(id -> !suppressed.contains(id))
          .forEach(candidates::add);
    }
    if (candidates.isEmpty()) {
      throw new IllegalStateException(
          "cells " + exposed + " stay disclosive with every cell suppressed");
    }
    Map<String, Integer> left = new TreeMap<>();
    for (String c : candidates) {
      Set<String> trial = new TreeSet<>(suppressed);
      trial.add(c);
      left.put(c, disclosive(equations, trial, byId, rule).size());
    }
    Comparator<String> preference =
        Comparator.<String>comparingInt(id -> byId.get(id).depth() == top && top > 0 ? 1 : 0)
            .thenComparingInt(left::get)
            .thenComparingInt(id -> byId.get(id).depth() > depth ? 1 : 0)
            .thenComparingLong(id -> byId.get(id).value())
            .thenComparing(id -> id);
    return candidates.stream().min(preference).orElseThrow();
  }

  /**
   * The suppressed cells whose values the published ones determine through the equations. Cells an
   * equation names but that are not suppressed count as published.
   */
  public static Set<String> recoverable(List<Equation> equations, Set<String> suppressed) {
    Set<String> out = new TreeSet<>();
    for (Set<String> sum : DerivableSums.of(equations, suppressed)) {
      if (sum.size() == 1) {
        out.addAll(sum);
      }
    }
    return out;
  }

  private static List<String> cellsOf(Equation e) {
    List<String> all = new ArrayList<>(e.parts());
    all.add(0, e.total());
    return all;
  }

  /**
   * The equations an intruder can use: over published cells only. A total that is not a cell is not
   * published, so its equation gives nothing away; a part without a cell is a zero.
   */
  private static List<Equation> knownEquations(List<Equation> equations, Map<String, Cell> byId) {
    List<Equation> out = new ArrayList<>();
    for (Equation e : equations) {
      if (byId.containsKey(e.total())) {
        out.add(new Equation(e.total(), e.parts().stream().filter(byId::containsKey).toList()));
      }
    }
    return out;
  }
}
