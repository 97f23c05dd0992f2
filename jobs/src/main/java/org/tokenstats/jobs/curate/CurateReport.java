package org.tokenstats.jobs.curate;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.tokenstats.common.errors.TokenstatsException;
import org.tokenstats.common.table.OpsTables;

/**
 * What a curate run did, for the command to render: the reporting days recomputed, the outcome of
 * every data-quality check on them, the Delta version of every table written, and, when the checks
 * were fatal and failed, the failure (the tables were then restored and the days stay pending).
 * Immutable.
 */
public record CurateReport(
    SortedSet<LocalDate> days,
    List<QualityChecks.Result> checks,
    Map<String, Long> tablesWritten,
    TokenstatsException failure) {

  public CurateReport {
    days = Collections.unmodifiableSortedSet(new TreeSet<>(days));
    checks = List.copyOf(checks);
    tablesWritten = Map.copyOf(tablesWritten);
  }

  /** The checks that failed. */
  public List<QualityChecks.Result> failedChecks() {
    return checks.stream().filter(QualityChecks.Result::failed).toList();
  }

  /** The checks skipped (nothing to check, e.g. no energy data). */
  public long skippedChecks() {
    return checks.stream().filter(r -> OpsTables.QualityChecks.SKIPPED.equals(r.status())).count();
  }

  /** Throws the run's failure, if it had one: what makes the command exit 1 after its report. */
  public void throwIfFailed() {
    if (failure != null) {
      throw failure;
    }
  }
}
