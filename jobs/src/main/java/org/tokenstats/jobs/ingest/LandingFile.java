package org.tokenstats.jobs.ingest;

import java.io.IOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** A file found under the landing path: one submission of one feed. */
record LandingFile(String path, FeedKind feed, long size, Timestamp modifiedAt) {

  /** A link under the landing folder that was not followed, and why. */
  record Skipped(String path, String reason) {}

  /** {@link #scan(String, FeedKind, Configuration, List)}, the links not followed left unsaid. */
  static List<LandingFile> scan(String landing, FeedKind feed, Configuration conf)
      throws IOException {
    return scan(landing, feed, conf, new ArrayList<>());
  }

  /**
   * Every file of a feed under {@code <landing>/<feed>/}, any depth, in path order. Names that
   * start with {@code .} or {@code _} are uploads in progress or markers, and are left alone. On a
   * local file system a symbolic link is followed only if it leads to a file or folder inside the
   * feed's own folder that the walk has not entered yet (compared by real path): a link out of the
   * folder (to another feed's files, or to the landing folder above it) or back into a folder
   * already read (a loop) is added to {@code skipped} instead.
   */
  static List<LandingFile> scan(
      String landing, FeedKind feed, Configuration conf, List<Skipped> skipped) throws IOException {
    Path folder = new Path(landing, feed.folder());
    FileSystem fs = folder.getFileSystem(conf);
    Path root = fs.makeQualified(folder);
    List<LandingFile> out = new ArrayList<>();
    if (fs.exists(root)) {
      Links links = null;
      if ("file".equals(root.toUri().getScheme())) {
        java.nio.file.Path real = java.nio.file.Path.of(root.toUri().getPath()).toRealPath();
        links = new Links(real, new java.util.HashSet<>(List.of(real)), skipped, feed);
      }
      walk(fs, root, feed, out, links);
    }
    out.sort(Comparator.comparing(LandingFile::path));
    return out;
  }

  /** What the walk of a local folder knows of real paths: the feed's folder, those entered. */
  private record Links(
      java.nio.file.Path root,
      java.util.Set<java.nio.file.Path> entered,
      List<Skipped> skipped,
      FeedKind feed) {

    /** Whether to descend into or read {@code status}; records why not when it is not. */
    boolean follow(FileStatus status) {
      java.nio.file.Path p = java.nio.file.Path.of(status.getPath().toUri().getPath());
      boolean link = java.nio.file.Files.isSymbolicLink(p);
      if (!link && !status.isDirectory()) {
        return true; // a plain file: no real path to work out
      }
      java.nio.file.Path real;
      try {
        real = p.toRealPath();
      } catch (IOException e) {
        skipped.add(new Skipped(p.toString(), "a link to nothing (" + e.getMessage() + ")"));
        return false;
      }
      if (link && !real.startsWith(root)) {
        skipped.add(
            new Skipped(
                p.toString(), "a link to " + real + ", outside the " + feed.folder() + " folder"));
        return false;
      }
      if (status.isDirectory() && !entered.add(real)) {
        skipped.add(
            new Skipped(
                p.toString(), "a link back to " + real + ", a folder already read (a loop)"));
        return false;
      }
      return true;
    }
  }

  /**
   * Lists with {@code listStatus}, folder by folder, not {@code listFiles}: the latter builds a
   * {@code LocatedFileStatus}, which on the local file system asks for owner and permissions and so
   * forks a process per file (42 s for the 8,717 files of 400 days of landing).
   */
  private static void walk(
      FileSystem fs, Path dir, FeedKind feed, List<LandingFile> out, Links links)
      throws IOException {
    for (FileStatus s : fs.listStatus(dir)) {
      String name = s.getPath().getName();
      if (name.startsWith(".") || name.startsWith("_")) {
        continue;
      }
      if (links != null && !links.follow(s)) {
        continue;
      }
      if (s.isDirectory()) {
        walk(fs, s.getPath(), feed, out, links);
      } else {
        out.add(
            new LandingFile(
                display(s.getPath()), feed, s.getLen(), new Timestamp(s.getModificationTime())));
      }
    }
  }

  /** A submission's path on its line of the run's report, with why it was not read (if so). */
  static String reported(String path, String why) {
    return why == null ? path : path + "  (" + why + ")";
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
}
