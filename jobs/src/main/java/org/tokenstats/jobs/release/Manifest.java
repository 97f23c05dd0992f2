package org.tokenstats.jobs.release;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A release's {@code manifest.json}: what it is, what it was computed from (every input table's
 * Delta version, the configuration, the tokenstats build), what it revises and why, and each file's
 * SHA-256 and rows. Everything {@code reproduce} needs to rebuild it is here. Mapped to JSON by
 * Jackson data binding: the components in this order, snake_case names.
 */
public record Manifest(
    String releaseId,
    String title,
    String referencePeriod,
    int version,
    String publishedAt,
    String asOf,
    String status,
    String revises,
    String revisionReason,
    List<String> comparedWith,
    Map<String, Long> tableVersions,
    Map<String, String> configuration,
    String tokenstatsVersion,
    Suppressions disclosure,
    List<ReleaseBuilder.Change> changes,
    List<FileEntry> files) {

  public static final String FILE = "manifest.json";
  public static final String PROVISIONAL = "provisional";
  public static final String FINAL = "final";
  public static final String REVISED = "revised";

  /** Input versions in table order, whatever map the caller gave: the same manifest, same bytes. */
  public Manifest {
    tableVersions = new TreeMap<>(tableVersions);
  }

  /** A file of the release: name, SHA-256 (hex), data rows (CSV; null otherwise), bytes. */
  public record FileEntry(String name, String sha256, Long rows, long bytes) {}

  /** How many cells disclosure control suppressed: primary (C) and secondary (D). */
  public record Suppressions(int primarySuppressedCells, int secondarySuppressedCells) {}

  /**
   * snake_case names; unknown keys ignored (a newer manifest read by an older build); a key missing
   * from an older manifest ({@code tokenstats_version} before it was recorded) is null.
   */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** Whether the figures were final when published (the calendar's final lag had passed). */
  public boolean finalFigures() {
    return ReleaseConfig.fromMap(configuration)
        .isFinal(java.time.YearMonth.parse(referencePeriod), java.time.LocalDate.parse(asOf));
  }

  public Manifest withFiles(List<FileEntry> entries) {
    return new Manifest(
        releaseId,
        title,
        referencePeriod,
        version,
        publishedAt,
        asOf,
        status,
        revises,
        revisionReason,
        comparedWith,
        tableVersions,
        configuration,
        tokenstatsVersion,
        disclosure,
        changes,
        entries);
  }

  /** Pretty JSON with LF line ends and a fixed key order: the same manifest, the same bytes. */
  public String toJson() {
    return ReleaseDocuments.json(JSON.valueToTree(this));
  }

  public static Manifest parse(String json) {
    try {
      return JSON.readValue(json, Manifest.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a release manifest: " + e.getMessage(), e);
    }
  }
}
