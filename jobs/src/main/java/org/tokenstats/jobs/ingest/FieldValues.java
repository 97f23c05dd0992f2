package org.tokenstats.jobs.ingest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Typed readings of raw field text, each failure a {@link Rejection} naming field and value. */
final class FieldValues {
  private FieldValues() {}

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
    if (!isInteger(t)) {
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

  /** [+-]?digits, without a regex: this runs several times for each of millions of records. */
  private static boolean isInteger(String t) {
    int start = !t.isEmpty() && (t.charAt(0) == '+' || t.charAt(0) == '-') ? 1 : 0;
    if (start == t.length()) {
      return false;
    }
    for (int i = start; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** A decimal kept to six places (rounded half-even). */
  static BigDecimal decimal(String field, String text) throws Rejection {
    return rounded(field, exact(field, text));
  }

  /**
   * A decimal exactly as written, for checks that must see the value before it is rounded (a bound
   * of 20 is broken by 20.0000001). Exponents that would make a number of billions of digits (and a
   * rounding that never ends) are refused up front.
   */
  static BigDecimal exact(String field, String text) throws Rejection {
    BigDecimal d;
    try {
      d = new BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      throw new Rejection(
          ReasonCode.BAD_VALUE, field + " must be a number, got '" + show(text) + "'");
    }
    if (d.precision() - d.scale() > 18 || d.scale() > 100) {
      throw new Rejection(
          ReasonCode.OUT_OF_BOUNDS, field + " is too large or too fine: " + show(text));
    }
    return d;
  }

  /** {@code exact} kept to six places (rounded half-even), as it is stored. */
  static BigDecimal rounded(String field, BigDecimal exact) throws Rejection {
    BigDecimal d = exact.setScale(6, RoundingMode.HALF_EVEN);
    if (d.precision() > 24) {
      throw new Rejection(
          ReasonCode.OUT_OF_BOUNDS, field + " is too large: " + exact.toPlainString());
    }
    return d;
  }

  /** An ISO-8601 timestamp with an explicit offset ({@code Z} or {@code +08:00}). */
  static Instant instant(String field, String text) throws Rejection {
    String t = text.strip();
    Instant fast = canonicalInstant(t);
    if (fast != null) {
      return fast;
    }
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

  /**
   * The usual shape, {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|+hh:mm)}, read without the general
   * formatter (which costs more than the rest of a record's rules); null for any other text, which
   * then takes the general path with its precise rejections.
   */
  static Instant canonicalInstant(String t) {
    int n = t.length();
    if (n < 20
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (t.charAt(i) == '.') {
      int start = ++i;
      while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
        i++;
      }
      int len = i - start;
      if (len < 1 || len > 9) {
        return null;
      }
      nanos = digits(t, start, len);
      for (int k = len; k < 9; k++) {
        nanos *= 10;
      }
    }
    int offsetSeconds;
    if (i == n - 1 && t.charAt(i) == 'Z') {
      offsetSeconds = 0;
    } else if (i == n - 6 && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
      int oh = digits(t, i + 1, 2);
      int om = digits(t, i + 4, 2);
      if ((oh | om) < 0 || oh > 18 || om > 59) {
        return null;
      }
      offsetSeconds = (t.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    } else {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
          .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
    } catch (DateTimeException e) {
      return null; // e.g. month 13: the general path words the rejection
    }
  }

  /** The decimal value of {@code len} ASCII digits at {@code from}, or -1 if any is not one. */
  private static int digits(String t, int from, int len) {
    int v = 0;
    for (int k = from; k < from + len; k++) {
      char c = t.charAt(k);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
