package org.tokenstats.jobs.generate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tokenstats.common.errors.Errors;

/**
 * The registry as the generator needs it: providers, regions and datacenters in force on a day,
 * read from the {@code reference/} CSV files of docs/submitting.md §3. (Ingestion reads the same
 * files with Spark and validates them; the generator trusts them.)
 */
final class ReferenceData {

  record Region(String code, String hub, String zone, LocalDate from, LocalDate to) {}

  record Datacenter(
      String id,
      String region,
      long accelerators,
      String type,
      double watts,
      double pue,
      LocalDate from,
      LocalDate to) {}

  record Provider(String id, String country, LocalDate from, LocalDate to) {}

  private final List<Region> regions;
  private final List<Datacenter> datacenters;
  private final List<Provider> providers;

  private ReferenceData(
      List<Region> regions, List<Datacenter> datacenters, List<Provider> providers) {
    this.regions = regions;
    this.datacenters = datacenters;
    this.providers = providers;
  }

  static ReferenceData read(Path referenceDir) {
    List<Region> regions = new ArrayList<>();
    for (Map<String, String> r : rows(referenceDir.resolve("regions.csv"))) {
      regions.add(
          new Region(r.get("region_code"), r.get("hub_code"), r.get("zone"), from(r), to(r)));
    }
    List<Datacenter> datacenters = new ArrayList<>();
    for (Map<String, String> r : rows(referenceDir.resolve("datacenters.csv"))) {
      datacenters.add(
          new Datacenter(
              r.get("datacenter_id"),
              r.get("region_code"),
              Long.parseLong(r.get("accelerator_count")),
              r.get("accelerator_type"),
              Double.parseDouble(r.get("accelerator_watts")),
              Double.parseDouble(r.get("pue")),
              from(r),
              to(r)));
    }
    List<Provider> providers = new ArrayList<>();
    for (Map<String, String> r : rows(referenceDir.resolve("providers.csv"))) {
      providers.add(
          new Provider(r.get("provider_id"), r.get("headquarters_country"), from(r), to(r)));
    }
    return new ReferenceData(regions, datacenters, providers);
  }

  private static LocalDate from(Map<String, String> r) {
    return LocalDate.parse(r.get("valid_from"));
  }

  private static LocalDate to(Map<String, String> r) {
    String v = r.get("valid_to");
    return v == null || v.isEmpty() ? LocalDate.MAX : LocalDate.parse(v);
  }

  private static boolean inForce(LocalDate from, LocalDate to, LocalDate day) {
    return !day.isBefore(from) && day.isBefore(to);
  }

  List<Provider> providersOn(LocalDate day) {
    return providers.stream().filter(p -> inForce(p.from(), p.to(), day)).toList();
  }

  List<Region> regionsOn(LocalDate day) {
    return regions.stream().filter(r -> inForce(r.from(), r.to(), day)).toList();
  }

  List<Datacenter> datacentersOn(LocalDate day) {
    return datacenters.stream().filter(d -> inForce(d.from(), d.to(), day)).toList();
  }

  /**
   * Minimal RFC 4180 reader for the small, trusted registry files (quotes, no embedded newlines).
   */
  private static List<Map<String, String>> rows(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Errors.usage(
          "Cannot read registry file " + file + ": " + e.getMessage() + ".",
          "Point --reference (or tokenstats.paths.landing) at a folder holding the registry CSVs.");
    }
    List<Map<String, String>> out = new ArrayList<>();
    if (lines.isEmpty()) {
      return out;
    }
    List<String> header = split(lines.get(0).replace("\uFEFF", ""));
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      List<String> cells = split(line);
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i).strip(), i < cells.size() ? cells.get(i).strip() : "");
      }
      out.add(row);
    }
    return out;
  }

  private static List<String> split(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else if (c != '\r') {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}
