package org.tokenstats.common.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of tokenstats and the commit it was built from, as the build wrote them into {@code
 * tokenstats-build.properties}. Runs record it ({@code ops.job_runs.tokenstats_version}) and so do
 * release manifests, so a figure can be traced to the code that computed it.
 */
public record BuildInfo(String version, String commit, boolean dirty) {
  private static final String RESOURCE = "/tokenstats-build.properties";
  private static final BuildInfo CURRENT = load();

  /** The build this JVM runs. */
  public static BuildInfo current() {
    return CURRENT;
  }

  /** {@code 0.1.0-SNAPSHOT (commit 1a2b3c4d5e6f)}, with {@code , modified} for a dirty tree. */
  public String describe() {
    return version + " (commit " + commit + (dirty ? ", modified" : "") + ")";
  }

  private static BuildInfo load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + RESOURCE + " from the classpath", e);
    }
    return new BuildInfo(
        filled(p.getProperty("version")),
        filled(p.getProperty("commit")),
        Boolean.parseBoolean(p.getProperty("dirty")));
  }

  /** A value the build did not fill in (no Git directory, a bare classes folder) is "unknown". */
  private static String filled(String value) {
    return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value;
  }
}
