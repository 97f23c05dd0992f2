package org.tokenstats.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The fast readings of timestamps and whole numbers must agree with the general ones they
 * short-cut: the same instant for every text both accept, and nothing accepted that the general one
 * rejects.
 */
class FieldValuesTest {
  private static final List<String> TIMESTAMPS =
      List.of(
          "2026-03-14T03:41:31Z",
          "2026-03-14T03:41:31+08:00",
          "2026-03-14T23:59:59-05:30",
          "2026-03-14T03:41:31.5Z",
          "2026-03-14T03:41:31.123456789+08:00",
          "2024-02-29T00:00:00Z",
          "2023-02-29T00:00:00Z",
          "2026-13-01T00:00:00Z",
          "2026-03-14T24:00:00Z",
          "2026-03-14T03:60:00Z",
          "2026-03-14T03:41:31+19:00",
          "2026-03-14T03:41:31.1234567890Z",
          "2026-03-14T03:41:31.Z",
          "2026-03-14T03:41:31",
          "2026-03-14T03:41Z",
          "2026-03-14 03:41:31Z",
          "2026-03-14t03:41:31z",
          "2026-03-14T03:41:31+08:00:00",
          "2026-03-14T03:41:31+0800",
          "2026-0a-14T03:41:31Z",
          "+2026-03-14T03:41:31Z",
          "");

  @Test
  void theFastTimestampPathAgreesWithTheGeneralParser() {
    int fast = 0;
    for (String t : TIMESTAMPS) {
      Instant general = general(t);
      Instant quick = FieldValues.canonicalInstant(t);
      if (quick != null) {
        fast++;
        assertThat(quick).as(t).isEqualTo(general);
      }
    }
    assertThat(fast).as("texts the fast path read").isEqualTo(6);
  }

  @Test
  void textTheFastPathLeavesIsStillReadOrRejectedByTheGeneralOne() throws Rejection {
    assertThat(FieldValues.instant("event_time", " 2026-03-14t03:41:31z "))
        .isEqualTo(Instant.parse("2026-03-14T03:41:31Z"));
    assertThatThrownBy(() -> FieldValues.instant("event_time", "2026-03-14T03:41:31"))
        .isInstanceOfSatisfying(
            Rejection.class, r -> assertThat(r.reason).isEqualTo(ReasonCode.NO_OFFSET));
    assertThatThrownBy(() -> FieldValues.instant("event_time", "2026-02-30T00:00:00Z"))
        .isInstanceOfSatisfying(
            Rejection.class, r -> assertThat(r.reason).isEqualTo(ReasonCode.BAD_TIMESTAMP));
  }

  @Test
  void wholeNumbersAreWhatTheRegexAccepted() {
    Pattern integer = Pattern.compile("[+-]?\\d+");
    for (String t : List.of("0", "42", "+7", "-3", "", "+", "-", "1.0", "1e3", "12a", "٣", " 5")) {
      boolean accepted;
      try {
        FieldValues.integer("input_tokens", t);
        accepted = true;
      } catch (Rejection e) {
        accepted = false;
      }
      assertThat(accepted).as("'" + t + "'").isEqualTo(integer.matcher(t.strip()).matches());
    }
  }

  private static Instant general(String t) {
    try {
      return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
