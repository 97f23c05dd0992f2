package org.tokenstats.jobs.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.common.run.JobRun;
import org.tokenstats.common.table.BronzeTables;
import org.tokenstats.common.table.BronzeTables.Validity;
import org.tokenstats.common.table.OpsTables.CuratedDays;
import org.tokenstats.common.table.OpsTables.Submissions;
import org.tokenstats.common.table.OpsTables.TouchedDays;
import org.tokenstats.common.table.Warehouse;
import org.tokenstats.jobs.command.RunContext;

/**
 * Ingests the registry files ({@code reference/hubs.csv}, {@code regions.csv}, {@code
 * providers.csv}, {@code datacenters.csv}, optionally gzip). They are small, so the driver reads
 * them. A file is the whole registry of its entity: its accepted rows replace that entity's bronze
 * table (history lives in the validity dates, and in Delta's versions). Entities are done in
 * dependency order, so a region's hub and a datacenter's region are checked against the registry
 * this run leaves behind.
 */
final class ReferenceIngest {
  private static final Logger LOG = LoggerFactory.getLogger(ReferenceIngest.class);

  private final RunContext context;
  private final Warehouse warehouse;
  private final JobRun run;
  private final Set<String> knownPathAndSha;
  private final Set<String> shas;
  private final List<IngestReport.File> report;
  private final IngestWrites writes;

  /**
   * The hub and region codes in bronze: read once per run, when first needed, and set from the
   * accepted rows when this run replaces the table (hubs and regions are loaded before the entities
   * that refer to them), so a registry delivery costs no query of its own tables.
   */
  private Set<String> hubCodes;

  private Set<String> regionCodes;

  ReferenceIngest(
      RunContext context,
      Set<String> knownPathAndSha,
      Set<String> shas,
      List<IngestReport.File> report) {
    this.context = context;
    this.warehouse = context.warehouse();
    this.run = context.run();
    this.knownPathAndSha = knownPathAndSha;
    this.shas = shas;
    this.report = report;
    this.writes = new IngestWrites(warehouse, run);
  }

  void ingest(List<LandingFile> files) {
    Map<ReferenceRules, List<LandingFile>> byEntity = new EnumMap<>(ReferenceRules.class);
    List<Row> submissions = new ArrayList<>();
    List<Row> quarantine = new ArrayList<>();
    for (LandingFile f : files) {
      ReferenceRules entity = ReferenceRules.forFile(new Path(f.path()).getName());
      if (entity == null) {
        String sha = sha(f);
        if (!knownPathAndSha.contains(f.path() + "|" + sha)) {
          String detail =
              "not a registry file; expected hubs.csv, regions.csv, providers.csv or datacenters.csv";
          quarantine.add(
              writes.quarantineRow(
                  f.path(),
                  sha,
                  FeedKind.REFERENCE,
                  null,
                  null,
                  ReasonCode.UNSUPPORTED_FILE.name(),
                  detail));
          submissions.add(
              writes.submissionRow(
                  f,
                  sha,
                  "unknown",
                  0,
                  0,
                  0,
                  Map.of(),
                  Submissions.UNREADABLE,
                  ReasonCode.UNSUPPORTED_FILE + ": " + detail,
                  null,
                  null));
          note(
              Submissions.UNREADABLE,
              0,
              0,
              0,
              LandingFile.reported(f.path(), ReasonCode.UNSUPPORTED_FILE + ": " + detail));
        }
        continue;
      }
      byEntity.computeIfAbsent(entity, k -> new ArrayList<>()).add(f);
    }
    for (ReferenceRules entity : ReferenceRules.values()) {
      for (LandingFile f : byEntity.getOrDefault(entity, List.of())) {
        ingestFile(entity, f, submissions, quarantine);
      }
    }
    writes.quarantine(quarantine);
    writes.register(submissions);
  }

  /** Registry files are read whole on the driver: their size is bounded further, to 256 MiB. */
  private SubmissionReader.Limits referenceLimits() {
    SubmissionReader.Limits limits = IngestJob.limits(context);
    return new SubmissionReader.Limits(
        limits.maxLineBytes(), Math.min(limits.maxFileBytes(), 256L << 20));
  }

  private void ingestFile(
      ReferenceRules entity, LandingFile f, List<Row> submissions, List<Row> quarantine) {
    List<String> lines = new ArrayList<>();
    String sha;
    ReasonCode unreadable = null;
    String detail = null;
    Path p = new Path(f.path());
    try (InputStream in =
            p.getFileSystem(warehouse.spark().sparkContext().hadoopConfiguration()).open(p);
        SubmissionReader reader =
            new SubmissionReader(in, FeedKind.isGzip(p.getName()), referenceLimits())) {
      try {
        for (String line = reader.nextLine(); line != null; line = reader.nextLine()) {
          lines.add(line);
        }
        sha = reader.sha256();
      } catch (SubmissionReader.UnreadableFile e) {
        unreadable = e.reason;
        detail = e.getMessage();
        sha = sha(f);
      }
    } catch (SubmissionReader.UnreadableFile e) {
      unreadable = e.reason;
      detail = e.getMessage();
      sha = sha(f);
    } catch (IOException e) {
      throw Errors.whileDoing("reading registry file " + f.path(), e);
    }
    if (knownPathAndSha.contains(f.path() + "|" + sha)) {
      return;
    }
    if (shas.contains(sha)) {
      submissions.add(
          writes.submissionRow(
              f,
              sha,
              "csv",
              0,
              0,
              0,
              Map.of(),
              Submissions.DUPLICATE,
              "same content as a registry file already ingested",
              null,
              null));
      note(Submissions.DUPLICATE, 0, 0, 0, f.path());
      return;
    }
    List<String> header =
        unreadable == null && !lines.isEmpty() ? LineParser.Csv.header(lines.get(0)) : null;
    if (unreadable == null && (header == null || !header.contains(entity.columns.get(0)))) {
      unreadable = ReasonCode.WRONG_FORMAT;
      detail = "the first line is not a CSV header with " + entity.columns.get(0);
    }
    if (unreadable != null) {
      quarantine.add(
          writes.quarantineRow(
              f.path(), sha, FeedKind.REFERENCE, null, null, unreadable.name(), detail));
      submissions.add(
          writes.submissionRow(
              f,
              sha,
              "csv",
              0,
              0,
              0,
              Map.of(),
              Submissions.UNREADABLE,
              unreadable + ": " + detail,
              null,
              null));
      note(
          Submissions.UNREADABLE,
          0,
          0,
          0,
          LandingFile.reported(f.path(), unreadable + ": " + detail));
      return;
    }
    shas.add(sha);
    LineParser.Csv parser = new LineParser.Csv(header);
    ReferenceRules.Context refs = new ReferenceRules.Context(this::hubCodes, this::regionCodes);
    ReferenceRules.Overlaps overlaps = new ReferenceRules.Overlaps();
    List<Row> accepted = new ArrayList<>();
    Map<String, Long> unknown = new HashMap<>();
    long read = 0;
    long rejected = 0;
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      read++;
      long lineNumber = i + 1;
      try {
        RawRecord raw = parser.parse(line);
        raw.values().keySet().stream()
            .filter(k -> !entity.known().contains(k))
            .forEach(k -> unknown.merge(k, 1L, Long::sum));
        Object[] typed = entity.check(raw, refs);
        overlaps.check(typed, entity.columns.size());
        Object[] row = new Object[typed.length + 5];
        System.arraycopy(typed, 0, row, 0, typed.length);
        row[typed.length] = f.path();
        row[typed.length + 1] = sha;
        row[typed.length + 2] = lineNumber;
        row[typed.length + 3] = writes.ingestedAt();
        row[typed.length + 4] = run.runId();
        accepted.add(RowFactory.create(row));
      } catch (LineParser.Malformed e) {
        rejected++;
        quarantine.add(
            writes.quarantineRow(
                f.path(),
                sha,
                FeedKind.REFERENCE,
                lineNumber,
                line,
                ReasonCode.MALFORMED_RECORD.name(),
                e.getMessage()));
      } catch (Rejection e) {
        rejected++;
        quarantine.add(
            writes.quarantineRow(
                f.path(), sha, FeedKind.REFERENCE, lineNumber, line, e.reason.name(), e.detail()));
      }
    }
    StructType schema = entity.table.schema();
    warehouse.ensure(entity.table);
    touchChangedDays(entity, accepted, sha);
    warehouse
        .spark()
        .createDataFrame(accepted, schema)
        .write()
        .format("delta")
        .mode("overwrite")
        .save(warehouse.location(entity.table));
    run.wrote(entity.table, warehouse.currentVersion(entity.table));
    Set<String> keys = new HashSet<>();
    accepted.forEach(r -> keys.add(r.getString(0)));
    if (entity == ReferenceRules.HUBS) {
      hubCodes = keys;
    } else if (entity == ReferenceRules.REGIONS) {
      regionCodes = keys;
    }
    LOG.info(
        "registry {}: {} rows accepted, {} quarantined from {}",
        entity.table,
        accepted.size(),
        rejected,
        f.path());
    submissions.add(
        writes.submissionRow(
            f,
            sha,
            "csv",
            read,
            accepted.size(),
            rejected,
            unknown,
            Submissions.INGESTED,
            null,
            null,
            null));
    run.count("reference_records_read", read);
    run.count("reference_records_accepted", accepted.size());
    run.count("reference_records_quarantined", rejected);
    note(Submissions.INGESTED, read, accepted.size(), rejected, f.path());
  }

  /**
   * Marks pending ({@code ops.touched_days}, feed {@code reference}) every curated day whose
   * figures this delivery can change: the days in force of each row added or removed, compared on
   * the entity's {@link ReferenceRules#figureColumns}. So a region moved to another hub is
   * re-placed by the next curate, and until then no release is built from figures placed the old
   * way. Written before the table is replaced: a run killed between the two leaves days pending
   * (harmless) rather than a change nobody recomputes.
   */
  private void touchChangedDays(ReferenceRules entity, List<Row> accepted, String sha) {
    if (entity.figureColumns.isEmpty()) {
      return;
    }
    List<String> columns = new ArrayList<>(entity.figureColumns);
    columns.add(Validity.VALID_FROM);
    columns.add(Validity.VALID_TO);
    List<RegistryChange.Version> before = new ArrayList<>();
    int[] selected = IntStream.range(0, columns.size()).toArray();
    for (Row r :
        warehouse
            .read(entity.table)
            .select(columns.get(0), columns.subList(1, columns.size()).toArray(String[]::new))
            .collectAsList()) {
      before.add(version(r, selected));
    }
    int[] at = columns.stream().mapToInt(entity.table.schema()::fieldIndex).toArray();
    List<RegistryChange.Version> after = accepted.stream().map(r -> version(r, at)).toList();
    if (new HashSet<>(before).equals(new HashSet<>(after))) {
      return;
    }
    warehouse.ensure(CuratedDays.DEF);
    List<LocalDate> curated = new ArrayList<>();
    warehouse
        .read(CuratedDays.DEF)
        .select(CuratedDays.REPORT_DATE)
        .distinct()
        .collectAsList()
        .forEach(r -> curated.add(r.getDate(0).toLocalDate()));
    List<Row> touched = new ArrayList<>();
    for (LocalDate day : RegistryChange.changedDays(before, after, curated)) {
      touched.add(
          RowFactory.create(
              Date.valueOf(day),
              FeedKind.REFERENCE.folder(),
              sha,
              run.runId(),
              writes.ingestedAt()));
    }
    if (!touched.isEmpty()) {
      writes.insertIfAbsent(
          TouchedDays.DEF, warehouse.spark().createDataFrame(touched, TouchedDays.DEF.schema()));
      LOG.info(
          "registry {}: changed on {} curated day(s), marked for recompute",
          entity.table,
          touched.size());
    }
    run.count("reference_days_touched", touched.size());
  }

  /**
   * A registry row at {@code at} (figure columns, then valid_from and valid_to) as compared: values
   * as text, decimals without trailing zeros (1.30 = 1.3).
   */
  private static RegistryChange.Version version(Row r, int[] at) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < at.length - 2; i++) {
      Object v = r.get(at[i]);
      values.add(
          v == null
              ? null
              : v instanceof java.math.BigDecimal b
                  ? b.stripTrailingZeros().toPlainString()
                  : v.toString());
    }
    Object to = r.get(at[at.length - 1]);
    return new RegistryChange.Version(
        values,
        LocalDate.parse(r.get(at[at.length - 2]).toString()),
        to == null ? null : LocalDate.parse(to.toString()));
  }

  private void note(String status, long read, long accepted, long quarantined, String path) {
    run.count("reference_files_" + status, 1);
    report.add(
        new IngestReport.File(
            FeedKind.REFERENCE.folder(), status, read, accepted, quarantined, path));
  }

  private Set<String> hubCodes() {
    if (hubCodes == null) {
      hubCodes = codes(BronzeTables.Hubs.DEF, BronzeTables.Hubs.HUB_CODE);
    }
    return hubCodes;
  }

  private Set<String> regionCodes() {
    if (regionCodes == null) {
      regionCodes = codes(BronzeTables.Regions.DEF, BronzeTables.Regions.REGION_CODE);
    }
    return regionCodes;
  }

  private Set<String> codes(org.tokenstats.common.table.TableDef table, String column) {
    warehouse.ensure(table);
    Set<String> out = new HashSet<>();
    warehouse
        .read(table)
        .select(column)
        .distinct()
        .collectAsList()
        .forEach(r -> out.add(r.getString(0)));
    return out;
  }

  private String sha(LandingFile f) {
    Path p = new Path(f.path());
    try (InputStream in =
        p.getFileSystem(warehouse.spark().sparkContext().hadoopConfiguration()).open(p)) {
      return SubmissionReader.sha256Of(in);
    } catch (IOException e) {
      throw Errors.whileDoing("reading " + f.path(), e);
    }
  }

  /** The registry in force, as validation needs it, from the bronze registry tables. */
  static Registry registry(Warehouse warehouse) {
    Registry registry = new Registry();
    for (Row r :
        rows(warehouse, BronzeTables.Providers.DEF, BronzeTables.Providers.PROVIDER_ID, null)) {
      registry.addProvider(r.getString(0), r.getDate(1).toLocalDate(), toLocal(r.getDate(2)));
    }
    for (Row r :
        rows(warehouse, BronzeTables.Regions.DEF, BronzeTables.Regions.REGION_CODE, null)) {
      registry.addRegion(r.getString(0), r.getDate(1).toLocalDate(), toLocal(r.getDate(2)));
    }
    for (Row r :
        rows(
            warehouse,
            BronzeTables.Datacenters.DEF,
            BronzeTables.Datacenters.DATACENTER_ID,
            BronzeTables.Datacenters.REGION_CODE)) {
      registry.addDatacenter(
          r.getString(0), r.getString(3), r.getDate(1).toLocalDate(), toLocal(r.getDate(2)));
    }
    return registry;
  }

  private static List<Row> rows(
      Warehouse warehouse, org.tokenstats.common.table.TableDef table, String key, String extra) {
    warehouse.ensure(table);
    return extra == null
        ? warehouse.read(table).select(key, Validity.VALID_FROM, Validity.VALID_TO).collectAsList()
        : warehouse
            .read(table)
            .select(key, Validity.VALID_FROM, Validity.VALID_TO, extra)
            .collectAsList();
  }

  private static java.time.LocalDate toLocal(Date d) {
    return d == null ? null : d.toLocalDate();
  }
}
