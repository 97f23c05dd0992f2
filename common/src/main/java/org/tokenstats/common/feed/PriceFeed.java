package org.tokenstats.common.feed;

import java.util.List;

/** Field names and allowed values of the power-price feed (docs/submitting.md §2). */
public final class PriceFeed {
  private PriceFeed() {}

  public static final String REGION_CODE = "region_code";
  public static final String INTERVAL_START = "interval_start";
  public static final String INTERVAL_MINUTES = "interval_minutes";
  public static final String PRICE = "price";
  public static final String UNIT = "unit";
  public static final String MARKET = "market";
  public static final String PUBLISHED_AT = "published_at";

  public static final List<String> FIELDS =
      List.of(REGION_CODE, INTERVAL_START, INTERVAL_MINUTES, PRICE, UNIT, MARKET, PUBLISHED_AT);

  public static final List<Integer> INTERVAL_LENGTHS = List.of(5, 15, 30, 60);
  public static final String CNY_PER_KWH = "CNY/kWh";
  public static final String CNY_PER_MWH = "CNY/MWh";
  public static final String REAL_TIME = "real_time";
  public static final String DAY_AHEAD = "day_ahead";
  public static final String TARIFF = "tariff";
  public static final List<String> MARKETS = List.of(REAL_TIME, DAY_AHEAD, TARIFF);

  /** Allowed price range after conversion to CNY/kWh. */
  public static final double MIN_CNY_PER_KWH = -10;

  public static final double MAX_CNY_PER_KWH = 20;
}
