package org.tokenstats.jobs.release;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which sums of suppressed cells an intruder can compute exactly from the published cells and a
 * table's additive equations ({@code total = sum of parts}).
 *
 * <p>Each equation, with the published values moved to the known side, is a row over the suppressed
 * cells; the quantities the published figures determine are exactly the linear combinations in the
 * row space of those rows. A <em>sum</em> of suppressed cells is a combination whose coefficients
 * are all 0 or 1. In reduced row echelon form (computed in exact rational arithmetic) a
 * combination's coefficient on each pivot column is its weight on that row, so a 0/1 combination
 * uses each row with weight 0 or 1: the derivable sums are found among the subsets of the rows,
 * searched depth first with bounds that cut a branch as soon as some column can no longer end at 0
 * or 1. Rows that share no suppressed cell are searched apart (the sums of independent blocks
 * combine freely, and a block's sums suffice to judge them: see {@link Disclosure}).
 */
final class DerivableSums {
  private DerivableSums() {}

  /** The most search steps one block may take before the audit gives up (and refuses). */
  static final long BUDGET = 5_000_000L;

  /** The search outgrew {@link #BUDGET}: the table is too entangled to audit exactly. */
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge(int cells, int rows) {
      super(
          "the disclosure audit gave up on a block of "
              + cells
              + " suppressed cells linked by "
              + rows
              + " independent equations (more than "
              + BUDGET
              + " combinations to search)");
    }
  }

  /**
   * Every nonempty set of suppressed cells whose sum the equations and the published cells
   * determine, in a stable order. Cells an equation names that are not in {@code suppressed} count
   * as published.
   */
  static List<Set<String>> of(List<Disclosure.Equation> equations, Set<String> suppressed) {
    List<String> unknowns = new ArrayList<>(new TreeSet<>(suppressed));
    Map<String, Integer> index = new TreeMap<>();
    for (int i = 0; i < unknowns.size(); i++) {
      index.put(unknowns.get(i), i);
    }
    List<Map<Integer, Long>> rows = new ArrayList<>();
    for (Disclosure.Equation e : equations) {
      Map<Integer, Long> row = new TreeMap<>();
      Integer t = index.get(e.total());
      if (t != null) {
        row.merge(t, 1L, Long::sum);
      }
      for (String p : e.parts()) {
        Integer i = index.get(p);
        if (i != null) {
          row.merge(i, -1L, Long::sum);
        }
      }
      row.values().removeIf(v -> v == 0);
      if (!row.isEmpty()) {
        rows.add(row);
      }
    }
    List<Set<String>> out = new ArrayList<>();
    for (List<Map<Integer, Long>> block : blocks(rows, unknowns.size())) {
      TreeSet<Integer> columns = new TreeSet<>();
      block.forEach(r -> columns.addAll(r.keySet()));
      List<Integer> cols = new ArrayList<>(columns);
      Fraction[][] m = new Fraction[block.size()][cols.size()];
      for (int r = 0; r < block.size(); r++) {
        Arrays.fill(m[r], Fraction.ZERO);
        for (Map.Entry<Integer, Long> e : block.get(r).entrySet()) {
          m[r][cols.indexOf(e.getKey())] = Fraction.of(e.getValue());
        }
      }
      for (boolean[] sum : zeroOneSums(m, cols.size())) {
        Set<String> group = new TreeSet<>();
        for (int c = 0; c < cols.size(); c++) {
          if (sum[c]) {
            group.add(unknowns.get(cols.get(c)));
          }
        }
        out.add(group);
      }
    }
    return out;
  }

  /** The rows grouped into blocks that share no column (union-find over the columns). */
  private static List<List<Map<Integer, Long>>> blocks(List<Map<Integer, Long>> rows, int n) {
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    for (Map<Integer, Long> row : rows) {
      int first = row.keySet().iterator().next();
      for (int c : row.keySet()) {
        parent[find(parent, c)] = find(parent, first);
      }
    }
    Map<Integer, List<Map<Integer, Long>>> byRoot = new LinkedHashMap<>();
    for (Map<Integer, Long> row : rows) {
      byRoot
          .computeIfAbsent(find(parent, row.keySet().iterator().next()), k -> new ArrayList<>())
          .add(row);
    }
    return new ArrayList<>(byRoot.values());
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  /** The 0/1 vectors (as column flags) in the row space of {@code m}, the zero vector excluded. */
  private static List<boolean[]> zeroOneSums(Fraction[][] m, int n) {
    int rank = reduce(m, n);
    if (rank == 0) {
      return List.of();
    }
    // One common denominator makes the search integer: a column must end at 0 or `scale`.
    long scale = 1;
    for (int r = 0; r < rank; r++) {
      for (int c = 0; c < n; c++) {
        scale = lcm(scale, m[r][c].den());
      }
    }
    long[][] rows = new long[rank][n];
    for (int r = 0; r < rank; r++) {
      for (int c = 0; c < n; c++) {
        rows[r][c] = Math.multiplyExact(m[r][c].num(), scale / m[r][c].den());
      }
    }
    // What the rows from r on can still add to each column, at most and at least.
    long[][] up = new long[rank + 1][n];
    long[][] down = new long[rank + 1][n];
    for (int r = rank - 1; r >= 0; r--) {
      for (int c = 0; c < n; c++) {
        up[r][c] = up[r + 1][c] + Math.max(0, rows[r][c]);
        down[r][c] = down[r + 1][c] + Math.min(0, rows[r][c]);
      }
    }
    List<boolean[]> out = new ArrayList<>();
    long[] steps = {0};
    search(rows, up, down, scale, 0, new long[n], false, out, steps, n);
    return out;
  }

  private static void search(
      long[][] rows,
      long[][] up,
      long[][] down,
      long scale,
      int r,
      long[] partial,
      boolean any,
      List<boolean[]> out,
      long[] steps,
      int n) {
    if (++steps[0] > BUDGET) {
      throw new TooLarge(n, rows.length);
    }
    for (int c = 0; c < n; c++) {
      if (partial[c] + up[r][c] < 0 || partial[c] + down[r][c] > scale) {
        return;
      }
    }
    if (r == rows.length) {
      boolean[] sum = new boolean[n];
      for (int c = 0; c < n; c++) {
        if (partial[c] != 0 && partial[c] != scale) {
          return;
        }
        sum[c] = partial[c] == scale;
      }
      if (any) {
        out.add(sum);
      }
      return;
    }
    search(rows, up, down, scale, r + 1, partial, any, out, steps, n);
    long[] with = partial.clone();
    for (int c = 0; c < n; c++) {
      with[c] = Math.addExact(with[c], rows[r][c]);
    }
    search(rows, up, down, scale, r + 1, with, true, out, steps, n);
  }

  /** Reduced row echelon form in place, exactly; returns the rank (the first rows are nonzero). */
  private static int reduce(Fraction[][] m, int n) {
    int row = 0;
    for (int col = 0; col < n && row < m.length; col++) {
      int pivot = -1;
      for (int r = row; r < m.length && pivot < 0; r++) {
        if (!m[r][col].isZero()) {
          pivot = r;
        }
      }
      if (pivot < 0) {
        continue;
      }
      Fraction[] tmp = m[row];
      m[row] = m[pivot];
      m[pivot] = tmp;
      Fraction p = m[row][col];
      for (int j = 0; j < n; j++) {
        m[row][j] = m[row][j].divide(p);
      }
      for (int r = 0; r < m.length; r++) {
        if (r != row && !m[r][col].isZero()) {
          Fraction f = m[r][col];
          for (int j = 0; j < n; j++) {
            m[r][j] = m[r][j].minus(f.times(m[row][j]));
          }
        }
      }
      row++;
    }
    return row;
  }

  private static long gcd(long a, long b) {
    a = Math.abs(a);
    b = Math.abs(b);
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  private static long lcm(long a, long b) {
    return Math.multiplyExact(a / gcd(a, b), b);
  }

  /** An exact rational number; overflow fails loudly rather than giving a wrong audit. */
  record Fraction(long num, long den) {
    static final Fraction ZERO = new Fraction(0, 1);

    static Fraction of(long v) {
      return new Fraction(v, 1);
    }

    Fraction {
      if (den < 0) {
        num = Math.negateExact(num);
        den = Math.negateExact(den);
      }
      long g = gcd(num, den);
      if (g > 1) {
        num /= g;
        den /= g;
      }
    }

    boolean isZero() {
      return num == 0;
    }

    Fraction times(Fraction o) {
      return new Fraction(Math.multiplyExact(num, o.num), Math.multiplyExact(den, o.den));
    }

    Fraction divide(Fraction o) {
      return new Fraction(Math.multiplyExact(num, o.den), Math.multiplyExact(den, o.num));
    }

    Fraction minus(Fraction o) {
      return new Fraction(
          Math.subtractExact(Math.multiplyExact(num, o.den), Math.multiplyExact(o.num, den)),
          Math.multiplyExact(den, o.den));
    }
  }
}
