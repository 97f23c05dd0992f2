package org.tokenstats.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.tokenstats.common.errors.Errors;

/**
 * The table versions published releases were computed from: for each table id, the oldest version
 * any {@code <releases>/<release_id>/manifest.json} names in its {@code table_versions} object.
 * Maintenance must keep those versions readable, or a release could no longer be reproduced.
 */
public final class ReleaseReferences {
  private ReleaseReferences() {}

  /** Manifest field holding {@code {"gold.token_daily": 12, ...}}. */
  public static final String TABLE_VERSIONS = "table_versions";

  /** Oldest referenced version per table id; empty when there are no releases (or not local). */
  public static Map<String, Long> oldestVersions(String releasesRoot) {
    Map<String, Long> out = new HashMap<>();
    Path root = Path.of(releasesRoot);
    if (releasesRoot.contains("://") || !Files.isDirectory(root)) {
      return out;
    }
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> releases = Files.list(root)) {
      for (Path manifest :
          releases.map(r -> r.resolve("manifest.json")).filter(Files::isRegularFile).toList()) {
        JsonNode versions;
        try {
          versions = json.readTree(manifest.toFile()).path(TABLE_VERSIONS);
        } catch (IOException e) {
          throw Errors.failure(
              "Release manifest " + manifest + " cannot be read: " + e.getMessage(),
              "Restore it from the release archive before running maintenance, so that no"
                  + " version it refers to is vacuumed.",
              e);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = versions.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          out.merge(e.getKey(), e.getValue().asLong(), Math::min);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
