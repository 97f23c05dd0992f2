package org.tokenstats.jobs.release;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code revisions.csv}, the release's revision triangle: for every figure of the release whose
 * value or confidentiality differs between any two of its publications, one row per publication,
 * from the first to this release. Each value carries one flag (SDMX OBS_STATUS), so a suppressed
 * value is {@code Q} there; the tables keep C and D in {@code conf_status}.
 */
final class RevisionTriangle {
  private RevisionTriangle() {}

  static final String FILE = "revisions.csv";
  static final String METADATA_FILE = "revisions.csv-metadata.json";
  static final String TABLE = "table";
  static final String VINTAGE = "vintage";
  static final String RELEASE_ID = "release_id";

  /** The columns of {@code revisions.csv}, in order. */
  static final List<String> COLUMNS =
      List.of(
          TABLE,
          ReleaseTable.PERIOD,
          ReleaseTable.GEO_LEVEL,
          ReleaseTable.GEO_CODE,
          ReleaseTable.MEASURE,
          ReleaseTable.UNIT,
          VINTAGE,
          RELEASE_ID,
          ReleaseTable.VALUE,
          ReleaseTable.OBS_STATUS);

  /** A revised figure: as this release publishes it, and every earlier publication in order. */
  record Revision(ReleaseTable table, Observation current, List<ReleaseBuilder.Prior> earlier) {
    Revision {
      earlier = List.copyOf(earlier);
    }
  }

  /**
   * The figures of {@code tables} that were ever revised, in table and row order.
   *
   * @param history every earlier publication of each figure, oldest first
   */
  static List<Revision> of(
      Map<ReleaseTable, List<Observation>> tables,
      Map<FigureKey, List<ReleaseBuilder.Prior>> history) {
    List<Revision> out = new ArrayList<>();
    for (ReleaseTable t : ReleaseTable.values()) {
      for (Observation o : tables.getOrDefault(t, List.of())) {
        List<ReleaseBuilder.Prior> earlier = history.get(FigureKey.of(t, o));
        if (earlier != null && earlier.stream().anyMatch(p -> differs(p, o))) {
          out.add(new Revision(t, o, earlier));
        }
      }
    }
    return out;
  }

  /** Compared as revision marks compare: the value and its confidentiality, not the flags. */
  private static boolean differs(ReleaseBuilder.Prior p, Observation o) {
    return !p.value().equals(o.publishedValue()) || !p.confStatus().equals(o.confStatus());
  }

  /** The one flag of a value: {@code Q} where it was suppressed, else its observation status. */
  static String flag(String obsStatus, String confStatus) {
    if (Observation.CONFIDENTIAL.equals(confStatus) || Observation.SECONDARY.equals(confStatus)) {
      return Observation.SUPPRESSED;
    }
    return obsStatus == null ? "" : obsStatus;
  }

  /** The file, this release's publication of each figure last as {@code releaseId}. */
  static byte[] csv(List<Revision> revisions, String releaseId) {
    List<List<String>> rows = new ArrayList<>();
    for (Revision r : revisions) {
      Observation o = r.current();
      int vintage = 0;
      for (ReleaseBuilder.Prior p : r.earlier()) {
        rows.add(
            row(
                r.table(),
                o,
                ++vintage,
                p.releaseId(),
                p.value(),
                flag(p.obsStatus(), p.confStatus())));
      }
      rows.add(
          row(
              r.table(),
              o,
              ++vintage,
              releaseId,
              o.publishedValue(),
              flag(o.obsStatus(), o.confStatus())));
    }
    return SafeCsv.write(COLUMNS, rows, Set.of(VINTAGE, ReleaseTable.VALUE))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> row(
      ReleaseTable t, Observation o, int vintage, String releaseId, String value, String flag) {
    return List.of(
        t.id(),
        o.period(),
        o.geoLevel(),
        o.geoCode(),
        o.measure().id(),
        o.measure().unit(),
        Integer.toString(vintage),
        releaseId,
        value,
        flag);
  }
}
