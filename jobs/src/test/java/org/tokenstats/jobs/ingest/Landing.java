package org.tokenstats.jobs.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.tokenstats.jobs.cli.Tokenstats;

/** A landing folder a test writes submissions into, starting from a copy of the samples. */
final class Landing {
  final Path root;

  private Landing(Path root) {
    this.root = root;
  }

  /** A landing folder with the sample registry only. */
  static Landing withRegistry(Path dir) {
    Landing l = new Landing(dir.resolve("landing"));
    Tokenstats.copyTree(Tokenstats.SAMPLES.resolve("reference"), l.root.resolve("reference"));
    return l;
  }

  /** A landing folder holding a copy of every sample submission. */
  static Landing withSamples(Path dir) {
    Landing l = new Landing(dir.resolve("landing"));
    Tokenstats.copyTree(Tokenstats.SAMPLES, l.root);
    return l;
  }

  Path write(String relative, String text) {
    return write(relative, text.getBytes(StandardCharsets.UTF_8));
  }

  Path write(String relative, byte[] bytes) {
    Path p = root.resolve(relative);
    try {
      Files.createDirectories(p.getParent());
      Files.write(p, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  Path writeGzip(String relative, String text) {
    Path p = root.resolve(relative);
    try {
      Files.createDirectories(p.getParent());
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** How ingestion names a local submission in ops.submissions and bronze lineage. */
  static String name(Path p) {
    return p.toAbsolutePath().toString();
  }
}
