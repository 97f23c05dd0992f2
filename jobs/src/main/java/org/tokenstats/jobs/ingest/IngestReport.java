package org.tokenstats.jobs.ingest;

import java.util.List;
import java.util.Map;

/**
 * What an ingest run did, for the command to render and for callers to check: one line per file it
 * decided on (reconciled: read = accepted + quarantined) and the Delta version of every table it
 * wrote. Immutable.
 *
 * @param landing the landing folder scanned
 * @param files each new, changed, duplicate, unreadable or skipped file, in the order decided
 * @param tablesWritten table id to the version this run left it at
 */
public record IngestReport(String landing, List<File> files, Map<String, Long> tablesWritten) {

  public IngestReport {
    files = List.copyOf(files);
    tablesWritten = Map.copyOf(tablesWritten);
  }

  /**
   * One file's outcome.
   *
   * @param feed {@code reference}, {@code usage} or {@code prices}
   * @param status an {@code ops.submissions} status, or {@code skipped} (a link not followed)
   * @param submission the file as reported (with the reason for an unreadable or skipped one)
   */
  public record File(
      String feed, String status, long read, long accepted, long quarantined, String submission) {

    /** A file left unread this run, and why (a link not followed; a file that changed). */
    static File skipped(String feed, String path, String reason) {
      return new File(feed, "skipped", 0L, 0L, 0L, LandingFile.reported(path, reason));
    }
  }

  /** The files with the given status. */
  public List<File> withStatus(String status) {
    return files.stream().filter(f -> f.status().equals(status)).toList();
  }
}
