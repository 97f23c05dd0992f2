package org.tokenstats.jobs.ingest;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry as validation needs it: which providers, regions and datacenters are in force on a
 * reporting day (effective dating), and where each datacenter lies. Small; built on the driver from
 * the bronze registry tables and shipped to every task.
 */
final class Registry implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A half-open validity interval [from, to); to == null means open. */
  record Validity(LocalDate from, LocalDate to, String attribute) implements Serializable {
    boolean covers(LocalDate day) {
      return !day.isBefore(from) && (to == null || day.isBefore(to));
    }
  }

  private final Map<String, List<Validity>> providers = new HashMap<>();
  private final Map<String, List<Validity>> regions = new HashMap<>();
  private final Map<String, List<Validity>> datacenters = new HashMap<>();

  void addProvider(String id, LocalDate from, LocalDate to) {
    providers.computeIfAbsent(id, k -> new ArrayList<>()).add(new Validity(from, to, null));
  }

  void addRegion(String code, LocalDate from, LocalDate to) {
    regions.computeIfAbsent(code, k -> new ArrayList<>()).add(new Validity(from, to, null));
  }

  void addDatacenter(String id, String region, LocalDate from, LocalDate to) {
    datacenters.computeIfAbsent(id, k -> new ArrayList<>()).add(new Validity(from, to, region));
  }

  boolean providerOn(String id, LocalDate day) {
    return find(providers, id, day) != null;
  }

  boolean regionOn(String code, LocalDate day) {
    return find(regions, code, day) != null;
  }

  /** The region of a datacenter in force on {@code day}, or null if none is. */
  String datacenterRegionOn(String id, LocalDate day) {
    Validity v = find(datacenters, id, day);
    return v == null ? null : v.attribute();
  }

  boolean isEmpty() {
    return providers.isEmpty() && regions.isEmpty();
  }

  private static Validity find(Map<String, List<Validity>> map, String key, LocalDate day) {
    List<Validity> list = map.get(key);
    if (list == null) {
      return null;
    }
    for (Validity v : list) {
      if (v.covers(day)) {
        return v;
      }
    }
    return null;
  }
}
