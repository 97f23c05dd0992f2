package org.tokenstats.jobs.release;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tokenstats.common.config.Setting;
import org.tokenstats.common.config.SettingKeys;
import org.tokenstats.common.config.Settings;

/**
 * The settings that shape a release's content, as the manifest records them: a reproduction uses
 * these, not whatever the settings are today.
 */
public record ReleaseConfig(
    Disclosure.Rule rule,
    int provisionalAfterDays,
    int finalAfterDays,
    YearMonth baseline,
    String timeZone,
    Double minDayCoverage,
    Double minValueCoverage) {

  /**
   * The methodology before non-response estimation (no {@code min-day-coverage} in the manifest):
   * no response rate, a day without data {@code M}, a month published whatever its coverage. Kept
   * so that releases published then reproduce byte for byte.
   */
  public ReleaseConfig(
      Disclosure.Rule rule,
      int provisionalAfterDays,
      int finalAfterDays,
      YearMonth baseline,
      String timeZone) {
    this(rule, provisionalAfterDays, finalAfterDays, baseline, timeZone, null, null);
  }

  /**
   * The non-response methodology without the value multiple (no {@code min-value-coverage} in the
   * manifest), kept so that releases published then reproduce byte for byte.
   */
  public ReleaseConfig(
      Disclosure.Rule rule,
      int provisionalAfterDays,
      int finalAfterDays,
      YearMonth baseline,
      String timeZone,
      Double minDayCoverage) {
    this(rule, provisionalAfterDays, finalAfterDays, baseline, timeZone, minDayCoverage, null);
  }

  /** Releases publish the value multiple where its coverage reaches {@link #minValueCoverage}. */
  public boolean valueMultiple() {
    return minValueCoverage != null;
  }

  /**
   * Releases estimate non-response (E, response rate), mark what was not collected {@code O} and
   * publish an incomplete month only as an estimate above {@link #minDayCoverage}.
   */
  public boolean nonResponse() {
    return minDayCoverage != null;
  }

  public static ReleaseConfig of(Settings s) {
    return new ReleaseConfig(
        new Disclosure.Rule(
            s.get(SettingKeys.RELEASE_MIN_PROVIDERS),
            s.get(SettingKeys.RELEASE_DOMINANCE_N),
            s.get(SettingKeys.RELEASE_DOMINANCE_K)),
        s.get(SettingKeys.RELEASE_PROVISIONAL_AFTER_DAYS),
        s.get(SettingKeys.RELEASE_FINAL_AFTER_DAYS),
        s.get(SettingKeys.GROWTH_BASELINE),
        s.timeZone().getId(),
        s.get(SettingKeys.RELEASE_MIN_DAY_COVERAGE),
        s.get(SettingKeys.RELEASE_MIN_VALUE_COVERAGE));
  }

  /** The manifest's {@code configuration} object: setting key to value. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(SettingKeys.RELEASE_MIN_PROVIDERS.key(), Integer.toString(rule.minProviders()));
    m.put(SettingKeys.RELEASE_DOMINANCE_N.key(), Integer.toString(rule.dominanceN()));
    m.put(SettingKeys.RELEASE_DOMINANCE_K.key(), Double.toString(rule.dominanceK()));
    m.put(SettingKeys.RELEASE_PROVISIONAL_AFTER_DAYS.key(), Integer.toString(provisionalAfterDays));
    m.put(SettingKeys.RELEASE_FINAL_AFTER_DAYS.key(), Integer.toString(finalAfterDays));
    m.put(SettingKeys.GROWTH_BASELINE.key(), baseline.toString());
    m.put(SettingKeys.TIME_ZONE.key(), timeZone);
    if (minDayCoverage != null) {
      m.put(SettingKeys.RELEASE_MIN_DAY_COVERAGE.key(), Double.toString(minDayCoverage));
    }
    if (minValueCoverage != null) {
      m.put(SettingKeys.RELEASE_MIN_VALUE_COVERAGE.key(), Double.toString(minValueCoverage));
    }
    return m;
  }

  public static ReleaseConfig fromMap(Map<String, String> m) {
    return new ReleaseConfig(
        new Disclosure.Rule(
            Integer.parseInt(get(m, SettingKeys.RELEASE_MIN_PROVIDERS)),
            Integer.parseInt(get(m, SettingKeys.RELEASE_DOMINANCE_N)),
            Double.parseDouble(get(m, SettingKeys.RELEASE_DOMINANCE_K))),
        Integer.parseInt(get(m, SettingKeys.RELEASE_PROVISIONAL_AFTER_DAYS)),
        Integer.parseInt(get(m, SettingKeys.RELEASE_FINAL_AFTER_DAYS)),
        YearMonth.parse(get(m, SettingKeys.GROWTH_BASELINE)),
        get(m, SettingKeys.TIME_ZONE),
        optional(m, SettingKeys.RELEASE_MIN_DAY_COVERAGE),
        optional(m, SettingKeys.RELEASE_MIN_VALUE_COVERAGE));
  }

  /** A setting added to the methodology later: absent from the manifests written before it. */
  private static Double optional(Map<String, String> m, Setting<Double> s) {
    String v = m.get(s.key());
    return v == null ? null : Double.valueOf(v);
  }

  private static String get(Map<String, String> m, Setting<?> s) {
    String v = m.get(s.key());
    if (v == null) {
      throw new IllegalArgumentException("manifest configuration lacks " + s.key());
    }
    return v;
  }

  /** The day {@code nightly} first publishes the month (provisional). */
  public LocalDate provisionalDate(YearMonth month) {
    return month.atEndOfMonth().plusDays(provisionalAfterDays);
  }

  /** From this day the month's figures are final. */
  public LocalDate finalDate(YearMonth month) {
    return month.atEndOfMonth().plusDays(finalAfterDays);
  }

  public boolean isFinal(YearMonth month, LocalDate asOf) {
    return !asOf.isBefore(finalDate(month));
  }
}
