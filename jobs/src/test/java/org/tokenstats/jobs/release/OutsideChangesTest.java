package org.tokenstats.jobs.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which table versions in force no tokenstats job wrote, from a table's history. */
class OutsideChangesTest {
  static final Timestamp AT = Timestamp.valueOf("2026-04-07 10:00:00");

  static OutsideChanges.Commit c(long v, String op, String label) {
    return new OutsideChanges.Commit(v, op, label, null, AT);
  }

  static OutsideChanges.Commit restore(long v, long to, String label) {
    return new OutsideChanges.Commit(v, "RESTORE", label, to, AT);
  }

  static List<Long> outside(
      List<OutsideChanges.Commit> history, long trusted, Set<String> accepted) {
    return OutsideChanges.outside(history, trusted, Set.of("run-a", "run-b"), accepted, "gold.t")
        .stream()
        .map(OutsideChanges.Commit::version)
        .toList();
  }

  @Test
  void aChangeWithoutARunStaysInForceUntilARestoreTakesItOut() {
    List<OutsideChanges.Commit> deleted =
        List.of(
            c(0, "CREATE TABLE", null),
            c(1, "WRITE", "run-a"),
            c(2, "DELETE", null),
            c(3, "WRITE", "run-b"));
    assertThat(outside(deleted, -1, Set.of())).containsExactly(2L);
    // A later job's write does not undo it; a restore to before it does.
    List<OutsideChanges.Commit> restored =
        List.of(
            c(0, "CREATE TABLE", null),
            c(1, "WRITE", "run-a"),
            c(2, "DELETE", null),
            c(3, "WRITE", "run-b"),
            restore(4, 1, "run-b"));
    assertThat(outside(restored, -1, Set.of())).isEmpty();
    // A restore to a version after it keeps it.
    List<OutsideChanges.Commit> kept =
        List.of(c(1, "WRITE", "run-a"), c(2, "DELETE", null), restore(3, 2, "run-b"));
    assertThat(outside(kept, -1, Set.of())).containsExactly(2L);
    // A restore made outside tokenstats is itself an outside change.
    assertThat(outside(List.of(c(1, "WRITE", "run-a"), restore(2, 0, null)), -1, Set.of()))
        .containsExactly(2L);
    // An unknown run id is not a tokenstats job.
    assertThat(outside(List.of(c(1, "MERGE", "someone")), -1, Set.of())).containsExactly(1L);
  }

  @Test
  void neutralOperationsTrustedVersionsAndAcceptedOnesAreNotCounted() {
    List<OutsideChanges.Commit> history =
        List.of(
            c(1, "DELETE", null),
            c(2, "OPTIMIZE", null),
            c(3, "SET TBLPROPERTIES", null),
            c(4, "VACUUM START", null),
            c(5, "UPDATE", null));
    assertThat(outside(history, -1, Set.of())).containsExactly(1L, 5L);
    assertThat(outside(history, 1, Set.of()))
        .as("checked by an earlier release")
        .containsExactly(5L);
    assertThat(outside(history, -1, Set.of("gold.t@1", "gold.t@5"))).isEmpty();
    assertThat(outside(history, -1, Set.of("gold.other@5"))).containsExactly(1L, 5L);
  }
}
