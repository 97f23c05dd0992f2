package org.tokenstats.jobs.generate;

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

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.common.feed.UsageFeed;
import org.tokenstats.jobs.generate.ReferenceData.Datacenter;
import org.tokenstats.jobs.generate.ReferenceData.Provider;
import org.tokenstats.jobs.generate.SubmissionWriter.Format;

/**
 * Writes synthetic usage-log submissions for a range of reporting days: one folder per provider and
 * delivery day, records pre-aggregated within a clock hour, hours following {@link DiurnalProfile},
 * every provider in force reporting every day, and each day's accepted tokens summing exactly to
 * the {@link Trajectory} figure (times {@code scale}). Optionally mixes in bad records (one of each
 * defect in turn), late deliveries and corrections. Everything is a function of the seed.
 */
final class UsageGenerator {
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);

  /** Accelerator-seconds per token, nominal, before the accelerator type's factor. */
  private static final double SECONDS_PER_TOKEN = 3e-4;

  private static final double MIN_JITTER = 0.2;
  private static final double MAX_JITTER = 5.0;

  /** What to generate. */
  record Options(
      LocalDate from,
      LocalDate to,
      long recordsPerDay,
      int providerLimit,
      long seed,
      Format format,
      boolean gzip,
      int filesPerProviderDay,
      double badRate,
      double correctionRate,
      double lateRate,
      int lateDays,
      double scale,
      ZoneId zone,
      Instant now) {}

  /** What a day's generated submissions should ingest to, computed here, not by Spark. */
  record DayTotals(
      LocalDate day,
      long totalTokens,
      long inputTokens,
      long outputTokens,
      long requests,
      long goodRecords,
      long badRecords,
      long correctedRecords,
      long lateRecords) {}

  /** A defect written into a bad record, with the reason code ingestion must give it. */
  enum Defect {
    MISSING_FIELD,
    BAD_TIMESTAMP,
    NO_OFFSET,
    NEGATIVE_VALUE,
    UNKNOWN_PROVIDER,
    UNKNOWN_REGION,
    UNKNOWN_DATACENTER,
    DATACENTER_REGION_MISMATCH,
    OUT_OF_BOUNDS,
    MALFORMED_RECORD,
    CACHED_EXCEEDS_INPUT,
    FUTURE_EVENT,
    TOO_OLD,
    BAD_VALUE
  }

  private final ReferenceData reference;
  private final Options options;

  UsageGenerator(ReferenceData reference, Options options) {
    this.reference = reference;
    this.options = options;
  }

  /** The smallest records-per-day that keeps every record inside the feed's sanity bounds. */
  static long minimumRecordsPerDay(double tokensPerDay) {
    double maxRecordTokens =
        Math.min(
            UsageFeed.MAX_TOKENS_PER_RECORD,
            UsageFeed.MAX_ACCELERATOR_SECONDS / (SECONDS_PER_TOKEN * 1.6 * 1.2));
    return (long) Math.ceil(tokensPerDay * MAX_JITTER * 1.05 / maxRecordTokens);
  }

  List<DayTotals> generate(Path landing) {
    List<DayTotals> totals = new ArrayList<>();
    Map<String, SubmissionWriter> writers = new LinkedHashMap<>();
    try {
      for (LocalDate day = options.from(); !day.isAfter(options.to()); day = day.plusDays(1)) {
        totals.add(generateDay(day, landing, writers));
        closeAll(writers); // every file of a day (late ones included) is named after that day
      }
    } finally {
      closeAll(writers);
    }
    return totals;
  }

  private static void closeAll(Map<String, SubmissionWriter> writers) {
    for (SubmissionWriter w : writers.values()) {
      w.close();
    }
    writers.clear();
  }

  private DayTotals generateDay(
      LocalDate day, Path landing, Map<String, SubmissionWriter> writers) {
    List<Provider> providers = reference.providersOn(day);
    if (options.providerLimit() > 0 && providers.size() > options.providerLimit()) {
      providers = providers.subList(0, options.providerLimit());
    }
    List<Datacenter> datacenters = reference.datacentersOn(day);
    if (providers.isEmpty() || datacenters.isEmpty()) {
      throw Errors.usage(
          "The registry has no provider or datacenter in force on " + day + ".",
          "Generate for days the registry covers, or extend reference/*.csv.");
    }
    long total = Math.round(Trajectory.PUBLISHED.tokensOn(day) * options.scale());
    long n = options.recordsPerDay();
    if (n < minimumRecordsPerDay(total)) {
      throw Errors.usage(
          String.format(
              Locale.ROOT,
              "%,d records cannot carry %,d tokens on %s within the feed's per-record bounds.",
              n,
              total,
              day),
          "Use --records-per-day "
              + minimumRecordsPerDay(total)
              + " or more, or a smaller --scale.");
    }
    double[] providerWeights = new double[providers.size()];
    double weightSum = 0;
    for (int p = 0; p < providers.size(); p++) {
      providerWeights[p] = 1.0 / Math.pow(p + 1, 0.8);
      weightSum += providerWeights[p];
    }
    long seed = options.seed() * 1_000_003L + day.toEpochDay();
    double jitterSum = 0;
    SplittableRandom jitters = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (long i = 0; i < n; i++) {
      jitterSum += jitter(jitters);
    }
    jitters = new SplittableRandom(seed ^ 0x5DEECE66DL);
    SplittableRandom rng = new SplittableRandom(seed);

    long input = 0;
    long output = 0;
    long requests = 0;
    long corrected = 0;
    long late = 0;
    double cumulative = 0;
    long previousBoundary = 0;
    for (long i = 0; i < n; i++) {
      cumulative += jitter(jitters);
      long boundary = i == n - 1 ? total : (long) Math.floor(total * (cumulative / jitterSum));
      long tokens = boundary - previousBoundary;
      previousBoundary = boundary;

      // Every provider in force reports every day, as a regular respondent does (a provider
      // absent by chance would be non-response, estimated by curate): the day's first records
      // go one to each provider, the rest by the providers' weights.
      int picked = pick(rng, providerWeights, weightSum);
      int p = i < providers.size() ? (int) i : picked;
      Provider provider = providers.get(p);
      Map<String, Object> record = goodRecord(rng, day, p, provider, datacenters, tokens);
      record.put(RECORD_ID, provider.id() + "-" + day.toString().replace("-", "") + "-" + i);

      String stem;
      String folder;
      boolean isLate = options.lateRate() > 0 && rng.nextDouble() < options.lateRate();
      if (isLate) {
        folder = day.plusDays(options.lateDays()).toString();
        stem = "late-" + day;
        late++;
      } else {
        folder = day.toString();
        stem = String.format(Locale.ROOT, "part-%03d", i % options.filesPerProviderDay());
      }
      writer(writers, landing, provider.id(), folder, stem).write(record);

      if (options.correctionRate() > 0 && rng.nextDouble() < options.correctionRate()) {
        Map<String, Object> revised = new LinkedHashMap<>(record);
        long newOutput = Math.round(((Long) record.get(OUTPUT_TOKENS)) * 1.1);
        revised.put(OUTPUT_TOKENS, newOutput);
        revised.put(BILLED_AMOUNT_CNY, billed((Long) record.get(INPUT_TOKENS), newOutput));
        // A correction comes no earlier than what it corrects, and in the same folder sorts after
        // it: under the feed rule (latest ingested submission wins, ties by path) it wins whether
        // the folders are ingested one night at a time or all in one run.
        if (isLate) {
          writer(writers, landing, provider.id(), folder, "revision-1-late-" + day).write(revised);
        } else {
          writer(writers, landing, provider.id(), day.toString(), "revision-1").write(revised);
        }
        record = revised;
        corrected++;
      }
      input += (Long) record.get(INPUT_TOKENS);
      output += (Long) record.get(OUTPUT_TOKENS);
      requests += (Long) record.get(REQUEST_COUNT);
    }

    long bad = Math.round(n * options.badRate());
    Defect[] defects = Defect.values();
    for (long k = 0; k < bad; k++) {
      Defect defect = defects[(int) (k % defects.length)];
      Provider provider = providers.get(0);
      Map<String, Object> record = goodRecord(rng, day, 0, provider, datacenters, 1000);
      record.put(RECORD_ID, "bad-" + day + "-" + k);
      SubmissionWriter w = writer(writers, landing, provider.id(), day.toString(), "part-000");
      if (defect == Defect.MALFORMED_RECORD) {
        w.writeRaw(malformed(record));
      } else {
        applyDefect(defect, record, datacenters);
        w.write(record);
      }
    }
    return new DayTotals(day, input + output, input, output, requests, n, bad, corrected, late);
  }

  private SubmissionWriter writer(
      Map<String, SubmissionWriter> writers,
      Path landing,
      String provider,
      String folder,
      String stem) {
    String name = SubmissionWriter.fileName(stem, options.format(), options.gzip());
    Path path = landing.resolve("usage").resolve(provider).resolve(folder).resolve(name);
    return writers.computeIfAbsent(
        path.toString(),
        k -> new SubmissionWriter(path, options.format(), options.gzip(), UsageFeed.FIELDS));
  }

  private static double jitter(SplittableRandom r) {
    double g = r.nextDouble() + r.nextDouble() + r.nextDouble() - 1.5; // ~N(0, 0.5)
    return Math.max(MIN_JITTER, Math.min(MAX_JITTER, Math.exp(g)));
  }

  private static int pick(SplittableRandom rng, double[] weights, double sum) {
    double u = rng.nextDouble() * sum;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private Map<String, Object> goodRecord(
      SplittableRandom rng,
      LocalDate day,
      int providerIndex,
      Provider provider,
      List<Datacenter> datacenters,
      long tokens) {
    int hour = DiurnalProfile.hourAt(rng.nextDouble());
    ZonedDateTime local = day.atTime(hour, rng.nextInt(60), rng.nextInt(60)).atZone(options.zone());
    ZoneId reportedIn = providerIndex % 2 == 0 ? ZoneOffset.UTC : ZoneOffset.ofHours(8);

    List<Datacenter> own = new ArrayList<>();
    for (int j = 0; j < datacenters.size(); j++) {
      if (j % 7 == providerIndex % 7 || (j + 3) % 7 == providerIndex % 7) {
        own.add(datacenters.get(j));
      }
    }
    if (own.isEmpty()) {
      own.add(datacenters.get(providerIndex % datacenters.size()));
    }
    Datacenter dc = own.get(rng.nextInt(own.size()));
    boolean withDatacenter = rng.nextDouble() < 0.9;

    double m = rng.nextDouble();
    String model;
    String modality = "text";
    if (m < 0.55) {
      model = provider.id() + "-chat";
    } else if (m < 0.8) {
      model = provider.id() + "-reason";
    } else if (m < 0.95) {
      model = rng.nextInt(4) == 0 ? " Open-LLM-70B " : "open-llm-70b";
    } else {
      model = provider.id() + "-vision";
      modality = "multimodal";
    }
    long in = Math.round(tokens * (0.65 + 0.2 * rng.nextDouble()));
    long out = tokens - in;
    double secondsPerToken =
        SECONDS_PER_TOKEN * typeFactor(dc.type()) * (0.8 + 0.4 * rng.nextDouble());
    double acceleratorSeconds = round3(tokens * secondsPerToken);

    Map<String, Object> r = new LinkedHashMap<>();
    r.put(RECORD_ID, null);
    r.put(PROVIDER_ID, provider.id());
    r.put(EVENT_TIME, TIMESTAMP.format(local.withZoneSameInstant(reportedIn)));
    r.put(MODEL_ID, model);
    r.put(REGION_CODE, dc.region());
    r.put(DATACENTER_ID, withDatacenter ? dc.id() : null);
    r.put(REQUEST_COUNT, Math.max(1L, tokens / 1800));
    r.put(INPUT_TOKENS, in);
    r.put(OUTPUT_TOKENS, out);
    r.put(
        CACHED_INPUT_TOKENS, providerIndex % 2 == 0 ? (long) (in * 0.4 * rng.nextDouble()) : null);
    int energyMode = providerIndex % 3;
    r.put(ACCELERATOR_SECONDS, energyMode == 2 ? null : acceleratorSeconds);
    r.put(
        ENERGY_KWH,
        energyMode == 0
            ? round3(
                acceleratorSeconds
                    * dc.watts()
                    * dc.pue()
                    / 3.6e6
                    * (0.95 + 0.1 * rng.nextDouble()))
            : null);
    r.put(BILLED_AMOUNT_CNY, billed(in, out));
    r.put(MODALITY, modality);
    return r;
  }

  private static double typeFactor(String type) {
    return switch (type) {
      case "H800" -> 0.6;
      case "H20" -> 1.6;
      case "Ascend-910B" -> 1.1;
      default -> 1.0;
    };
  }

  private static java.math.BigDecimal billed(long in, long out) {
    return new java.math.BigDecimal(String.format(Locale.ROOT, "%.4f", in * 2e-6 + out * 8e-6));
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private void applyDefect(Defect defect, Map<String, Object> r, List<Datacenter> datacenters) {
    switch (defect) {
      case MISSING_FIELD -> r.remove(INPUT_TOKENS);
      case BAD_TIMESTAMP -> r.put(EVENT_TIME, "2026-02-30T25:61:00+08:00");
      case NO_OFFSET ->
          r.put(EVENT_TIME, ((String) r.get(EVENT_TIME)).replaceAll("(Z|[+-]\\d\\d:\\d\\d)$", ""));
      case NEGATIVE_VALUE -> r.put(OUTPUT_TOKENS, -5L);
      case UNKNOWN_PROVIDER -> r.put(PROVIDER_ID, "no-such-provider");
      case UNKNOWN_REGION -> {
        r.put(REGION_CODE, "CN-XX");
        r.put(DATACENTER_ID, null);
      }
      case UNKNOWN_DATACENTER -> r.put(DATACENTER_ID, "DC-NO-SUCH-SITE");
      case DATACENTER_REGION_MISMATCH -> {
        for (Datacenter dc : datacenters) {
          if (!dc.region().equals(r.get(REGION_CODE))) {
            r.put(DATACENTER_ID, dc.id());
            break;
          }
        }
      }
      case OUT_OF_BOUNDS -> r.put(INPUT_TOKENS, 20_000_000_000_000L);
      case CACHED_EXCEEDS_INPUT -> r.put(CACHED_INPUT_TOKENS, (Long) r.get(INPUT_TOKENS) + 1);
      case FUTURE_EVENT ->
          r.put(
              EVENT_TIME,
              TIMESTAMP.format(options.now().plusSeconds(3 * 86_400).atZone(ZoneOffset.UTC)));
      case TOO_OLD -> r.put(EVENT_TIME, "2019-12-31T12:00:00+08:00");
      case BAD_VALUE -> r.put(MODALITY, "hologram");
      case MALFORMED_RECORD -> throw new IllegalStateException("written raw");
    }
  }

  private SubmissionWriter.RawLine malformed(Map<String, Object> r) {
    return new SubmissionWriter.RawLine(
        options.format() == Format.JSONL
            ? "{\"record_id\": \""
                + r.get(RECORD_ID)
                + "\", \"provider_id\": \""
                + r.get(PROVIDER_ID)
                + "\", \"input_tokens\": 12"
            : r.get(RECORD_ID) + ",\"unterminated");
  }
}
