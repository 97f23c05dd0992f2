package org.tokenstats.jobs.release;

import java.math.BigDecimal;

/**
 * One published figure: a row of a release table. {@code value} is null when the figure is missing
 * ({@code obs_status} O or M) or suppressed ({@code conf_status} C or D).
 *
 * @param obsStatus SDMX observation status (CL_OBS_STATUS): A normal, P provisional, E estimated, O
 *     missing (not collected or not estimable), M missing (cannot exist)
 * @param revision "R" when the figure differs from its last publication in an earlier release
 * @param confStatus SDMX confidentiality: F free, C primary confidential, D secondary
 */
public record Observation(
    String period,
    String geoLevel,
    String geoCode,
    String geoName,
    Measure measure,
    BigDecimal value,
    String obsStatus,
    String revision,
    String confStatus) {

  public static final String NORMAL = "A";
  public static final String PROVISIONAL = "P";
  public static final String ESTIMATED = "E";

  /** SDMX M: missing, the value cannot exist (a ratio without a base). */
  public static final String MISSING = "M";

  /** SDMX O: missing, not collected or not estimable (a day nobody reported, a thin month). */
  public static final String NOT_AVAILABLE = "O";

  /**
   * SDMX Q: missing value, suppressed. Used only where one flag must carry both status and
   * confidentiality ({@code revisions.csv}); the tables keep C and D in {@code conf_status}.
   */
  public static final String SUPPRESSED = "Q";

  public static final String REVISED = "R";
  public static final String FREE = "F";
  public static final String CONFIDENTIAL = "C";
  public static final String SECONDARY = "D";

  /**
   * Identifies the figure within one release: its cell ({@link ReleaseBuilder#cellId}) and measure.
   * Across releases, figures are compared by {@link FigureKey}, which adds the table.
   */
  public String key() {
    return key(ReleaseBuilder.cellId(period, geoLevel, geoCode), measure);
  }

  /** The {@link #key()} of measure {@code m} in the cell {@code cellId}. */
  public static String key(String cellId, Measure m) {
    return cellId + "|" + m.id();
  }

  /** The value as published: plain decimal digits, empty when missing or suppressed. */
  public String publishedValue() {
    return value == null ? "" : value.toPlainString();
  }

  public Observation withObsStatus(String status) {
    return new Observation(
        period, geoLevel, geoCode, geoName, measure, value, status, revision, confStatus);
  }

  /** This figure with another value (and status), e.g. scaled to its whole month. */
  public Observation withValue(BigDecimal newValue, String status) {
    return new Observation(
        period, geoLevel, geoCode, geoName, measure, newValue, status, revision, confStatus);
  }

  public Observation withRevision(String r) {
    return new Observation(
        period, geoLevel, geoCode, geoName, measure, value, obsStatus, r, confStatus);
  }
}
