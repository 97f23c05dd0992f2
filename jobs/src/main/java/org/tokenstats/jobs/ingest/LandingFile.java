package org.tokenstats.jobs.ingest;

import java.io.IOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** A file found under the landing path: one submission of one feed. */
record LandingFile(String path, FeedKind feed, long size, Timestamp modifiedAt) {

  /**
   * Every file of a feed under {@code <landing>/<feed>/}, any depth, in path order. Names that
   * start with {@code .} or {@code _} are uploads in progress or markers, and are left alone.
   */
  static List<LandingFile> scan(String landing, FeedKind feed, Configuration conf)
      throws IOException {
    Path folder = new Path(landing, feed.folder());
    FileSystem fs = folder.getFileSystem(conf);
    Path root = fs.makeQualified(folder);
    List<LandingFile> out = new ArrayList<>();
    if (!fs.exists(root)) {
      return out;
    }
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
    while (it.hasNext()) {
      LocatedFileStatus s = it.next();
      if (hidden(s.getPath(), root)) {
        continue;
      }
      out.add(
          new LandingFile(
              display(s.getPath()), feed, s.getLen(), new Timestamp(s.getModificationTime())));
    }
    out.sort(Comparator.comparing(LandingFile::path));
    return out;
  }

  /**
   * How a submission is named in the tables: a plain absolute path for a local file (what a
   * submitter sent and an analyst types), the full URI for remote storage ({@code s3a://...}).
   */
  static String display(Path qualified) {
    return "file".equals(qualified.toUri().getScheme())
        ? qualified.toUri().getPath()
        : qualified.toString();
  }

  private static boolean hidden(Path p, Path root) {
    for (Path q = p; q != null && !q.equals(root); q = q.getParent()) {
      String n = q.getName();
      if (n.startsWith(".") || n.startsWith("_")) {
        return true;
      }
    }
    return false;
  }
}
