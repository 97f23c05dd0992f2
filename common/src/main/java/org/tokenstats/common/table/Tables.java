package org.tokenstats.common.table;

import java.util.List;

/**
 * Every table tokenstats declares, so that the catalog can create and register all of them and the
 * docs can list them. Each layer's tables are declared in that layer's class.
 */
public final class Tables {
  private Tables() {}

  /** The layers, in the order data flows through them. */
  public static final List<String> LAYERS =
      List.of(BronzeTables.LAYER, SilverTables.LAYER, GoldTables.LAYER, OpsTables.LAYER);

  public static final List<TableDef> ALL =
      List.of(
          BronzeTables.Usage.DEF,
          BronzeTables.UsageSuperseded.DEF,
          BronzeTables.Prices.DEF,
          BronzeTables.Regions.DEF,
          BronzeTables.Hubs.DEF,
          BronzeTables.Datacenters.DEF,
          BronzeTables.Providers.DEF,
          BronzeTables.Quarantine.DEF,
          SilverTables.UsageHourly.DEF,
          SilverTables.PriceHourly.DEF,
          GoldTables.TokenDaily.DEF,
          GoldTables.Geography.DEF,
          GoldTables.ProviderContributionsDaily.DEF,
          GoldTables.TokenDailyRollup.DEF,
          GoldTables.TokenGrowth.DEF,
          GoldTables.EnergyDaily.DEF,
          GoldTables.UtilizationDaily.DEF,
          GoldTables.ModelShareWeekly.DEF,
          OpsTables.Submissions.DEF,
          OpsTables.TouchedDays.DEF,
          OpsTables.CuratedDays.DEF,
          OpsTables.QualityChecks.DEF,
          OpsTables.JobRuns.DEF);
}
