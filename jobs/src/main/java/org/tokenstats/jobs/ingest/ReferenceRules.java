package org.tokenstats.jobs.ingest;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.tokenstats.common.table.BronzeTables;
import org.tokenstats.common.table.TableDef;

/**
 * The registry rules of docs/submitting.md §3, per entity: required columns, allowed values,
 * validity intervals (from inclusive, to exclusive, after from), no overlapping validity for one
 * key, and references (a region's hub, a datacenter's region) that exist in the registry.
 */
enum ReferenceRules {
  HUBS("hubs", BronzeTables.Hubs.DEF, List.of("hub_code", "name", "kind"), List.of()),
  REGIONS(
      "regions",
      BronzeTables.Regions.DEF,
      List.of("region_code", "name", "hub_code", "zone"),
      List.of("region_code", "hub_code", "zone")),
  PROVIDERS(
      "providers",
      BronzeTables.Providers.DEF,
      List.of("provider_id", "name", "headquarters_country"),
      List.of("provider_id")),
  DATACENTERS(
      "datacenters", BronzeTables.Datacenters.DEF, Columns.DATACENTERS, Columns.DATACENTERS);

  final String fileStem;
  final TableDef table;
  final List<String> columns;

  /**
   * The columns curated figures depend on (with the validity dates): a change in them alters the
   * figures of the days the changed rows were in force. Names and kinds only label; a provider's
   * registration (its validity) decides on which days it is expected to report (non-response).
   */
  final List<String> figureColumns;

  ReferenceRules(
      String fileStem, TableDef table, List<String> columns, List<String> figureColumns) {
    this.fileStem = fileStem;
    this.table = table;
    this.columns = columns;
    this.figureColumns = figureColumns;
  }

  /** Column lists used twice (an enum constant cannot refer to a static field of its enum). */
  private static final class Columns {
    static final List<String> DATACENTERS =
        List.of(
            "datacenter_id",
            "region_code",
            "accelerator_count",
            "accelerator_type",
            "accelerator_watts",
            "pue",
            "racks",
            "pflops_fp16");
  }

  /** The entity a reference file name stands for ({@code regions.csv[.gz]}), or null. */
  static ReferenceRules forFile(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    for (ReferenceRules r : values()) {
      if (n.equals(r.fileStem + ".csv") || n.equals(r.fileStem + ".csv.gz")) {
        return r;
      }
    }
    return null;
  }

  Set<String> known() {
    List<String> all = new ArrayList<>(columns);
    all.add("valid_from");
    all.add("valid_to");
    return Set.copyOf(all);
  }

  /** What other registry entries a row may refer to. */
  /**
   * The hub and region codes a region's hub and a datacenter's region are checked against: read
   * only when a row needs them.
   */
  record Context(Supplier<Set<String>> hubs, Supplier<Set<String>> regions) {
    Set<String> hubCodes() {
      return hubs.get();
    }

    Set<String> regionCodes() {
      return regions.get();
    }
  }

  /** Typed values: the entity's columns, then valid_from, valid_to. */
  Object[] check(RawRecord r, Context context) throws Rejection {
    Object[] v = new Object[columns.size() + 2];
    String key = FieldValues.required(r, columns.get(0)).strip();
    v[0] = key;
    switch (this) {
      case HUBS -> {
        v[1] = FieldValues.required(r, "name").strip();
        String kind = FieldValues.required(r, "kind").strip();
        if (!kind.equals("hub") && !kind.equals("cluster")) {
          throw new Rejection(
              ReasonCode.BAD_VALUE,
              "kind must be hub or cluster, got '" + FieldValues.show(kind) + "'");
        }
        v[2] = kind;
      }
      case REGIONS -> {
        v[1] = FieldValues.required(r, "name").strip();
        String hub = FieldValues.optional(r, "hub_code");
        String zone = FieldValues.required(r, "zone").strip();
        if (!zone.equals("east") && !zone.equals("west")) {
          throw new Rejection(
              ReasonCode.BAD_VALUE,
              "zone must be east or west, got '" + FieldValues.show(zone) + "'");
        }
        if (hub != null && !context.hubCodes().contains(hub.strip())) {
          throw new Rejection(
              ReasonCode.UNKNOWN_REFERENCE,
              "hub_code '" + FieldValues.show(hub) + "' is not in hubs.csv");
        }
        v[2] = hub == null ? null : hub.strip();
        v[3] = zone;
      }
      case PROVIDERS -> {
        v[1] = FieldValues.required(r, "name").strip();
        String country = FieldValues.optional(r, "headquarters_country");
        if (country != null && !country.strip().matches("[A-Z]{2}")) {
          throw new Rejection(
              ReasonCode.BAD_VALUE,
              "headquarters_country must be an ISO 3166-1 alpha-2 code, got '"
                  + FieldValues.show(country)
                  + "'");
        }
        v[2] = country == null ? null : country.strip();
      }
      case DATACENTERS -> {
        String region = FieldValues.required(r, "region_code").strip();
        if (!context.regionCodes().contains(region)) {
          throw new Rejection(
              ReasonCode.UNKNOWN_REFERENCE,
              "region_code '" + FieldValues.show(region) + "' is not in regions.csv");
        }
        v[1] = region;
        long count =
            FieldValues.integer("accelerator_count", FieldValues.required(r, "accelerator_count"));
        positive("accelerator_count", BigDecimal.valueOf(count));
        v[2] = count;
        String type = FieldValues.optional(r, "accelerator_type");
        v[3] = type == null ? null : type.strip();
        // Signs and bounds on the values as written, before rounding to 6 places.
        BigDecimal watts =
            FieldValues.exact("accelerator_watts", FieldValues.required(r, "accelerator_watts"));
        positive("accelerator_watts", watts);
        v[4] = FieldValues.rounded("accelerator_watts", watts);
        BigDecimal pue = FieldValues.exact("pue", FieldValues.required(r, "pue"));
        if (pue.compareTo(BigDecimal.ONE) < 0 || pue.compareTo(BigDecimal.valueOf(3)) > 0) {
          throw new Rejection(
              ReasonCode.OUT_OF_BOUNDS,
              "pue must lie in 1..3, got " + pue.stripTrailingZeros().toPlainString());
        }
        v[5] = FieldValues.rounded("pue", pue);
        String racks = FieldValues.optional(r, "racks");
        Long rackCount = racks == null ? null : FieldValues.integer("racks", racks);
        if (rackCount != null && rackCount < 0) {
          throw new Rejection(ReasonCode.NEGATIVE_VALUE, "racks is negative: " + rackCount);
        }
        v[6] = rackCount;
        String pflops = FieldValues.optional(r, "pflops_fp16");
        BigDecimal p = pflops == null ? null : FieldValues.exact("pflops_fp16", pflops);
        if (p != null && p.signum() < 0) {
          throw new Rejection(ReasonCode.NEGATIVE_VALUE, "pflops_fp16 is negative");
        }
        v[7] = p == null ? null : FieldValues.rounded("pflops_fp16", p);
      }
    }
    LocalDate from = date("valid_from", FieldValues.required(r, "valid_from"));
    String toText = FieldValues.optional(r, "valid_to");
    LocalDate to = toText == null ? null : date("valid_to", toText);
    if (to != null && !to.isAfter(from)) {
      throw new Rejection(
          ReasonCode.BAD_VALUE, "valid_to " + to + " must be after valid_from " + from);
    }
    v[columns.size()] = Date.valueOf(from);
    v[columns.size() + 1] = to == null ? null : Date.valueOf(to);
    return v;
  }

  private static void positive(String field, BigDecimal value) throws Rejection {
    if (value.signum() < 0) {
      throw new Rejection(
          ReasonCode.NEGATIVE_VALUE, field + " is negative: " + value.toPlainString());
    }
    if (value.signum() == 0) {
      throw new Rejection(ReasonCode.BAD_VALUE, field + " must be positive");
    }
  }

  private static LocalDate date(String field, String text) throws Rejection {
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new Rejection(
          ReasonCode.BAD_VALUE,
          field + " must be a date YYYY-MM-DD, got '" + FieldValues.show(text) + "'");
    }
  }

  /** Tracks accepted validity per key, to reject a row whose interval overlaps an earlier one. */
  static final class Overlaps {
    private final Map<String, List<LocalDate[]>> seen = new HashMap<>();

    void check(Object[] typed, int columns) throws Rejection {
      String key = (String) typed[0];
      LocalDate from = ((Date) typed[columns]).toLocalDate();
      LocalDate to =
          typed[columns + 1] == null ? LocalDate.MAX : ((Date) typed[columns + 1]).toLocalDate();
      List<LocalDate[]> list = seen.computeIfAbsent(key, k -> new ArrayList<>());
      for (LocalDate[] other : list) {
        if (from.isBefore(other[1]) && other[0].isBefore(to)) {
          throw new Rejection(
              ReasonCode.OVERLAPPING_VALIDITY,
              key
                  + " is already valid from "
                  + other[0]
                  + (other[1].equals(LocalDate.MAX) ? " (open)" : " to " + other[1]));
        }
      }
      list.add(new LocalDate[] {from, to});
    }
  }
}
