package org.tokenstats.jobs.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The headline figures of a release, read from its own published observations (so a suppressed
 * figure stays suppressed in the README and the bulletin too).
 */
final class Headlines {
  private Headlines() {}

  /**
   * A headline: label, the published value with unit (or why there is none), the same written for
   * people ({@link PeopleNumbers}), its status.
   */
  record Line(String label, String value, String readable, String status) {}

  private static final Map<Measure, String> LABELS =
      new java.util.LinkedHashMap<>(
          Map.of(
              Measure.AVG_DAILY_TOKENS, "Average daily tokens",
              Measure.GROWTH_MULTIPLE, "Growth multiple vs baseline month",
              Measure.MOM_RATIO, "Month-on-month ratio",
              Measure.YOY_RATIO, "Year-on-year ratio",
              Measure.KWH_PER_MILLION_TOKENS, "Energy per million tokens",
              Measure.CNY_PER_MILLION_TOKENS, "Energy cost per million tokens",
              Measure.UTILIZATION, "National compute utilization",
              Measure.VALUE_MULTIPLE, "CNY billed per CNY of energy",
              Measure.RESPONSE_RATE, "Response rate (provider-days)"));

  private static final List<Measure> ORDER =
      List.of(
          Measure.AVG_DAILY_TOKENS,
          Measure.GROWTH_MULTIPLE,
          Measure.MOM_RATIO,
          Measure.YOY_RATIO,
          Measure.KWH_PER_MILLION_TOKENS,
          Measure.CNY_PER_MILLION_TOKENS,
          Measure.VALUE_MULTIPLE,
          Measure.UTILIZATION,
          Measure.RESPONSE_RATE);

  /** The national figure of {@code m} for the month {@code period}, as the release publishes it. */
  static java.util.Optional<Observation> national(
      ReleaseBuilder.Content content, String period, Measure m) {
    return content.tables().get(ReleaseTable.MONTHLY_SUMMARY).stream()
        .filter(
            x -> x.period().equals(period) && x.geoLevel().equals("national") && x.measure() == m)
        .findFirst();
  }

  static List<Line> of(ReleaseBuilder.Content content, String period) {
    List<Line> out = new ArrayList<>();
    List<Observation> summary = content.tables().get(ReleaseTable.MONTHLY_SUMMARY);
    for (Measure m : ORDER) {
      if ((m == Measure.VALUE_MULTIPLE || m == Measure.RESPONSE_RATE)
          && summary.stream().noneMatch(x -> x.measure() == m)) {
        continue; // added later: not a measure of this release's methodology
      }
      Observation o = national(content, period, m).orElse(null);
      String value;
      String readable;
      boolean missing =
          o != null
              && (o.obsStatus().equals(Observation.MISSING)
                  || o.obsStatus().equals(Observation.NOT_AVAILABLE));
      if (o == null || missing && o.value() == null) {
        value = "not available";
        readable = value;
      } else if (o.value() == null) {
        value = "suppressed (" + o.confStatus() + ")";
        readable = value;
      } else {
        value = o.publishedValue() + " " + m.unit();
        readable = PeopleNumbers.format(m, o.value());
      }
      out.add(
          new Line(LABELS.get(m), value, readable, o == null ? "" : o.obsStatus() + o.revision()));
    }
    return out;
  }
}
