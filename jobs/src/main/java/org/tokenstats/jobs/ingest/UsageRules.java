package org.tokenstats.jobs.ingest;

import static org.tokenstats.common.feed.UsageFeed.ACCELERATOR_SECONDS;
import static org.tokenstats.common.feed.UsageFeed.BILLED_AMOUNT_CNY;
import static org.tokenstats.common.feed.UsageFeed.CACHED_INPUT_TOKENS;
import static org.tokenstats.common.feed.UsageFeed.DATACENTER_ID;
import static org.tokenstats.common.feed.UsageFeed.ENERGY_KWH;
import static org.tokenstats.common.feed.UsageFeed.EVENT_TIME;
import static org.tokenstats.common.feed.UsageFeed.INPUT_TOKENS;
import static org.tokenstats.common.feed.UsageFeed.MODALITY;
import static org.tokenstats.common.feed.UsageFeed.MODEL_ID;
import static org.tokenstats.common.feed.UsageFeed.OUTPUT_TOKENS;
import static org.tokenstats.common.feed.UsageFeed.PROVIDER_ID;
import static org.tokenstats.common.feed.UsageFeed.RECORD_ID;
import static org.tokenstats.common.feed.UsageFeed.REGION_CODE;
import static org.tokenstats.common.feed.UsageFeed.REQUEST_COUNT;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.tokenstats.common.feed.UsageFeed;

/**
 * The usage-log rules of docs/submitting.md §1, applied to one record. The first broken rule
 * decides the reason, in this order: missing or mistyped fields, timestamps, signs, sanity bounds,
 * cached vs input, time window, then the registry in force on the record's reporting day.
 */
final class UsageRules implements SubmissionParser.RecordRules {
  private static final long serialVersionUID = 1L;

  /** Fields the feed defines; anything else is counted as unknown and ignored. */
  static final Set<String> KNOWN = Set.copyOf(UsageFeed.FIELDS);

  static final LocalDate EARLIEST_DAY = LocalDate.of(2020, 1, 1);

  private static final BigDecimal MAX_ACCELERATOR_SECONDS =
      BigDecimal.valueOf(UsageFeed.MAX_ACCELERATOR_SECONDS);
  private static final BigDecimal MAX_ENERGY_KWH = BigDecimal.valueOf(UsageFeed.MAX_ENERGY_KWH);

  private final Registry registry;
  private final ZoneId zone;
  private final Instant latestAllowed;

  UsageRules(Registry registry, ZoneId zone, Instant runStart) {
    this.registry = registry;
    this.zone = zone;
    this.latestAllowed = runStart.plusSeconds(3600);
  }

  /**
   * The typed values of an accepted record, in the order of {@link IngestSchemas#USAGE_TYPED}:
   * provider_id, record_id, event_time, report_date, report_hour, model_id, model_id_reported,
   * region_code, datacenter_id, modality, request_count, input_tokens, output_tokens,
   * cached_input_tokens, total_tokens, accelerator_seconds, energy_kwh, billed_amount_cny,
   * content_hash.
   */
  @Override
  public Object[] check(RawRecord r) throws Rejection {
    String recordId = FieldValues.required(r, RECORD_ID);
    String providerId = FieldValues.required(r, PROVIDER_ID).strip();
    String eventText = FieldValues.required(r, EVENT_TIME);
    String modelReported = FieldValues.required(r, MODEL_ID).strip();
    String region = FieldValues.required(r, REGION_CODE).strip();
    String inputText = FieldValues.required(r, INPUT_TOKENS);
    String outputText = FieldValues.required(r, OUTPUT_TOKENS);
    String datacenter = FieldValues.optional(r, DATACENTER_ID);
    String requestText = FieldValues.optional(r, REQUEST_COUNT);
    String cachedText = FieldValues.optional(r, CACHED_INPUT_TOKENS);
    String acceleratorText = FieldValues.optional(r, ACCELERATOR_SECONDS);
    String energyText = FieldValues.optional(r, ENERGY_KWH);
    String billedText = FieldValues.optional(r, BILLED_AMOUNT_CNY);
    String modalityText = FieldValues.optional(r, MODALITY);

    // Characters are code points: an emoji is one character, not two UTF-16 units.
    if (recordId.codePointCount(0, recordId.length()) > 128) {
      throw new Rejection(ReasonCode.BAD_VALUE, "record_id is longer than 128 characters");
    }
    if (modelReported.codePointCount(0, modelReported.length()) > 200) {
      throw new Rejection(ReasonCode.BAD_VALUE, "model_id is longer than 200 characters");
    }
    String modality = modalityText == null ? "text" : modalityText.strip().toLowerCase(Locale.ROOT);
    if (!UsageFeed.MODALITIES.contains(modality)) {
      throw new Rejection(
          ReasonCode.BAD_VALUE,
          "modality '"
              + FieldValues.show(modalityText)
              + "' is not one of "
              + UsageFeed.MODALITIES);
    }
    long input = FieldValues.integer(INPUT_TOKENS, inputText);
    long output = FieldValues.integer(OUTPUT_TOKENS, outputText);
    long requests = requestText == null ? 1 : FieldValues.integer(REQUEST_COUNT, requestText);
    Long cached = cachedText == null ? null : FieldValues.integer(CACHED_INPUT_TOKENS, cachedText);
    // Signs and bounds are checked on the values as written, then they are rounded to 6 places.
    BigDecimal accelerator =
        acceleratorText == null ? null : FieldValues.exact(ACCELERATOR_SECONDS, acceleratorText);
    BigDecimal energy = energyText == null ? null : FieldValues.exact(ENERGY_KWH, energyText);
    BigDecimal billed =
        billedText == null ? null : FieldValues.exact(BILLED_AMOUNT_CNY, billedText);
    Instant event = FieldValues.instant(EVENT_TIME, eventText);

    negative(INPUT_TOKENS, input);
    negative(OUTPUT_TOKENS, output);
    negative(REQUEST_COUNT, requests);
    if (cached != null) {
      negative(CACHED_INPUT_TOKENS, cached);
    }
    negative(ACCELERATOR_SECONDS, accelerator);
    negative(ENERGY_KWH, energy);
    negative(BILLED_AMOUNT_CNY, billed);
    if (requests < 1) {
      throw new Rejection(
          ReasonCode.BAD_VALUE, "request_count must be at least 1, got " + requests);
    }
    long total;
    try {
      total = Math.addExact(input, output);
    } catch (ArithmeticException e) {
      throw new Rejection(
          ReasonCode.OUT_OF_BOUNDS, "input_tokens + output_tokens overflows 64 bits");
    }
    if (total > UsageFeed.MAX_TOKENS_PER_RECORD) {
      throw new Rejection(
          ReasonCode.OUT_OF_BOUNDS,
          "input_tokens + output_tokens = " + total + " exceeds 10^13 per record");
    }
    if (accelerator != null && accelerator.compareTo(MAX_ACCELERATOR_SECONDS) > 0) {
      throw new Rejection(
          ReasonCode.OUT_OF_BOUNDS,
          "accelerator_seconds " + accelerator.toPlainString() + " exceeds 3.6e7");
    }
    if (energy != null && energy.compareTo(MAX_ENERGY_KWH) > 0) {
      throw new Rejection(
          ReasonCode.OUT_OF_BOUNDS, "energy_kwh " + energy.toPlainString() + " exceeds 1e7");
    }
    accelerator =
        accelerator == null ? null : FieldValues.rounded(ACCELERATOR_SECONDS, accelerator);
    energy = energy == null ? null : FieldValues.rounded(ENERGY_KWH, energy);
    billed = billed == null ? null : FieldValues.rounded(BILLED_AMOUNT_CNY, billed);
    if (cached != null && cached > input) {
      throw new Rejection(
          ReasonCode.CACHED_EXCEEDS_INPUT,
          "cached_input_tokens " + cached + " exceeds input_tokens " + input);
    }
    ZonedDateTime local = event.atZone(zone);
    LocalDate day = local.toLocalDate();
    if (day.isBefore(EARLIEST_DAY)) {
      throw new Rejection(
          ReasonCode.TOO_OLD, "event_time " + eventText.strip() + " is before 2020-01-01");
    }
    if (event.isAfter(latestAllowed)) {
      throw new Rejection(
          ReasonCode.FUTURE_EVENT,
          "event_time " + eventText.strip() + " is more than 1 hour after the run started");
    }
    if (!registry.providerOn(providerId, day)) {
      throw new Rejection(
          ReasonCode.UNKNOWN_PROVIDER,
          "provider_id '" + FieldValues.show(providerId) + "' is not registered on " + day);
    }
    if (!registry.regionOn(region, day)) {
      throw new Rejection(
          ReasonCode.UNKNOWN_REGION,
          "region_code '" + FieldValues.show(region) + "' is not registered on " + day);
    }
    String dc = datacenter == null ? null : datacenter.strip();
    if (dc != null) {
      String dcRegion = registry.datacenterRegionOn(dc, day);
      if (dcRegion == null) {
        throw new Rejection(
            ReasonCode.UNKNOWN_DATACENTER,
            "datacenter_id '" + FieldValues.show(dc) + "' is not registered on " + day);
      }
      if (!dcRegion.equals(region)) {
        throw new Rejection(
            ReasonCode.DATACENTER_REGION_MISMATCH,
            "datacenter_id " + dc + " lies in " + dcRegion + ", not in region_code " + region);
      }
    }
    String model = modelReported.toLowerCase(Locale.ROOT);
    Object[] values = {
      providerId,
      recordId,
      Timestamp.from(event),
      Date.valueOf(day),
      local.getHour(),
      model,
      modelReported,
      region,
      dc,
      modality,
      requests,
      input,
      output,
      cached,
      total,
      accelerator,
      energy,
      billed,
      null
    };
    values[values.length - 1] = contentHash(values);
    return values;
  }

  private static void negative(String field, long v) throws Rejection {
    if (v < 0) {
      throw new Rejection(ReasonCode.NEGATIVE_VALUE, field + " is negative: " + v);
    }
  }

  private static void negative(String field, BigDecimal v) throws Rejection {
    if (v != null && v.signum() < 0) {
      throw new Rejection(ReasonCode.NEGATIVE_VALUE, field + " is negative: " + v.toPlainString());
    }
  }

  /** A digest and a text buffer per parsing thread: the hash runs once for every record. */
  private static final ThreadLocal<HashState> HASH = ThreadLocal.withInitial(HashState::new);

  private static final class HashState {
    final MessageDigest md = SubmissionReader.newSha256();
    final StringBuilder text = new StringBuilder(256);
  }

  /** SHA-256 of the typed content: equal for an exact repeat, different for a correction. */
  static String contentHash(Object[] values) {
    HashState h = HASH.get();
    StringBuilder b = h.text;
    b.setLength(0);
    for (int i = 0; i < values.length - 1; i++) {
      Object v = values[i];
      if (v instanceof BigDecimal d) {
        b.append(d.toPlainString());
      } else if (v instanceof Long l) {
        b.append(l.longValue());
      } else {
        b.append(v);
      }
      b.append('\u001f');
    }
    return HexFormat.of().formatHex(h.md.digest(b.toString().getBytes(StandardCharsets.UTF_8)));
  }

  static List<String> unknownFields(RawRecord r) {
    return r.values().keySet().stream().filter(k -> !KNOWN.contains(k)).toList();
  }
}
