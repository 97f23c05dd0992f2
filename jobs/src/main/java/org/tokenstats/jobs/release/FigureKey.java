package org.tokenstats.jobs.release;

/**
 * Identifies a published figure across releases: the table it is in, its period, its geography and
 * its measure. Revision marks, the list of changes and the "did anything change" test all compare
 * figures by this key, whether read from a published CSV or built by this release.
 */
public record FigureKey(
    ReleaseTable table, String period, String geoLevel, String geoCode, String measure) {

  /** The figure of {@code o} in {@code table}. */
  public static FigureKey of(ReleaseTable table, Observation o) {
    return new FigureKey(table, o.period(), o.geoLevel(), o.geoCode(), o.measure().id());
  }
}
