package org.tokenstats.jobs.ingest;

/** A record breaks a rule: the reason code and a one-line detail naming the field and value. */
final class Rejection extends Exception {
  private static final long serialVersionUID = 1L;
  final ReasonCode reason;

  Rejection(ReasonCode reason, String detail) {
    super(detail, null, false, false); // no stack trace: rejections are data, not bugs
    this.reason = reason;
  }

  String detail() {
    return getMessage();
  }
}
