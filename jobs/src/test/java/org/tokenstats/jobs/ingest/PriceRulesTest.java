package org.tokenstats.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A price's bounds apply to the price as written, in either unit. */
class PriceRulesTest {
  static final PriceRules RULES =
      new PriceRules(UsageRulesTest.registry(), UsageRulesTest.SHANGHAI);

  static Object[] check(String price, String unit) throws Rejection {
    Map<String, String> m = new HashMap<>();
    m.put("region_code", "CN-JS");
    m.put("interval_start", "2026-03-14T10:00:00+08:00");
    m.put("interval_minutes", "60");
    m.put("price", price);
    m.put("unit", unit);
    m.put("market", "real_time");
    m.put("published_at", "2026-03-14T09:00:00+08:00");
    return RULES.check(new RawRecord(m, Set.of()));
  }

  @Test
  void theBoundsAreCheckedBeforeRounding() throws Rejection {
    // 20000.0000001 CNY/MWh is 20.0000000001 CNY/kWh: over 20, though it rounds to 20.000000.
    assertThatThrownBy(() -> check("20000.0000001", "CNY/MWh"))
        .isInstanceOfSatisfying(
            Rejection.class,
            e -> {
              assertThat(e.reason).isEqualTo(ReasonCode.OUT_OF_BOUNDS);
              assertThat(e.detail()).contains("20000.0000001 CNY/MWh");
            });
    assertThatThrownBy(() -> check("20.0000001", "CNY/kWh")).isInstanceOf(Rejection.class);
    assertThatThrownBy(() -> check("-10.0000001", "CNY/kWh")).isInstanceOf(Rejection.class);
    assertThatThrownBy(() -> check("-10000.0000001", "CNY/MWh")).isInstanceOf(Rejection.class);
    // On the bounds themselves: accepted, and stored as before.
    assertThat(check("20000", "CNY/MWh")).contains(new BigDecimal("20.000000"));
    assertThat(check("-10", "CNY/kWh")).contains(new BigDecimal("-10.000000"));
    assertThat(check("512.3456789", "CNY/MWh")).contains(new BigDecimal("0.512346"));
  }
}
