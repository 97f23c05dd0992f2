package org.tokenstats.common.errors;

/**
 * A failure a user can act on: it says what went wrong, where, and how to fix it.
 *
 * <p>Built only by {@link Errors}, so that every message a user sees follows one form and every
 * failure maps to the exit status the spec fixes (2 for a bad command line or configuration, 1 for
 * a run that failed).
 */
public final class TokenstatsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of mistake this is; decides the process exit status. */
  public enum Kind {
    /** The command line or configuration is wrong; nothing was run. Exit status 2. */
    USAGE(2),
    /** The run started and failed. Exit status 1. */
    FAILURE(1);

    private final int exitStatus;

    Kind(int exitStatus) {
      this.exitStatus = exitStatus;
    }

    public int exitStatus() {
      return exitStatus;
    }
  }

  private final Kind kind;
  private final String problem;
  private final String fix;

  TokenstatsException(Kind kind, String problem, String fix, Throwable cause) {
    super(fix == null || fix.isEmpty() ? problem : problem + " Fix: " + fix, cause);
    this.kind = kind;
    this.problem = problem;
    this.fix = fix;
  }

  public Kind kind() {
    return kind;
  }

  public String problem() {
    return problem;
  }

  public String fix() {
    return fix;
  }

  public int exitStatus() {
    return kind.exitStatus();
  }
}
