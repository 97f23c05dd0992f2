package org.tokenstats.common.feed;

import java.util.List;

/** Field names of the usage-log feed (docs/submitting.md §1), in the order the spec lists them. */
public final class UsageFeed {
  private UsageFeed() {}

  public static final String RECORD_ID = "record_id";
  public static final String PROVIDER_ID = "provider_id";
  public static final String EVENT_TIME = "event_time";
  public static final String MODEL_ID = "model_id";
  public static final String REGION_CODE = "region_code";
  public static final String DATACENTER_ID = "datacenter_id";
  public static final String REQUEST_COUNT = "request_count";
  public static final String INPUT_TOKENS = "input_tokens";
  public static final String OUTPUT_TOKENS = "output_tokens";
  public static final String CACHED_INPUT_TOKENS = "cached_input_tokens";
  public static final String ACCELERATOR_SECONDS = "accelerator_seconds";
  public static final String ENERGY_KWH = "energy_kwh";
  public static final String BILLED_AMOUNT_CNY = "billed_amount_cny";
  public static final String MODALITY = "modality";

  public static final List<String> FIELDS =
      List.of(
          RECORD_ID,
          PROVIDER_ID,
          EVENT_TIME,
          MODEL_ID,
          REGION_CODE,
          DATACENTER_ID,
          REQUEST_COUNT,
          INPUT_TOKENS,
          OUTPUT_TOKENS,
          CACHED_INPUT_TOKENS,
          ACCELERATOR_SECONDS,
          ENERGY_KWH,
          BILLED_AMOUNT_CNY,
          MODALITY);

  public static final List<String> MODALITIES =
      List.of("text", "image", "audio", "video", "multimodal");

  /** Sanity bounds: a record outside them is rejected, not clamped. */
  public static final long MAX_TOKENS_PER_RECORD = 10_000_000_000_000L;

  public static final double MAX_ACCELERATOR_SECONDS = 3.6e7;
  public static final double MAX_ENERGY_KWH = 1e7;
}
