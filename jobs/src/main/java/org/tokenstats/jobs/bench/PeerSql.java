package org.tokenstats.jobs.bench;

/**
 * The SQL both benchmark peers ({@link DuckDbPeer}, {@link SparkPeer}) share for the
 * docs/submitting.md §1 rules: the same text in both dialects, so that the two apply the same rules
 * in the same order. What differs by dialect (regular expressions, casts, time zones) stays with
 * each peer.
 */
final class PeerSql {
  private PeerSql() {}

  /** The usage fields, each read as text. */
  static final String[] TEXT_FIELDS = {
    "record_id",
    "provider_id",
    "event_time",
    "model_id",
    "region_code",
    "datacenter_id",
    "request_count",
    "input_tokens",
    "output_tokens",
    "cached_input_tokens",
    "accelerator_seconds",
    "energy_kwh",
    "billed_amount_cny",
    "modality"
  };

  /** The fields trimmed, empty as null, modality defaulted; the numbers still text. */
  static final String TRIMMED =
      " NULLIF(trim(record_id), '') AS record_id,"
          + " NULLIF(trim(provider_id), '') AS provider_id,"
          + " NULLIF(trim(event_time), '') AS event_text,"
          + " NULLIF(trim(model_id), '') AS model_reported,"
          + " NULLIF(trim(region_code), '') AS region_code,"
          + " NULLIF(trim(datacenter_id), '') AS datacenter_id,"
          + " coalesce(NULLIF(lower(trim(modality)), ''), 'text') AS modality,"
          + " NULLIF(trim(request_count), '') AS rq, NULLIF(trim(input_tokens), '') AS it,"
          + " NULLIF(trim(output_tokens), '') AS ot,"
          + " NULLIF(trim(cached_input_tokens), '') AS ct,"
          + " NULLIF(trim(accelerator_seconds), '') AS acs, NULLIF(trim(energy_kwh), '') AS en,"
          + " NULLIF(trim(billed_amount_cny), '') AS bl";

  /** The checked record's columns (from the typed records {@code d}), then its reason's CASE. */
  static final String CHECKED_COLUMNS =
      " SELECT d.filename, d.record_id, d.provider_id, d.event_time, d.report_date,"
          + " d.model_id, d.region_code, d.datacenter_id, d.modality, d.request_count,"
          + " d.input_tokens, d.output_tokens, d.cached_input_tokens,"
          + " d.input_tokens + d.output_tokens AS total_tokens, d.accelerator_seconds,"
          + " d.energy_kwh, d.billed_amount_cny, CASE";

  /** The first rules: a required field missing, then a value that is not of its type. */
  static final String MISSING_OR_BAD =
      " WHEN d.record_id IS NULL OR d.provider_id IS NULL OR d.event_text IS NULL"
          + " OR d.model_reported IS NULL OR d.region_code IS NULL OR d.it IS NULL"
          + " OR d.ot IS NULL THEN 'MISSING_FIELD'"
          + " WHEN length(d.record_id) > 128 OR length(d.model_reported) > 200"
          + " OR d.modality NOT IN ('text', 'image', 'audio', 'video', 'multimodal')"
          + " OR d.input_tokens IS NULL OR d.output_tokens IS NULL OR d.request_count IS NULL"
          + " OR (d.ct IS NOT NULL AND d.cached_input_tokens IS NULL)"
          + " OR (d.acs IS NOT NULL AND d.accelerator_seconds IS NULL)"
          + " OR (d.en IS NOT NULL AND d.energy_kwh IS NULL)"
          + " OR (d.bl IS NOT NULL AND d.billed_amount_cny IS NULL) THEN 'BAD_VALUE'";

  /** The sign rules, after the time stamp's. */
  static final String SIGNS =
      " WHEN d.input_tokens < 0 OR d.output_tokens < 0 OR d.request_count < 0"
          + " OR d.cached_input_tokens < 0 OR d.accelerator_seconds < 0 OR d.energy_kwh < 0"
          + " OR d.billed_amount_cny < 0 THEN 'NEGATIVE_VALUE'"
          + " WHEN d.request_count < 1 THEN 'BAD_VALUE'";
}
