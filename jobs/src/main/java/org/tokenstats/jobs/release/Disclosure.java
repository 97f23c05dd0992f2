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
 * a month = its days). A suppressed value is recoverable when some combination of those equations
 * (sums, differences of totals, across levels) pins it down from the published values; exactly when
 * its unit vector lies in the row space of the equations restricted to the suppressed cells. {@link
 * #recoverable} tests that by Gaussian elimination; {@link #protect} adds the least informative
 * cells (same or lower level first, then the smallest) until nothing is recoverable.
 */
public final class Disclosure {
  private Disclosure() {}

  /** The rule's parameters (OUTPUTS.md: 3 providers; (2, 85 %)). */
  public record Rule(int minProviders, int dominanceN, double dominanceK) {}

  /**
   * A cell: {@code depth} orders levels (0 region ... 3 national) so that complementary
   * suppressions prefer detail to totals; {@code value} (tokens) is what a suppression costs;
   * {@code contributions} are the providers' totals in the cell.
   */
  public record Cell(String id, int depth, long value, List<Long> contributions) {}

  /** {@code total} = sum of {@code parts}, as the published figures satisfy. */
  public record Equation(String total, List<String> parts) {}

  /** True when the threshold or the dominance rule makes the cell primary confidential. */
  public static boolean primary(Cell cell, Rule rule) {
    List<Long> positive =
        cell.contributions().stream().filter(v -> v > 0).sorted(Comparator.reverseOrder()).toList();
    if (positive.size() < rule.minProviders()) {
      return true;
    }
    long total = positive.stream().mapToLong(Long::longValue).sum();
    long top = positive.stream().limit(rule.dominanceN()).mapToLong(Long::longValue).sum();
    return total > 0 && top > rule.dominanceK() * total;
  }

  /** Each cell's conf_status: F free, C primary, D secondary. */
  public static Map<String, String> protect(List<Cell> cells, List<Equation> equations, Rule rule) {
    Map<String, Cell> byId = new LinkedHashMap<>();
    cells.forEach(c -> byId.put(c.id(), c));
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
    Set<String> exposed = recoverable(known, suppressed);
    while (!exposed.isEmpty()) {
      String complement = complement(exposed, byId, known, suppressed);
      suppressed.add(complement);
      status.put(complement, Observation.SECONDARY);
      exposed = recoverable(known, suppressed);
    }
    return status;
  }

  /**
   * The cell to suppress next: among unsuppressed cells sharing an equation with an exposed one,
   * the one leaving the fewest exposed, then no higher level than the exposed, then the smallest.
   */
  private static String complement(
      Set<String> exposed,
      Map<String, Cell> byId,
      List<Equation> equations,
      Set<String> suppressed) {
    int depth = exposed.stream().mapToInt(id -> byId.get(id).depth()).min().orElse(0);
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
          "cells " + exposed + " stay recoverable with every cell suppressed");
    }
    Map<String, Integer> left = new TreeMap<>();
    for (String c : candidates) {
      Set<String> trial = new TreeSet<>(suppressed);
      trial.add(c);
      left.put(c, recoverable(equations, trial).size());
    }
    Comparator<String> preference =
        Comparator.<String>comparingInt(left::get)
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
    List<String> unknowns = new ArrayList<>();
    for (Equation e : equations) {
      for (String id : cellsOf(e)) {
        if (suppressed.contains(id) && !unknowns.contains(id)) {
          unknowns.add(id);
        }
      }
    }
    int n = unknowns.size();
    List<double[]> rows = new ArrayList<>();
    for (Equation e : equations) {
      double[] row = new double[n];
      boolean any = false;
      int t = unknowns.indexOf(e.total());
      if (t >= 0) {
        row[t] += 1;
        any = true;
      }
      for (String p : e.parts()) {
        int i = unknowns.indexOf(p);
        if (i >= 0) {
          row[i] -= 1;
          any = true;
        }
      }
      if (any) {
        rows.add(row);
      }
    }
    double[][] m = rows.toArray(double[][]::new);
    int[] pivotRowOfColumn = reduce(m, n);
    Set<String> out = new TreeSet<>();
    for (int col = 0; col < n; col++) {
      int r = pivotRowOfColumn[col];
      if (r < 0) {
        continue;
      }
      boolean unit = true;
      for (int j = 0; j < n && unit; j++) {
        unit = j == col || Math.abs(m[r][j]) < EPS;
      }
      if (unit) {
        out.add(unknowns.get(col));
      }
    }
    return out;
  }

  private static final double EPS = 1e-9;

  /** Reduced row echelon form in place; returns, per column, its pivot row or -1. */
  private static int[] reduce(double[][] m, int n) {
    int[] pivotRow = new int[n];
    java.util.Arrays.fill(pivotRow, -1);
    int row = 0;
    for (int col = 0; col < n && row < m.length; col++) {
      int best = -1;
      for (int r = row; r < m.length; r++) {
        if (Math.abs(m[r][col]) > EPS
            && (best < 0 || Math.abs(m[r][col]) > Math.abs(m[best][col]))) {
          best = r;
        }
      }
      if (best < 0) {
        continue;
      }
      double[] tmp = m[row];
      m[row] = m[best];
      m[best] = tmp;
      double p = m[row][col];
      for (int j = 0; j < n; j++) {
        m[row][j] /= p;
      }
      for (int r = 0; r < m.length; r++) {
        if (r != row && Math.abs(m[r][col]) > EPS) {
          double f = m[r][col];
          for (int j = 0; j < n; j++) {
            m[r][j] -= f * m[row][j];
          }
        }
      }
      pivotRow[col] = row++;
    }
    return pivotRow;
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
