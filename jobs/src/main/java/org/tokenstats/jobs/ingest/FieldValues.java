package org.tokenstats.jobs.ingest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Typed readings of raw field text, each failure a {@link Rejection} naming field and value. */
final class FieldValues {
  private FieldValues() {}

  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final int MAX_SHOWN = 60;

  static String show(String value) {
    return value.length() <= MAX_SHOWN ? value : value.substring(0, MAX_SHOWN) + "...";
  }

  static String required(RawRecord r, String field) throws Rejection {
    if (r.structured().contains(field)) {
      throw new Rejection(
          ReasonCode.BAD_VALUE, field + " must be a single value, not an object or array");
    }
    String v = r.get(field);
    if (v == null || v.isBlank()) {
      throw new Rejection(ReasonCode.MISSING_FIELD, field + " is missing");
    }
    return v;
  }

  static String optional(RawRecord r, String field) throws Rejection {
    if (r.structured().contains(field)) {
      throw new Rejection(
          ReasonCode.BAD_VALUE, field + " must be a single value, not an object or array");
    }
    String v = r.get(field);
    return v == null || v.isBlank() ? null : v;
  }

  /** A whole number; beyond 64 bits is out of bounds, never wrapped. */
  static long integer(String field, String text) throws Rejection {
    String t = text.strip();
    if (!INTEGER.matcher(t).matches()) {
      throw new Rejection(
          ReasonCode.BAD_VALUE, field + " must be a whole number, got '" + show(text) + "'");
    }
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new Rejection(
          ReasonCode.OUT_OF_BOUNDS, field + " exceeds the 64-bit integer range: " + show(text));
    }
  }

  /** A decimal kept to six places (rounded half-even). */
  static BigDecimal decimal(String field, String text) throws Rejection {
    BigDecimal d;
    try {
      d = new BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      throw new Rejection(
          ReasonCode.BAD_VALUE, field + " must be a number, got '" + show(text) + "'");
    }
    d = d.setScale(6, RoundingMode.HALF_EVEN);
    if (d.precision() > 24) {
      throw new Rejection(ReasonCode.OUT_OF_BOUNDS, field + " is too large: " + show(text));
    }
    return d;
  }

  /** An ISO-8601 timestamp with an explicit offset ({@code Z} or {@code +08:00}). */
  static Instant instant(String field, String text) throws Rejection {
    String t = text.strip();
    try {
      return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      try {
        LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        throw new Rejection(
            ReasonCode.NO_OFFSET,
            field + " '" + show(text) + "' has no UTC offset; add Z or +08:00");
      } catch (DateTimeException notLocal) {
        throw new Rejection(
            ReasonCode.BAD_TIMESTAMP,
            field + " '" + show(text) + "' is not an ISO-8601 timestamp with offset");
      }
    }
  }
}
