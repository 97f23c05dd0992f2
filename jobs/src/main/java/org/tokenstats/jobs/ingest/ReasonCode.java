package org.tokenstats.jobs.ingest;

/**
 * Why a record or a file was quarantined. The names are a published, stable interface (submitters
 * filter on them); docs/reason-codes.md describes each. Add codes, never rename.
 */
public enum ReasonCode {
  // Records
  /** The line is not a JSON object, or a CSV row has the wrong number of cells. */
  MALFORMED_RECORD,
  /** A required field is absent, null or empty. */
  MISSING_FIELD,
  /** A field has the wrong type or a value outside its allowed set or length. */
  BAD_VALUE,
  /** A timestamp has no UTC offset, so its reporting day is ambiguous. */
  NO_OFFSET,
  /** A timestamp is not ISO-8601. */
  BAD_TIMESTAMP,
  /** A count or measure that must not be negative is negative. */
  NEGATIVE_VALUE,
  /** A value is beyond a sanity bound of the feed (or beyond 64-bit range). */
  OUT_OF_BOUNDS,
  /** cached_input_tokens exceeds input_tokens. */
  CACHED_EXCEEDS_INPUT,
  /** event_time is more than one hour after the run started. */
  FUTURE_EVENT,
  /** The reporting day is before 2020-01-01. */
  TOO_OLD,
  /** provider_id is not registered on the record's reporting day. */
  UNKNOWN_PROVIDER,
  /** region_code is not registered on the record's reporting day. */
  UNKNOWN_REGION,
  /** datacenter_id is not registered on the record's reporting day. */
  UNKNOWN_DATACENTER,
  /** The datacenter is registered in another region than region_code. */
  DATACENTER_REGION_MISMATCH,
  /** A price interval does not start on a multiple of its length. */
  MISALIGNED_INTERVAL,
  /** A registry row references a hub or region that is not registered. */
  UNKNOWN_REFERENCE,
  /** A registry row's validity overlaps another row with the same key. */
  OVERLAPPING_VALIDITY,
  // Whole files
  /** The gzip stream is truncated or corrupt. */
  CORRUPT_GZIP,
  /** The bytes are not valid UTF-8. */
  INVALID_UTF8,
  /** The content is not the format its name says (e.g. no usable CSV header, no JSON line). */
  WRONG_FORMAT,
  /** The file name has no supported ending, or names no registry table. */
  UNSUPPORTED_FILE,
  /** The file could not be read (I/O error). */
  UNREADABLE_FILE,
  /**
   * A line, or the whole file once inflated or decoded, is larger than the bounds set for one
   * submission (tokenstats.ingest.max-line-bytes, max-file-bytes).
   */
  TOO_LARGE
}
