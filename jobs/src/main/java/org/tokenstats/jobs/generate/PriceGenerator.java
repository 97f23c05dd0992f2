package org.tokenstats.jobs.generate;

import static org.tokenstats.common.feed.PriceFeed.INTERVAL_MINUTES;
import static org.tokenstats.common.feed.PriceFeed.INTERVAL_START;
import static org.tokenstats.common.feed.PriceFeed.MARKET;
import static org.tokenstats.common.feed.PriceFeed.PRICE;
import static org.tokenstats.common.feed.PriceFeed.PUBLISHED_AT;
import static org.tokenstats.common.feed.PriceFeed.REGION_CODE;
import static org.tokenstats.common.feed.PriceFeed.UNIT;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.tokenstats.common.feed.PriceFeed;
import org.tokenstats.jobs.generate.SubmissionWriter.Format;

/**
 * Writes synthetic power-price submissions for every region that hosts a datacenter: spot regions
 * get 15-minute day-ahead prices in CNY/MWh (published the day before) and, on most days, real-time
 * prices (published the day after); other regions get hourly time-of-use tariffs in CNY/kWh.
 * West-zone prices are lower, and a solar midday dip can turn a spot price negative.
 */
final class PriceGenerator {
  /** Regions that clear a spot market in this synthetic world. */
  static final Set<String> SPOT_REGIONS = Set.of("CN-JS", "CN-GD", "CN-SH", "CN-GS");

  private final ReferenceData reference;
  private final UsageGenerator.Options options;

  PriceGenerator(ReferenceData reference, UsageGenerator.Options options) {
    this.reference = reference;
    this.options = options;
  }

  /** Writes the files; returns how many price records (good and bad) were written. */
  long generate(Path landing) {
    long written = 0;
    ZoneId zone = options.zone();
    for (LocalDate day = options.from(); !day.isAfter(options.to()); day = day.plusDays(1)) {
      SplittableRandom rng = new SplittableRandom(options.seed() * 7_919L + day.toEpochDay());
      Set<String> regions = new LinkedHashSet<>();
      reference.datacentersOn(day).forEach(dc -> regions.add(dc.region()));
      Map<String, String> zoneOf = new LinkedHashMap<>();
      reference.regionsOn(day).forEach(r -> zoneOf.put(r.code(), r.zone()));
      for (String region : regions) {
        boolean west = "west".equals(zoneOf.get(region));
        double base = west ? 0.28 : 0.45;
        if (SPOT_REGIONS.contains(region)) {
          ZonedDateTime published = day.minusDays(1).atTime(17, 0).atZone(zone);
          written +=
              writeDay(
                  landing,
                  region,
                  day,
                  PriceFeed.DAY_AHEAD,
                  15,
                  PriceFeed.CNY_PER_MWH,
                  base,
                  west,
                  published,
                  rng,
                  "");
          if (rng.nextDouble() < 0.7) {
            ZonedDateTime rtPublished = day.plusDays(1).atTime(0, 30).atZone(zone);
            written +=
                writeDay(
                    landing,
                    region,
                    day,
                    PriceFeed.REAL_TIME,
                    15,
                    PriceFeed.CNY_PER_MWH,
                    base * 1.03,
                    west,
                    rtPublished,
                    rng,
                    "");
          }
          if (options.correctionRate() > 0) {
            ZonedDateTime revised = day.minusDays(1).atTime(21, 0).atZone(zone);
            written +=
                writeDay(
                    landing,
                    region,
                    day,
                    PriceFeed.DAY_AHEAD,
                    15,
                    PriceFeed.CNY_PER_MWH,
                    base * 1.05,
                    west,
                    revised,
                    rng,
                    "-revision-1");
          }
        } else {
          ZonedDateTime published = day.minusDays(15).atTime(9, 0).atZone(zone);
          written +=
              writeDay(
                  landing,
                  region,
                  day,
                  PriceFeed.TARIFF,
                  60,
                  PriceFeed.CNY_PER_KWH,
                  base,
                  west,
                  published,
                  rng,
                  "");
        }
      }
    }
    return written;
  }

  private long writeDay(
      Path landing,
      String region,
      LocalDate day,
      String market,
      int minutes,
      String unit,
      double base,
      boolean west,
      ZonedDateTime publishedAt,
      SplittableRandom rng,
      String suffix) {
    String name =
        SubmissionWriter.fileName(day + "-" + market + suffix, Format.CSV, options.gzip());
    Path path = landing.resolve("prices").resolve(region).resolve(name);
    long count = 0;
    try (SubmissionWriter w =
        new SubmissionWriter(path, Format.CSV, options.gzip(), PriceFeed.FIELDS)) {
      int intervals = 24 * 60 / minutes;
      for (int k = 0; k < intervals; k++) {
        ZonedDateTime start = day.atStartOfDay(options.zone()).plusMinutes((long) k * minutes);
        double hour = start.getHour() + start.getMinute() / 60.0;
        double shape =
            0.35 * Math.sin((hour - 8) / 24 * 2 * Math.PI) + (hour >= 18 && hour < 22 ? 0.25 : 0);
        double solarDip = west && hour >= 11 && hour < 15 ? 0.32 : 0;
        double cnyPerKwh = base * (1 + shape) - solarDip + 0.02 * (rng.nextDouble() - 0.5);
        double value = PriceFeed.CNY_PER_MWH.equals(unit) ? cnyPerKwh * 1000 : cnyPerKwh;
        String price =
            String.format(Locale.ROOT, PriceFeed.CNY_PER_MWH.equals(unit) ? "%.2f" : "%.4f", value);
        Map<String, Object> r =
            priceRecord(region, start, minutes, price, unit, market, publishedAt);
        w.write(r);
        count++;
      }
      long bad = Math.round(intervals * options.badRate());
      List<String> defects =
          List.of(
              "MISSING_FIELD",
              "NO_OFFSET",
              "UNKNOWN_REGION",
              "MISALIGNED_INTERVAL",
              "BAD_VALUE",
              "OUT_OF_BOUNDS");
      for (long k = 0; k < bad; k++) {
        ZonedDateTime start = day.atStartOfDay(options.zone()).plusMinutes(k * minutes);
        Map<String, Object> r =
            priceRecord(region, start, minutes, "0.5", PriceFeed.CNY_PER_KWH, market, publishedAt);
        switch (defects.get((int) (k % defects.size()))) {
          case "MISSING_FIELD" -> r.remove(PRICE);
          case "NO_OFFSET" -> r.put(INTERVAL_START, start.toLocalDateTime().toString());
          case "UNKNOWN_REGION" -> r.put(REGION_CODE, "CN-XX");
          case "MISALIGNED_INTERVAL" ->
              r.put(INTERVAL_START, UsageGenerator.TIMESTAMP.format(start.plusMinutes(7)));
          case "BAD_VALUE" -> r.put(INTERVAL_MINUTES, 7L);
          default -> r.put(PRICE, "25");
        }
        w.write(r);
        count++;
      }
    }
    return count;
  }

  private static Map<String, Object> priceRecord(
      String region,
      ZonedDateTime start,
      int minutes,
      String price,
      String unit,
      String market,
      ZonedDateTime publishedAt) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put(REGION_CODE, region);
    r.put(INTERVAL_START, UsageGenerator.TIMESTAMP.format(start));
    r.put(INTERVAL_MINUTES, (long) minutes);
    r.put(PRICE, price);
    r.put(UNIT, unit);
    r.put(MARKET, market);
    r.put(PUBLISHED_AT, UsageGenerator.TIMESTAMP.format(publishedAt));
    return r;
  }
}
