package org.tokenstats.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each rule of docs/submitting.md §1 on one record, with the reason code a submitter sees. */
class UsageRulesTest {
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final Instant RUN = Instant.parse("2026-03-20T00:00:00Z");

  static Registry registry() {
    Registry r = new Registry();
    r.addProvider("p1", LocalDate.of(2020, 1, 1), null);
    r.addProvider("late", LocalDate.of(2026, 3, 15), null);
    r.addRegion("CN-JS", LocalDate.of(2020, 1, 1), null);
    r.addRegion("CN-GS", LocalDate.of(2020, 1, 1), null);
    r.addDatacenter("DC-1", "CN-JS", LocalDate.of(2020, 1, 1), LocalDate.of(2026, 3, 1));
    r.addDatacenter("DC-1", "CN-JS", LocalDate.of(2026, 3, 1), null);
    r.addDatacenter("DC-NEW", "CN-GS", LocalDate.of(2026, 3, 15), null);
    return r;
  }

  static final UsageRules RULES = new UsageRules(registry(), SHANGHAI, RUN);

  static Map<String, String> good() {
    Map<String, String> m = new HashMap<>();
    m.put("record_id", "r1");
    m.put("provider_id", "p1");
    m.put("event_time", "2026-03-14T10:00:00+08:00");
    m.put("model_id", " Open-LLM-70B ");
    m.put("region_code", "CN-JS");
    m.put("datacenter_id", "DC-1");
    m.put("input_tokens", "1000");
    m.put("output_tokens", "500");
    return m;
  }

  static Object[] accept(Map<String, String> m) throws Rejection {
    return RULES.check(new RawRecord(m, Set.of()));
  }

  static ReasonCode reasonFor(Map<String, String> m) {
    try {
      accept(m);
    } catch (Rejection e) {
      return e.reason;
    }
    throw new AssertionError("accepted: " + m);
  }

  static Map<String, String> with(String field, String value) {
    Map<String, String> m = good();
    if (value == null) {
      m.remove(field);
    } else {
      m.put(field, value);
    }
    return m;
  }

  static Object value(Object[] typed, String column) {
    return typed[IngestSchemas.USAGE_TYPED.fieldIndex(column)];
  }

  @Test
  void aGoodRecordIsTypedWithDefaultsAndANormalisedModel() throws Rejection {
    Object[] t = accept(good());
    assertThat(value(t, "report_date")).isEqualTo(Date.valueOf("2026-03-14"));
    assertThat(value(t, "report_hour")).isEqualTo(10);
    assertThat(value(t, "model_id")).isEqualTo("open-llm-70b");
    assertThat(value(t, "model_id_reported")).isEqualTo("Open-LLM-70B");
    assertThat(value(t, "request_count")).isEqualTo(1L);
    assertThat(value(t, "modality")).isEqualTo("text");
    assertThat(value(t, "total_tokens")).isEqualTo(1500L);
  }

  @Test
  void utcAndPlusEightReportingTheSameInstantLandOnTheSameDayAndHour() throws Rejection {
    Object[] utc = accept(with("event_time", "2026-03-13T16:30:00Z"));
    Object[] local = accept(with("event_time", "2026-03-14T00:30:00+08:00"));
    assertThat(value(utc, "report_date")).isEqualTo(Date.valueOf("2026-03-14"));
    assertThat(value(utc, "report_date")).isEqualTo(value(local, "report_date"));
    assertThat(value(utc, "report_hour")).isEqualTo(0).isEqualTo(value(local, "report_hour"));
    Object[] beforeMidnight = accept(with("event_time", "2026-03-14T15:59:59Z"));
    assertThat(value(beforeMidnight, "report_date")).isEqualTo(Date.valueOf("2026-03-14"));
    assertThat(value(beforeMidnight, "report_hour")).isEqualTo(23);
  }

  @Test
  void eachRuleHasItsReasonCode() {
    assertThat(reasonFor(with("input_tokens", null))).isEqualTo(ReasonCode.MISSING_FIELD);
    assertThat(reasonFor(with("record_id", " "))).isEqualTo(ReasonCode.MISSING_FIELD);
    assertThat(reasonFor(with("event_time", "2026-03-14T10:00:00")))
        .isEqualTo(ReasonCode.NO_OFFSET);
    assertThat(reasonFor(with("event_time", "14/03/2026 10:00")))
        .isEqualTo(ReasonCode.BAD_TIMESTAMP);
    assertThat(reasonFor(with("event_time", "2026-02-30T10:00:00Z")))
        .isEqualTo(ReasonCode.BAD_TIMESTAMP);
    assertThat(reasonFor(with("output_tokens", "-1"))).isEqualTo(ReasonCode.NEGATIVE_VALUE);
    assertThat(reasonFor(with("energy_kwh", "-0.5"))).isEqualTo(ReasonCode.NEGATIVE_VALUE);
    assertThat(reasonFor(with("input_tokens", "1.5"))).isEqualTo(ReasonCode.BAD_VALUE);
    assertThat(reasonFor(with("input_tokens", "ten"))).isEqualTo(ReasonCode.BAD_VALUE);
    assertThat(reasonFor(with("modality", "hologram"))).isEqualTo(ReasonCode.BAD_VALUE);
    assertThat(reasonFor(with("request_count", "0"))).isEqualTo(ReasonCode.BAD_VALUE);
    assertThat(reasonFor(with("record_id", "x".repeat(129)))).isEqualTo(ReasonCode.BAD_VALUE);
    assertThat(reasonFor(with("input_tokens", "10000000000001")))
        .isEqualTo(ReasonCode.OUT_OF_BOUNDS);
    assertThat(reasonFor(with("accelerator_seconds", "36000000.5")))
        .isEqualTo(ReasonCode.OUT_OF_BOUNDS);
    assertThat(reasonFor(with("energy_kwh", "10000001"))).isEqualTo(ReasonCode.OUT_OF_BOUNDS);
    assertThat(reasonFor(with("cached_input_tokens", "1001")))
        .isEqualTo(ReasonCode.CACHED_EXCEEDS_INPUT);
    assertThat(reasonFor(with("event_time", "2026-03-20T01:00:01Z")))
        .isEqualTo(ReasonCode.FUTURE_EVENT);
    assertThat(reasonFor(with("event_time", "2019-12-31T15:59:59Z"))).isEqualTo(ReasonCode.TOO_OLD);
    assertThat(reasonFor(with("provider_id", "nobody"))).isEqualTo(ReasonCode.UNKNOWN_PROVIDER);
    assertThat(reasonFor(with("region_code", "CN-XX"))).isEqualTo(ReasonCode.UNKNOWN_REGION);
    assertThat(reasonFor(with("datacenter_id", "DC-NOPE")))
        .isEqualTo(ReasonCode.UNKNOWN_DATACENTER);
    assertThat(reasonFor(with("region_code", "CN-GS")))
        .isEqualTo(ReasonCode.DATACENTER_REGION_MISMATCH);
  }

  @Test
  void aRecordAtTheEdgesOfTheBoundsIsAccepted() throws Rejection {
    accept(with("event_time", "2026-03-20T01:00:00Z")); // exactly one hour after the run started
    accept(with("event_time", "2019-12-31T16:00:00Z")); // 2020-01-01 00:00 in Shanghai
    Map<String, String> m = good();
    m.put("input_tokens", "9999999999000");
    m.put("output_tokens", "1000");
    m.put("cached_input_tokens", "9999999999000");
    accept(m);
  }

  @Test
  void boundsAndSignsAreCheckedBeforeRounding() throws Rejection {
    // Rounded to 6 places these would pass; as written they break the rules.
    assertThat(reasonFor(with("energy_kwh", "10000000.0000001")))
        .isEqualTo(ReasonCode.OUT_OF_BOUNDS);
    assertThat(reasonFor(with("accelerator_seconds", "36000000.00000001")))
        .isEqualTo(ReasonCode.OUT_OF_BOUNDS);
    assertThat(reasonFor(with("energy_kwh", "-0.0000001"))).isEqualTo(ReasonCode.NEGATIVE_VALUE);
    assertThat(reasonFor(with("billed_amount_cny", "-0.0000004")))
        .isEqualTo(ReasonCode.NEGATIVE_VALUE);
    // Exponents that would take forever to round are refused at once.
    assertThat(reasonFor(with("energy_kwh", "1E+999999999"))).isEqualTo(ReasonCode.OUT_OF_BOUNDS);
    assertThat(reasonFor(with("energy_kwh", "1E-999999999"))).isEqualTo(ReasonCode.OUT_OF_BOUNDS);
    assertThat(value(accept(with("energy_kwh", "10000000.0000000")), "energy_kwh"))
        .isEqualTo(new java.math.BigDecimal("10000000.000000"));
    assertThat(value(accept(with("energy_kwh", "0.1234565")), "energy_kwh"))
        .isEqualTo(new java.math.BigDecimal("0.123456"));
  }

  @Test
  void lengthLimitsCountCharactersNotUtf16Units() throws Rejection {
    String emoji = "\uD83D\uDE80"; // one character, two UTF-16 units
    accept(with("record_id", emoji.repeat(128)));
    accept(with("model_id", emoji.repeat(200)));
    assertThat(reasonFor(with("record_id", emoji.repeat(129)))).isEqualTo(ReasonCode.BAD_VALUE);
    assertThat(reasonFor(with("model_id", emoji.repeat(201)))).isEqualTo(ReasonCode.BAD_VALUE);
  }

  @Test
  void integersBeyond64BitsAreRejectedNeverWrapped() {
    assertThat(reasonFor(with("input_tokens", "9223372036854775808")))
        .isEqualTo(ReasonCode.OUT_OF_BOUNDS);
    Map<String, String> m = good();
    m.put("input_tokens", String.valueOf(Long.MAX_VALUE));
    m.put("output_tokens", String.valueOf(Long.MAX_VALUE));
    assertThat(reasonFor(m)).isEqualTo(ReasonCode.OUT_OF_BOUNDS);
  }

  @Test
  void theRegistryInForceOnTheRecordsDayDecides() throws Rejection {
    assertThat(reasonFor(with("provider_id", "late")))
        .as("registered from 03-15")
        .isEqualTo(ReasonCode.UNKNOWN_PROVIDER);
    Map<String, String> m = with("provider_id", "late");
    m.put("event_time", "2026-03-14T16:00:00Z"); // 03-15 00:00 in Shanghai
    accept(m);
    Map<String, String> site = with("region_code", "CN-GS");
    site.put("datacenter_id", "DC-NEW");
    assertThat(reasonFor(site)).isEqualTo(ReasonCode.UNKNOWN_DATACENTER);
    site.put("event_time", "2026-03-15T08:00:00+08:00");
    accept(site);
  }

  @Test
  void exactRepeatsShareAContentHashAndCorrectionsDoNot() throws Rejection {
    Object[] a = accept(good());
    Object[] b = accept(good());
    Object[] c = accept(with("output_tokens", "501"));
    assertThat(value(a, "content_hash"))
        .isEqualTo(value(b, "content_hash"))
        .isNotEqualTo(value(c, "content_hash"));
  }

  @Test
  void decimalsKeepSixPlaces() throws Rejection {
    Object[] t = accept(with("energy_kwh", "0.1234567"));
    assertThat(value(t, "energy_kwh")).isEqualTo(new BigDecimal("0.123457"));
    assertThatThrownBy(() -> accept(with("energy_kwh", "1e400"))).isInstanceOf(Rejection.class);
  }
}
