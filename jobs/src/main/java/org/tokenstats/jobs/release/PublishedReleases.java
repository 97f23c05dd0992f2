package org.tokenstats.jobs.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tokenstats.common.errors.Errors;

/**
 * The releases folder as it stands: every published release's manifest, in publication order; the
 * figures they published (what revision marks compare with); and the table versions they pin (what
 * maintenance keeps).
 */
public final class PublishedReleases {
  private static final Pattern ID = Pattern.compile("tokens-(\\d{4}-\\d{2})-v(\\d+)");

  private final Path root;
  private final List<Manifest> manifests;

  private PublishedReleases(Path root, List<Manifest> manifests) {
    this.root = root;
    this.manifests = manifests;
  }

  /** The release id of a period's n-th version. */
  public static String releaseId(String period, int version) {
    return "tokens-" + period + "-v" + version;
  }

  /** Reads every {@code <root>/<id>/manifest.json}; temporary folders (dot names) are skipped. */
  public static PublishedReleases in(Path root) {
    List<Manifest> found = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> dirs = Files.list(root)) {
        for (Path dir :
            dirs.filter(d -> !d.getFileName().toString().startsWith("."))
                .filter(d -> Files.isRegularFile(d.resolve(Manifest.FILE)))
                .sorted()
                .toList()) {
          Path file = dir.resolve(Manifest.FILE);
          try {
            found.add(Manifest.parse(Files.readString(file, StandardCharsets.UTF_8)));
          } catch (IOException | IllegalArgumentException e) {
            throw Errors.failure(
                "Release manifest " + file + " cannot be read: " + e.getMessage(),
                "Restore the release folder from the archive; published releases are never edited.",
                e);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    found.sort(Comparator.comparing(Manifest::publishedAt).thenComparing(Manifest::releaseId));
    return new PublishedReleases(root, found);
  }

  public Path root() {
    return root;
  }

  /** Every release, oldest publication first. */
  public List<Manifest> all() {
    return manifests;
  }

  public Optional<Manifest> byId(String id) {
    return manifests.stream().filter(m -> m.releaseId().equals(id)).findFirst();
  }

  /** The period's latest version, if any. */
  public Optional<Manifest> latest(String period) {
    return manifests.stream()
        .filter(m -> m.referencePeriod().equals(period))
        .max(Comparator.comparingInt(Manifest::version));
  }

  /**
   * The latest version of every period published. A manifest whose id is not a release id
   * (tokens-YYYY-MM-vN) is not ours to schedule and is left out.
   */
  public Map<YearMonth, Manifest> latestByPeriod() {
    Map<YearMonth, Manifest> out = new TreeMap<>();
    for (Manifest m : manifests) {
      Matcher id = ID.matcher(m.releaseId());
      if (id.matches() && id.group(1).equals(m.referencePeriod())) {
        out.merge(
            YearMonth.parse(m.referencePeriod()), m, (a, b) -> a.version() >= b.version() ? a : b);
      }
    }
    return out;
  }

  /** The next free version number of a period (folder names count, manifests or not). */
  public int nextVersion(String period) {
    int max = 0;
    if (Files.isDirectory(root)) {
      try (Stream<Path> dirs = Files.list(root)) {
        for (Path d : dirs.toList()) {
          Matcher m = ID.matcher(d.getFileName().toString());
          if (m.matches() && m.group(1).equals(period)) {
            max = Math.max(max, Integer.parseInt(m.group(2)));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return max + 1;
  }

  /** The last publication of every figure among {@code releaseIds} (in that order, later wins). */
  public Map<FigureKey, ReleaseBuilder.Prior> priors(List<String> releaseIds) {
    return ReleaseBuilder.lastOf(history(releaseIds));
  }

  /**
   * Every publication of every figure among {@code releaseIds}, in that order (the releases
   * compared, oldest publication first): what the revision triangle shows.
   */
  public Map<FigureKey, List<ReleaseBuilder.Prior>> history(List<String> releaseIds) {
    Map<FigureKey, List<ReleaseBuilder.Prior>> out = new HashMap<>();
    for (String id : releaseIds) {
      for (ReleaseTable t : ReleaseTable.values()) {
        Path csv = root.resolve(id).resolve(t.fileName());
        List<List<String>> rows;
        try {
          rows = SafeCsv.parse(Files.readString(csv, StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw Errors.failure(
              "Release file " + csv + " cannot be read: " + e.getMessage(),
              "Restore the release folder from the archive; later releases compare with it.",
              e);
        }
        List<String> header = rows.get(0);
        Map<String, Integer> col = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
          col.put(header.get(i), i);
        }
        for (List<String> r : rows.subList(1, rows.size())) {
          FigureKey key =
              new FigureKey(
                  t,
                  r.get(col.get(ReleaseTable.PERIOD)),
                  r.get(col.get(ReleaseTable.GEO_LEVEL)),
                  r.get(col.get(ReleaseTable.GEO_CODE)),
                  r.get(col.get(ReleaseTable.MEASURE)));
          out.computeIfAbsent(key, k -> new ArrayList<>())
              .add(
                  new ReleaseBuilder.Prior(
                      id,
                      r.get(col.get(ReleaseTable.VALUE)),
                      r.get(col.get(ReleaseTable.CONF_STATUS)),
                      r.get(col.get(ReleaseTable.OBS_STATUS))));
        }
      }
    }
    return out;
  }

  /**
   * Newest version per table id that any release pins: a later release checked everything up to it
   * when it was published.
   */
  public Map<String, Long> newestPinnedVersions() {
    Map<String, Long> out = new HashMap<>();
    for (Manifest m : manifests) {
      m.tableVersions().forEach((t, v) -> out.merge(t, v, Math::max));
    }
    return out;
  }

  /** Oldest version per table id that any release pins: maintenance must keep it readable. */
  public Map<String, Long> oldestPinnedVersions() {
    Map<String, Long> out = new HashMap<>();
    for (Manifest m : manifests) {
      m.tableVersions().forEach((t, v) -> out.merge(t, v, Math::min));
    }
    return out;
  }
}
