package org.tokenstats.jobs.ingest;

import java.util.Locale;

/** The three feeds of docs/submitting.md, and the folder under the landing path each arrives in. */
public enum FeedKind {
  USAGE("usage"),
  PRICES("prices"),
  REFERENCE("reference");

  private final String folder;

  FeedKind(String folder) {
    this.folder = folder;
  }

  /** Folder below the landing path, and the value of {@code ops.submissions.kind}. */
  public String folder() {
    return folder;
  }

  /** The file format a name announces: jsonl, csv or parquet (gzip allowed), else null. */
  static String formatOf(String fileName, FeedKind kind) {
    String n = fileName.toLowerCase(Locale.ROOT);
    if (n.endsWith(".csv") || n.endsWith(".csv.gz")) {
      return "csv";
    }
    if (kind == USAGE && (n.endsWith(".jsonl") || n.endsWith(".jsonl.gz"))) {
      return "jsonl";
    }
    if (kind == USAGE && n.endsWith(".parquet")) {
      return "parquet";
    }
    return null;
  }

  static boolean isGzip(String fileName) {
    return fileName.toLowerCase(Locale.ROOT).endsWith(".gz");
  }
}
