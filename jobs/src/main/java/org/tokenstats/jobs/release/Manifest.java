package org.tokenstats.jobs.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A release's {@code manifest.json}: what it is, what it was computed from (every input table's
 * Delta version, the configuration), what it revises and why, and each file's SHA-256 and rows.
 * Everything {@code reproduce} needs to rebuild it is here.
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
    int primaryCells,
    int secondaryCells,
    List<ReleaseBuilder.Change> changes,
    List<FileEntry> files) {

  public static final String FILE = "manifest.json";
  public static final String PROVISIONAL = "provisional";
  public static final String FINAL = "final";
  public static final String REVISED = "revised";

  /** A file of the release: name, SHA-256 (hex), data rows (CSV; null otherwise), bytes. */
  public record FileEntry(String name, String sha256, Long rows, long bytes) {}

  private static final ObjectMapper JSON = new ObjectMapper();

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
        primaryCells,
        secondaryCells,
        changes,
        entries);
  }

  /** Pretty JSON with LF line ends and a fixed key order: the same manifest, the same bytes. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("release_id", releaseId);
    root.put("title", title);
    root.put("reference_period", referencePeriod);
    root.put("version", version);
    root.put("published_at", publishedAt);
    root.put("as_of", asOf);
    root.put("status", status);
    root.put("revises", revises);
    root.put("revision_reason", revisionReason);
    ArrayNode compared = root.putArray("compared_with");
    comparedWith.forEach(compared::add);
    ObjectNode versions = root.putObject("table_versions");
    new TreeMap<>(tableVersions).forEach(versions::put);
    ObjectNode config = root.putObject("configuration");
    configuration.forEach(config::put);
    ObjectNode disclosure = root.putObject("disclosure");
    disclosure.put("primary_suppressed_cells", primaryCells);
    disclosure.put("secondary_suppressed_cells", secondaryCells);
    ArrayNode ch = root.putArray("changes");
    for (ReleaseBuilder.Change c : changes) {
      ObjectNode n = ch.addObject();
      n.put("table", c.table());
      n.put("period", c.period());
      n.put("geo_level", c.geoLevel());
      n.put("geo_code", c.geoCode());
      n.put("measure", c.measure());
      n.put("previous_release", c.previousRelease());
      n.put("previous_value", c.previousValue());
      n.put("previous_conf_status", c.previousConfStatus());
      n.put("value", c.value());
      n.put("conf_status", c.confStatus());
    }
    ArrayNode fs = root.putArray("files");
    for (FileEntry f : files) {
      ObjectNode n = fs.addObject();
      n.put("name", f.name());
      n.put("sha256", f.sha256());
      if (f.rows() == null) {
        n.putNull("rows");
      } else {
        n.put("rows", f.rows());
      }
      n.put("bytes", f.bytes());
    }
    return ReleaseDocuments.json(root);
  }

  public static Manifest parse(String json) {
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a release manifest: " + e.getMessage(), e);
    }
    List<String> compared = new ArrayList<>();
    n.path("compared_with").forEach(x -> compared.add(x.asText()));
    Map<String, Long> versions = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.path("table_versions").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      versions.put(e.getKey(), e.getValue().asLong());
    }
    Map<String, String> config = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.path("configuration").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      config.put(e.getKey(), e.getValue().asText());
    }
    List<ReleaseBuilder.Change> changes = new ArrayList<>();
    for (JsonNode c : n.path("changes")) {
      changes.add(
          new ReleaseBuilder.Change(
              c.path("table").asText(),
              c.path("period").asText(),
              c.path("geo_level").asText(),
              c.path("geo_code").asText(),
              c.path("measure").asText(),
              c.path("previous_release").asText(),
              c.path("previous_value").asText(),
              c.path("previous_conf_status").asText(),
              c.path("value").asText(),
              c.path("conf_status").asText()));
    }
    List<FileEntry> files = new ArrayList<>();
    for (JsonNode f : n.path("files")) {
      files.add(
          new FileEntry(
              f.path("name").asText(),
              f.path("sha256").asText(),
              f.path("rows").isNull() ? null : f.path("rows").asLong(),
              f.path("bytes").asLong()));
    }
    return new Manifest(
        n.path("release_id").asText(),
        n.path("title").asText(),
        n.path("reference_period").asText(),
        n.path("version").asInt(),
        n.path("published_at").asText(),
        n.path("as_of").asText(),
        n.path("status").asText(),
        n.path("revises").isNull() ? null : n.path("revises").asText(),
        n.path("revision_reason").isNull() ? null : n.path("revision_reason").asText(),
        compared,
        versions,
        config,
        n.path("disclosure").path("primary_suppressed_cells").asInt(),
        n.path("disclosure").path("secondary_suppressed_cells").asInt(),
        changes,
        files);
  }
}
