package org.tokenstats.jobs.release;

import com.fasterxml.jackson.annotation.JsonInclude;
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
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer releaseFormat,
    Suppressions disclosure,
    List<ReleaseBuilder.Change> changes,
    List<FileEntry> files) {

  public static final String FILE = "manifest.json";
  public static final String PROVISIONAL = "provisional";
  public static final String FINAL = "final";
  public static final String REVISED = "revised";

  /**
   * The layout of the release's files as first published: no {@code release_format} in the
   * manifest. {@code reproduce} rebuilds such a release with the writers of that time.
   */
  public static final int FORMAT_1 = 1;

  /**
   * Adds {@code revisions.csv} (the revision triangle, one flag per value), CSVW metadata that
   * survives a JSON-LD processor, and a bulletin written for people.
   */
  public static final int FORMAT_2 = 2;

  /** The format new releases are written in. */
  public static final int CURRENT_FORMAT = FORMAT_2;

  /** Input versions in table order, whatever map the caller gave: the same manifest, same bytes. */
  public Manifest {
    tableVersions = new TreeMap<>(tableVersions);
  }

  /** A manifest written before {@code release_format} was recorded (format 1). */
  public Manifest(
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
    this(
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
        null,
        disclosure,
        changes,
        files);
  }

  /** How the release's files are laid out: {@link #FORMAT_1} when the manifest does not say. */
  public int format() {
    return releaseFormat == null ? FORMAT_1 : releaseFormat;
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
        releaseFormat,
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
