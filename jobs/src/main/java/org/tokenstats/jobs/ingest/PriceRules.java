package org.tokenstats.jobs.ingest;

import static org.tokenstats.common.feed.PriceFeed.INTERVAL_MINUTES;
import static org.tokenstats.common.feed.PriceFeed.INTERVAL_START;
import static org.tokenstats.common.feed.PriceFeed.MARKET;
import static org.tokenstats.common.feed.PriceFeed.PRICE;
import static org.tokenstats.common.feed.PriceFeed.PUBLISHED_AT;
import static org.tokenstats.common.feed.PriceFeed.REGION_CODE;
import static org.tokenstats.common.feed.PriceFeed.UNIT;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;
import org.tokenstats.common.feed.PriceFeed;

/**
 * The power-price rules of docs/submitting.md §2, applied to one record: required fields, allowed
 * values, offsets, interval alignment (in the reporting zone), the price range after conversion to
 * CNY/kWh, and the region registry in force on the interval's reporting day.
 */
final class PriceRules implements SubmissionParser.RecordRules {
  private static final long serialVersionUID = 1L;

  static final Set<String> KNOWN = Set.copyOf(PriceFeed.FIELDS);
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
  private static final BigDecimal MIN = BigDecimal.valueOf(PriceFeed.MIN_CNY_PER_KWH);
  private static final BigDecimal MAX = BigDecimal.valueOf(PriceFeed.MAX_CNY_PER_KWH);

  private final Registry registry;
  private final ZoneId zone;

  PriceRules(Registry registry, ZoneId zone) {
    this.registry = registry;
    this.zone = zone;
  }

  /**
   * Typed values in the order of {@link IngestSchemas#PRICE_TYPED}: region_code, interval_start,
   * interval_end, interval_minutes, report_date, market, price_cny_per_kwh, price_reported, unit,
   * published_at.
   */
  @Override
  public Object[] check(RawRecord r) throws Rejection {
    String region = FieldValues.required(r, REGION_CODE).strip();
    String startText = FieldValues.required(r, INTERVAL_START);
    String minutesText = FieldValues.required(r, INTERVAL_MINUTES);
    String priceText = FieldValues.required(r, PRICE);
    String unit = FieldValues.required(r, UNIT).strip();
    String market = FieldValues.required(r, MARKET).strip();
    String publishedText = FieldValues.required(r, PUBLISHED_AT);

    long minutes = FieldValues.integer(INTERVAL_MINUTES, minutesText);
    if (!PriceFeed.INTERVAL_LENGTHS.contains((int) minutes) || minutes != (int) minutes) {
      throw new Rejection(
          ReasonCode.BAD_VALUE,
          "interval_minutes must be one of " + PriceFeed.INTERVAL_LENGTHS + ", got " + minutes);
    }
    if (!unit.equals(PriceFeed.CNY_PER_KWH) && !unit.equals(PriceFeed.CNY_PER_MWH)) {
      throw new Rejection(
          ReasonCode.BAD_VALUE,
          "unit must be CNY/kWh or CNY/MWh, got '" + FieldValues.show(unit) + "'");
    }
    if (!PriceFeed.MARKETS.contains(market)) {
      throw new Rejection(
          ReasonCode.BAD_VALUE,
          "market must be one of "
              + PriceFeed.MARKETS
              + ", got '"
              + FieldValues.show(market)
              + "'");
    }
    // The bounds apply to the price as written, before it is rounded to 6 places.
    BigDecimal reported = FieldValues.exact(PRICE, priceText);
    Instant start = FieldValues.instant(INTERVAL_START, startText);
    Instant published = FieldValues.instant(PUBLISHED_AT, publishedText);

    BigDecimal exactPerKwh =
        unit.equals(PriceFeed.CNY_PER_MWH) ? reported.movePointLeft(3) : reported;
    if (exactPerKwh.compareTo(MIN) < 0 || exactPerKwh.compareTo(MAX) > 0) {
      throw new Rejection(
          ReasonCode.OUT_OF_BOUNDS,
          "price "
              + reported.stripTrailingZeros().toPlainString()
              + " "
              + unit
              + " is outside -10..20 CNY/kWh");
    }
    reported = FieldValues.rounded(PRICE, reported);
    BigDecimal perKwh =
        unit.equals(PriceFeed.CNY_PER_MWH)
            ? reported.divide(THOUSAND, 6, RoundingMode.HALF_EVEN)
            : reported;
    ZonedDateTime local = start.atZone(zone);
    if (local.getSecond() != 0
        || local.getNano() != 0
        || (local.getHour() * 60 + local.getMinute()) % minutes != 0) {
      throw new Rejection(
          ReasonCode.MISALIGNED_INTERVAL,
          "interval_start " + startText.strip() + " is not aligned to " + minutes + " minutes");
    }
    LocalDate day = local.toLocalDate();
    if (day.isBefore(UsageRules.EARLIEST_DAY)) {
      throw new Rejection(
          ReasonCode.TOO_OLD, "interval_start " + startText.strip() + " is before 2020-01-01");
    }
    if (!registry.regionOn(region, day)) {
      throw new Rejection(
          ReasonCode.UNKNOWN_REGION,
          "region_code '" + FieldValues.show(region) + "' is not registered on " + day);
    }
    return new Object[] {
      region,
      Timestamp.from(start),
      Timestamp.from(start.plusSeconds(minutes * 60)),
      (int) minutes,
      Date.valueOf(day),
      market,
      perKwh,
      reported,
      unit,
      Timestamp.from(published)
    };
  }
}
