package org.tokenstats.jobs.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.tokenstats.common.errors.Errors;

/**
 * Writes a release's files into a folder, and publishes a finished folder: a release is written
 * under a temporary (dot) name beside its final place, then renamed into place in one atomic step,
 * never over an existing release. A reader sees all of a release or nothing of it.
 */
public final class ReleaseFolder {
  private ReleaseFolder() {}

  /** Every file of the release but the manifest, by name, in the order the manifest lists them. */
  static Map<String, byte[]> files(Manifest m, ReleaseBuilder.Content content) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (ReleaseTable t : ReleaseTable.values()) {
      List<List<String>> rows = new ArrayList<>();
      for (Observation o : content.tables().get(t)) {
        rows.add(ReleaseTable.cells(o));
      }
      files.put(
          t.fileName(),
          SafeCsv.write(ReleaseTable.COLUMNS, rows, Set.of(ReleaseTable.VALUE))
              .getBytes(StandardCharsets.UTF_8));
      String metadata =
          m.format() >= Manifest.FORMAT_2 ? CsvwMetadata.table(t, m) : ReleaseDocuments.csvw(t, m);
      files.put(t.metadataFileName(), metadata.getBytes(StandardCharsets.UTF_8));
    }
    if (m.format() >= Manifest.FORMAT_2) {
      files.put(RevisionTriangle.FILE, RevisionTriangle.csv(content.revisions(), m.releaseId()));
      files.put(
          RevisionTriangle.METADATA_FILE,
          CsvwMetadata.revisions(m).getBytes(StandardCharsets.UTF_8));
    }
    ReleaseConfig config = ReleaseConfig.fromMap(m.configuration());
    files.put(
        Charts.DAILY,
        Charts.dailyTokens(
            content.tables().get(ReleaseTable.NATIONAL_DAILY),
            YearMonth.parse(m.referencePeriod()),
            config.nonResponse(),
            m.format() >= Manifest.FORMAT_2));
    files.put(
        Charts.GROWTH,
        Charts.growthTrajectory(
            content.tables().get(ReleaseTable.MONTHLY_SUMMARY),
            config.baseline(),
            config.nonResponse(),
            m.format() >= Manifest.FORMAT_2));
    if (m.format() >= Manifest.FORMAT_2) {
      String agency = Publisher.fromMap(m.configuration()).sdmxAgency();
      for (ReleaseTable t : ReleaseTable.values()) {
        files.put(SdmxEdition.csvFileName(t), SdmxEdition.csv(t, content.tables().get(t), agency));
      }
      files.put(SdmxEdition.STRUCTURE_FILE, SdmxEdition.structure(m, content, agency));
      YearMonth period = YearMonth.parse(m.referencePeriod());
      files.put(
          SvgChart.DAILY,
          SvgChart.daily(content.tables().get(ReleaseTable.NATIONAL_DAILY), period)
              .getBytes(StandardCharsets.UTF_8));
      files.put(
          SvgChart.GROWTH,
          SvgChart.growth(
                  content.tables().get(ReleaseTable.MONTHLY_SUMMARY), config.baseline(), period)
              .getBytes(StandardCharsets.UTF_8));
    }
    files.put(
        ReleaseDocuments.README,
        ReleaseDocuments.readme(m, content).getBytes(StandardCharsets.UTF_8));
    files.put(
        ReleaseDocuments.BULLETIN,
        (m.format() >= Manifest.FORMAT_2
                ? Bulletin.html(m, content)
                : ReleaseDocuments.bulletin(m, content))
            .getBytes(StandardCharsets.UTF_8));
    return files;
  }

  /** Writes the release into {@code dir} (created); returns the manifest with its file list. */
  static Manifest write(Path dir, Manifest m, ReleaseBuilder.Content content) {
    Map<String, byte[]> files = files(m, content);
    List<Manifest.FileEntry> entries = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Path file = dir.resolve(f.getKey());
        Files.createDirectories(file.getParent());
        Files.write(file, f.getValue());
        Long rows = rows(f.getKey(), content);
        entries.add(
            new Manifest.FileEntry(f.getKey(), sha256(f.getValue()), rows, f.getValue().length));
      }
      Manifest complete = m.withFiles(entries);
      Files.writeString(dir.resolve(Manifest.FILE), complete.toJson(), StandardCharsets.UTF_8);
      return complete;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The data rows of a CSV file of the release; null for the other files. */
  private static Long rows(String name, ReleaseBuilder.Content content) {
    for (ReleaseTable t : ReleaseTable.values()) {
      if (t.fileName().equals(name) || SdmxEdition.csvFileName(t).equals(name)) {
        return (long) content.tables().get(t).size();
      }
    }
    if (name.equals(RevisionTriangle.FILE)) {
      return content.revisions().stream().mapToLong(r -> r.earlier().size() + 1L).sum();
    }
    return null;
  }

  /**
   * Writes then atomically renames into {@code <root>/<release_id>}; fails if that exists. Returns
   * the manifest as written (with its file list).
   */
  static Manifest publish(Path root, Manifest m, ReleaseBuilder.Content content, String runId) {
    Path target = root.resolve(m.releaseId());
    Path temp = root.resolve("." + m.releaseId() + "." + runId + ".tmp");
    try {
      Files.createDirectories(root);
      deleteTree(temp);
      Manifest written = write(temp, m, content);
      if (Files.exists(target)) {
        throw Errors.failure(
            "Release " + m.releaseId() + " already exists in " + root,
            "Published releases are never overwritten; run `release` again to publish the next"
                + " version.",
            null);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      readOnly(target);
      return written;
    } catch (FileAlreadyExistsException e) {
      throw Errors.failure(
          "Release " + m.releaseId() + " was published by another run meanwhile",
          "Run `release` again: it compares with that release first.",
          e);
    } catch (AtomicMoveNotSupportedException e) {
      throw Errors.failure(
          "The releases folder " + root + " cannot rename atomically",
          "Put tokenstats.paths.releases on a local or network file system with atomic rename.",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTree(temp);
    }
  }

  /** Published files are read-only for everyone (a guard against edits, not a security control). */
  private static void readOnly(Path dir) {
    for (String name : fileNames(dir)) {
      dir.resolve(name).toFile().setWritable(false, false);
    }
  }

  /**
   * The files of a release folder, its subfolders' included, as the manifest names them ({@code
   * sdmx/structure.xml}), sorted.
   */
  public static List<String> fileNames(Path release) {
    try (Stream<Path> all = Files.walk(release)) {
      return all.filter(Files::isRegularFile)
          .map(p -> release.relativize(p).toString().replace(java.io.File.separatorChar, '/'))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Deletes a folder and everything below it, if it exists. */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
