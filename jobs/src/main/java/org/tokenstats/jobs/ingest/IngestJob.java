package org.tokenstats.jobs.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import java.io.IOException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tokenstats.common.config.SettingKeys;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.common.feed.PriceFeed;
import org.tokenstats.common.run.JobRun;
import org.tokenstats.common.run.RunLock;
import org.tokenstats.common.table.BronzeTables;
import org.tokenstats.common.table.BronzeTables.Lineage;
import org.tokenstats.common.table.BronzeTables.Quarantine;
import org.tokenstats.common.table.BronzeTables.UsageSuperseded;
import org.tokenstats.common.table.OpsTables.Submissions;
import org.tokenstats.common.table.OpsTables.TouchedDays;
import org.tokenstats.common.table.TableDef;
import org.tokenstats.common.table.Warehouse;
import org.tokenstats.jobs.command.RunContext;

/**
 * Ingests every new submission under the landing path into the bronze layer, exactly once.
 *
 * <p>Per feed: files whose path, size and modification time were already ingested are skipped
 * unread; the others are hashed by parallel tasks, and what each is (new, content already ingested,
 * a copy of another file of the batch) is decided before its records are read. The new ones are
 * read once by parallel tasks: usage records are appended by those tasks straight to the
 * append-only {@code bronze.usage} (prices go to a staging copy, to be MERGEd), and the rejected
 * records and per-file summaries go to a side output of the same pass. Then, in this order, each
 * step idempotent so that a run killed anywhere is completed by the next: the rejected records are
 * quarantined, the supersessions a batch brings recorded ({@link UsageVersions}), the touched
 * reporting days recorded, prices MERGEd, and last the submissions registered in {@code
 * ops.submissions}, which marks a file as done and makes its records count. A lock keeps two ingest
 * runs from overlapping.
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  private final RunContext context;
  private final SparkSession spark;
  private final Warehouse warehouse;
  private final JobRun run;
  private final Configuration hadoopConf;
  private final Timestamp ingestedAt;
  private final List<IngestReport.File> report = new ArrayList<>();
  private final IngestWrites writes;

  public IngestJob(RunContext context) {
    this.context = context;
    this.spark = context.spark();
    this.warehouse = context.warehouse();
    this.run = context.run();
    this.hadoopConf = spark.sparkContext().hadoopConfiguration();
    this.writes = new IngestWrites(warehouse, run);
    this.ingestedAt = writes.ingestedAt();
  }

  /** Known submissions: what was read before, by path and by content. */
  private record Known(Set<String> unchanged, Set<String> pathAndSha, Set<String> shas) {
    boolean unchanged(LandingFile f) {
      return unchanged.contains(f.path() + "|" + f.size() + "|" + f.modifiedAt().getTime());
    }
  }

  /** Runs the whole ingestion; returns the per-file reconciliation (also counted in the run). */
  public IngestReport run() {
    String landing = context.settings().landing();
    Map<String, Long> versionsBefore = Map.copyOf(run.tableVersions());
    try (RunLock lock = context.lock("ingest")) {
      for (TableDef t :
          List.of(
              BronzeTables.Usage.DEF,
              BronzeTables.Prices.DEF,
              Quarantine.DEF,
              Submissions.DEF,
              TouchedDays.DEF)) {
        warehouse.ensure(t);
      }
      if (UsageVersions.migrate(warehouse, run.startedAt())) {
        LOG.info("bronze.usage migrated to the append-only log of versions (docs/operations.md)");
        run.count("usage_layout_migrated", 1);
      }
      Known known = run.stage("scan", this::known);
      Map<FeedKind, List<LandingFile>> candidates = new LinkedHashMap<>();
      for (FeedKind feed : FeedKind.values()) {
        List<LandingFile> all;
        List<LandingFile.Skipped> skipped = new ArrayList<>();
        try {
          all = LandingFile.scan(landing, feed, hadoopConf, skipped);
        } catch (IOException e) {
          throw Errors.whileDoing("listing " + landing + "/" + feed.folder(), e);
        }
        for (LandingFile.Skipped k : skipped) {
          LOG.warn("{}: not followed: {} is {}", feed.folder(), k.path(), k.reason());
          report.add(IngestReport.File.skipped(feed.folder(), k.path(), k.reason()));
        }
        run.count(feed.folder() + "_links_skipped", skipped.size());
        List<LandingFile> fresh = all.stream().filter(f -> !known.unchanged(f)).toList();
        run.count(feed.folder() + "_files_seen", all.size());
        run.count(feed.folder() + "_files_unchanged", all.size() - fresh.size());
        candidates.put(feed, fresh);
      }
      Set<String> shas = new HashSet<>(known.shas());
      run.stage(
          "reference",
          () ->
              new ReferenceIngest(context, known.pathAndSha(), shas, report)
                  .ingest(candidates.get(FeedKind.REFERENCE)));
      Registry registry = run.stage("registry", () -> ReferenceIngest.registry(warehouse));
      if (registry.isEmpty()) {
        LOG.warn(
            "The registry is empty: every usage and price record will be rejected."
                + " Put regions.csv, hubs.csv, datacenters.csv and providers.csv under {}/reference/",
            landing);
      }
      run.stage(
          "usage",
          () ->
              ingestFeed(
                  FeedKind.USAGE,
                  candidates.get(FeedKind.USAGE),
                  SubmissionParser.usage(
                      new UsageRules(registry, context.settings().timeZone(), run.startedAt())),
                  BronzeTables.Usage.DEF,
                  List.of(Lineage.SUBMISSION, Lineage.LINE_NUMBER),
                  null,
                  known,
                  shas));
      run.stage(
          "prices",
          () ->
              ingestFeed(
                  FeedKind.PRICES,
                  candidates.get(FeedKind.PRICES),
                  SubmissionParser.prices(new PriceRules(registry, context.settings().timeZone())),
                  BronzeTables.Prices.DEF,
                  List.of(PriceFeed.PUBLISHED_AT, Lineage.SUBMISSION, Lineage.LINE_NUMBER),
                  "s.published_at >= t.published_at",
                  known,
                  shas));
    }
    return new IngestReport(landing, report, run.writtenSince(versionsBefore));
  }

  private Known known() {
    Set<String> unchanged = new HashSet<>();
    Set<String> pathAndSha = new HashSet<>();
    Set<String> shas = new HashSet<>();
    for (Row r :
        warehouse
            .read(Submissions.DEF)
            .select(
                Submissions.PATH,
                Submissions.SHA256,
                Submissions.SIZE_BYTES,
                Submissions.MODIFIED_AT,
                Submissions.STATUS)
            .collectAsList()) {
      unchanged.add(r.getString(0) + "|" + r.getLong(2) + "|" + r.getTimestamp(3).getTime());
      pathAndSha.add(r.getString(0) + "|" + r.getString(1));
      if (Submissions.INGESTED.equals(r.getString(4))) {
        shas.add(r.getString(1)); // only ingested content makes a later file a duplicate
      }
    }
    return new Known(unchanged, pathAndSha, shas);
  }

  private void ingestFeed(
      FeedKind feed,
      List<LandingFile> files,
      SubmissionParser.Rules rules,
      TableDef target,
      List<String> latestFirst,
      String replaceWhen,
      Known known,
      Set<String> shas) {
    if (files.isEmpty()) {
      return;
    }
    String staging = warehouse.root() + "/_staging/" + run.runId() + "/" + feed.folder();
    Map<String, String> conf = new HashMap<>();
    hadoopConf.forEach(e -> conf.put(e.getKey(), e.getValue()));
    try {
      Plan plan = plan(files, SubmissionHashes.of(spark, files, conf), known, shas);
      List<SideOutput.FileSummary> summaries = List.of();
      if (!plan.read.isEmpty()) {
        Dataset<Row> parsed = parse(feed, plan.read, rules, target, staging + "/side", conf);
        if (feed == FeedKind.USAGE) {
          // Written once, by the tasks that parse: an append to the log of versions.
          parsed.write().format("delta").mode("append").save(warehouse.location(target));
          run.wrote(target, warehouse.currentVersion(target));
        } else {
          parsed.write().mode("overwrite").parquet(staging + "/accepted");
        }
        summaries = SideOutput.summaries(staging + "/side", hadoopConf);
      }
      FileDecisions decisions = decide(feed, plan, summaries, shas);
      if (decisions.rows.isEmpty()) {
        return;
      }
      Dataset<Row> goodFiles =
          spark.createDataFrame(
              decisions.good, new StructType().add("path", "string").add("sha", "string"));
      quarantine(
          feed,
          plan.read.isEmpty()
              ? spark.createDataFrame(List.of(), SideOutput.REJECTED)
              : SideOutput.rejected(spark, staging + "/side", conf),
          goodFiles,
          decisions);
      if (decisions.good.isEmpty()) {
        // Nothing read counts (duplicates, unreadable files): only the registration is left.
        writes.register(decisions.rows);
        return;
      }
      if (feed == FeedKind.USAGE) {
        recordVersions(goodFiles, decisions);
      } else {
        Dataset<Row> accepted =
            spark
                .read()
                .schema(target.schema())
                .parquet(staging + "/accepted")
                .join(
                    broadcast(goodFiles),
                    col(Lineage.SUBMISSION).equalTo(col(IngestSchemas.PATH)),
                    "left_semi");
        recordTouchedDays(
            feed, accepted.select(col(Lineage.SUBMISSION), col(PRICE_DAY)), goodFiles);
        writes.upsert(target, latestVersions(accepted, target.key(), latestFirst), replaceWhen);
      }
      writes.register(decisions.rows);
    } finally {
      try {
        new Path(staging).getFileSystem(hadoopConf).delete(new Path(staging), true);
      } catch (IOException e) {
        LOG.warn("Could not remove staging folder {}", staging, e);
      }
    }
  }

  private static final String PRICE_DAY = BronzeTables.Prices.REPORT_DATE;

  /**
   * What to do with each candidate file, decided from its hash before any record is read: files
   * whose path and content were seen before are left alone; content already ingested under another
   * path is a duplicate; of several files of the batch with the same content and format, the first
   * by path is read and the others follow it; a file whose bytes cannot be read is unreadable.
   */
  private static final class Plan {
    final Map<String, LandingFile> byPath = new LinkedHashMap<>();
    final Map<String, String> sha = new HashMap<>();
    final List<Row> read = new ArrayList<>(); // (path, sha256) to parse
    final List<String> duplicates = new ArrayList<>(); // content ingested before
    final Map<String, String> copies = new LinkedHashMap<>(); // path -> path of the one read
    final Map<String, String> hashErrors = new LinkedHashMap<>(); // path -> why
  }

  private static Plan plan(
      List<LandingFile> files,
      Map<String, SubmissionHashes.Hash> hashes,
      Known known,
      Set<String> shas) {
    Plan plan = new Plan();
    Map<String, String> readBySha = new HashMap<>();
    for (LandingFile f : files) { // in path order
      SubmissionHashes.Hash h = hashes.get(f.path());
      plan.byPath.put(f.path(), f);
      if (h == null || !h.readable()) {
        plan.hashErrors.put(f.path(), h == null ? "cannot read: not hashed" : h.error());
        continue;
      }
      if (known.pathAndSha().contains(f.path() + "|" + h.sha256())) {
        continue; // same path, same content: only its timestamp changed
      }
      plan.sha.put(f.path(), h.sha256());
      // The same bytes read the same way (format, gzip or not) give the same outcome: read once.
      String name = new Path(f.path()).getName();
      String content =
          h.sha256() + "|" + FeedKind.formatOf(name, f.feed()) + "|" + FeedKind.isGzip(name);
      if (shas.contains(h.sha256())) {
        plan.duplicates.add(f.path());
      } else if (readBySha.containsKey(content)) {
        plan.copies.put(f.path(), readBySha.get(content));
      } else {
        readBySha.put(content, f.path());
        plan.read.add(RowFactory.create(f.path(), h.sha256()));
      }
    }
    return plan;
  }

  /**
   * Reads the planned files once, by parallel tasks: the accepted records in {@code target}'s
   * columns; the rejected records and file summaries to the side output under {@code side}.
   */
  private Dataset<Row> parse(
      FeedKind feed,
      List<Row> files,
      SubmissionParser.Rules rules,
      TableDef target,
      String side,
      Map<String, String> conf) {
    int tasks = Math.max(1, Math.min(files.size(), spark.sparkContext().defaultParallelism() * 4));
    return spark
        .createDataFrame(files, SubmissionParser.FILES)
        .repartition(tasks)
        .mapPartitions(
            new SubmissionParser(
                feed,
                rules,
                SubmissionParser.Target.of(target.schema(), ingestedAt, run.runId()),
                conf,
                limits(context),
                SideOutput.under(side, conf)),
            Encoders.row(target.schema()));
  }

  /** The bounds on one submission, from the settings. */
  static SubmissionReader.Limits limits(RunContext context) {
    return new SubmissionReader.Limits(
        context.settings().get(SettingKeys.INGEST_MAX_LINE_BYTES),
        context.settings().get(SettingKeys.INGEST_MAX_FILE_BYTES));
  }

  /** What becomes of each file: ingested, unreadable, duplicate, or nothing new. */
  private static final class FileDecisions {
    final List<Row> rows = new ArrayList<>(); // ops.submissions rows
    final List<Row> good = new ArrayList<>(); // (path, sha) of files whose records count
    final List<Row> unreadable = new ArrayList<>(); // (path, sha, reason, detail)
    LocalDate firstDay; // of the records that count
    LocalDate lastDay;
  }

  /** One file's outcome, before it is counted and registered. */
  private record Outcome(
      String path,
      String sha,
      String format,
      long read,
      long accepted,
      long quarantined,
      Map<String, Long> unknown,
      String status,
      String reason,
      String detail,
      LocalDate firstDay,
      LocalDate lastDay) {

    static Outcome of(SideOutput.FileSummary s) {
      return new Outcome(
          s.path(),
          s.sha256(),
          s.format(),
          s.read(),
          s.accepted(),
          s.quarantined(),
          s.unknownFields(),
          s.status(),
          s.reason(),
          s.detail(),
          s.firstDay(),
          s.lastDay());
    }

    static Outcome empty(
        String path, String sha, String format, String status, String reason, String detail) {
      return new Outcome(path, sha, format, 0, 0, 0, Map.of(), status, reason, detail, null, null);
    }
  }

  private FileDecisions decide(
      FeedKind feed, Plan plan, List<SideOutput.FileSummary> summaries, Set<String> shas) {
    Map<String, Outcome> outcomes = new java.util.TreeMap<>();
    for (SideOutput.FileSummary s : summaries) {
      if (s.status().equals(Submissions.INGESTED) && !s.sha256().equals(plan.sha.get(s.path()))) {
        // The bytes changed between hashing and reading: not registered, read again next run.
        LOG.warn("{} changed while it was read; it is read again by the next run", s.path());
        run.count(feed.folder() + "_files_changed_while_read", 1);
        report.add(
            IngestReport.File.skipped(
                feed.folder(), s.path(), "changed while it was read; read again next run"));
      } else {
        outcomes.put(s.path(), Outcome.of(s));
      }
    }
    String dupDetail = "same content (SHA-256) as a submission already ingested; nothing changed";
    for (String path : plan.duplicates) {
      outcomes.put(
          path,
          Outcome.empty(
              path,
              plan.sha.get(path),
              formatOf(path, feed),
              Submissions.DUPLICATE,
              null,
              dupDetail));
    }
    for (Map.Entry<String, String> copy : plan.copies.entrySet()) {
      Outcome original = outcomes.get(copy.getValue()); // a file read: its summary's outcome
      if (original == null) {
        continue; // the original changed while read: both are read again next run
      }
      String sha = plan.sha.get(copy.getKey());
      outcomes.put(
          copy.getKey(),
          original.status().equals(Submissions.UNREADABLE)
              ? Outcome.empty(
                  copy.getKey(),
                  sha,
                  original.format(),
                  Submissions.UNREADABLE,
                  original.reason(),
                  original.detail())
              : Outcome.empty(
                  copy.getKey(), sha, original.format(), Submissions.DUPLICATE, null, dupDetail));
    }
    for (Map.Entry<String, String> e : plan.hashErrors.entrySet()) {
      outcomes.put(
          e.getKey(),
          Outcome.empty(
              e.getKey(),
              "unreadable:" + e.getKey(),
              formatOf(e.getKey(), feed),
              Submissions.UNREADABLE,
              ReasonCode.UNREADABLE_FILE.name(),
              e.getValue()));
    }
    FileDecisions d = new FileDecisions();
    for (Outcome read : outcomes.values()) {
      Outcome o = read;
      if (o.status().equals(Submissions.INGESTED) && shas.contains(o.sha())) {
        // Read as another format by a file before it in the batch, and ingested there: its rows
        // were written, but a duplicate's rows never count.
        o = Outcome.empty(o.path(), o.sha(), o.format(), Submissions.DUPLICATE, null, dupDetail);
      }
      String detail = o.detail();
      if (o.status().equals(Submissions.INGESTED)) {
        d.good.add(RowFactory.create(o.path(), o.sha()));
        shas.add(o.sha());
        if (o.firstDay() != null) {
          d.firstDay =
              d.firstDay == null || o.firstDay().isBefore(d.firstDay) ? o.firstDay() : d.firstDay;
          d.lastDay = d.lastDay == null || o.lastDay().isAfter(d.lastDay) ? o.lastDay() : d.lastDay;
        }
      } else if (o.status().equals(Submissions.UNREADABLE)) {
        d.unreadable.add(RowFactory.create(o.path(), o.sha(), o.reason(), detail));
        detail = o.reason() + ": " + detail;
      }
      d.rows.add(
          writes.submissionRow(
              plan.byPath.get(o.path()),
              o.sha(),
              o.format(),
              o.read(),
              o.accepted(),
              o.quarantined(),
              o.unknown(),
              o.status(),
              detail,
              o.firstDay() == null ? null : Date.valueOf(o.firstDay()),
              o.lastDay() == null ? null : Date.valueOf(o.lastDay())));
      run.count(feed.folder() + "_files_" + o.status(), 1);
      // An unreadable file's line says why (reason code and detail).
      String shown =
          LandingFile.reported(o.path(), o.status().equals(Submissions.UNREADABLE) ? detail : null);
      run.count(feed.folder() + "_records_read", o.read());
      run.count(feed.folder() + "_records_accepted", o.accepted());
      run.count(feed.folder() + "_records_quarantined", o.quarantined());
      o.unknown().forEach((k, v) -> run.count(feed.folder() + "_unknown_field_" + k, v));
      report.add(
          new IngestReport.File(
              feed.folder(), o.status(), o.read(), o.accepted(), o.quarantined(), shown));
    }
    return d;
  }

  private static String formatOf(String path, FeedKind feed) {
    String format = FeedKind.formatOf(new Path(path).getName(), feed);
    return format == null ? "unknown" : format;
  }

  /**
   * The batch's supersessions and touched days. The batch is this run's rows of the files that
   * count, read back from the days they hold; the history is the registered rows of other runs
   * within the revision window around those days ({@code tokenstats.ingest.revision-window}), never
   * the whole of {@code bronze.usage}. A key with more than one version gets a {@code
   * bronze.usage_superseded} row for each day holding one (its old day, if a correction moved it);
   * the touched days are the batch's days and those.
   */
  private void recordVersions(Dataset<Row> goodFiles, FileDecisions d) {
    if (d.firstDay == null) {
      return; // no accepted record
    }
    int window = context.settings().get(SettingKeys.INGEST_REVISION_WINDOW);
    Dataset<Row> usage = warehouse.read(BronzeTables.Usage.DEF);
    Column day = col(BronzeTables.Usage.REPORT_DATE);
    Dataset<Row> batch =
        usage
            .filter(
                day.between(Date.valueOf(d.firstDay), Date.valueOf(d.lastDay))
                    .and(col(Lineage.RUN_ID).equalTo(run.runId())))
            .join(
                broadcast(goodFiles),
                col(Lineage.SUBMISSION).equalTo(col(IngestSchemas.PATH)),
                "left_semi");
    Dataset<Row> history =
        UsageVersions.registered(
            warehouse,
            usage.filter(
                day.between(
                        Date.valueOf(d.firstDay.minusDays(window)),
                        Date.valueOf(d.lastDay.plusDays(window)))
                    .and(col(Lineage.RUN_ID).notEqual(run.runId()))));
    Dataset<Row> superseded =
        UsageVersions.supersessions(batch, history).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long count = superseded.count();
      run.count("usage_versions_superseded", count);
      if (count > 0) {
        writes.insertIfAbsent(UsageSuperseded.DEF, superseded); // created by the migration check
      }
      recordTouchedDays(
          FeedKind.USAGE,
          batch
              .select(col(Lineage.SUBMISSION), day)
              .union(superseded.select(col(Lineage.SUBMISSION), day)),
          goodFiles);
    } finally {
      superseded.unpersist();
    }
  }

  /**
   * Days whose figures may change: each (submission, report_date) of {@code days}, with the
   * submission's hash. Inserted if absent, so a repeated run never loses one.
   */
  private void recordTouchedDays(FeedKind feed, Dataset<Row> days, Dataset<Row> goodFiles) {
    Dataset<Row> rows =
        days.distinct()
            .join(broadcast(goodFiles), col(Lineage.SUBMISSION).equalTo(col(IngestSchemas.PATH)))
            .select(
                col(BronzeTables.Usage.REPORT_DATE).as(TouchedDays.REPORT_DATE),
                lit(feed.folder()).as(TouchedDays.FEED),
                col("sha").as(TouchedDays.SUBMISSION_SHA256),
                lit(run.runId()).as(TouchedDays.RUN_ID),
                lit(ingestedAt).as(TouchedDays.TOUCHED_AT))
            .distinct();
    writes.insertIfAbsent(TouchedDays.DEF, rows);
  }

  private void quarantine(
      FeedKind feed, Dataset<Row> rejected, Dataset<Row> goodFiles, FileDecisions d) {
    Dataset<Row> records =
        rejected
            .join(broadcast(goodFiles), IngestSchemas.PATH)
            .select(
                col(IngestSchemas.PATH).as(Quarantine.SUBMISSION),
                col("sha").as(Quarantine.SUBMISSION_SHA256),
                lit(feed.folder()).as(Quarantine.KIND),
                col(IngestSchemas.LINE_NUMBER).as(Quarantine.LINE_NUMBER),
                col(IngestSchemas.RAW).as(Quarantine.RAW),
                col(IngestSchemas.REASON_CODE).as(Quarantine.REASON_CODE),
                col(IngestSchemas.DETAIL).as(Quarantine.DETAIL),
                lit(run.runId()).as(Quarantine.RUN_ID),
                lit(ingestedAt).as(Quarantine.QUARANTINED_AT));
    List<Row> files = new ArrayList<>();
    for (Row u : d.unreadable) {
      files.add(
          writes.quarantineRow(
              u.getString(0), u.getString(1), feed, null, null, u.getString(2), u.getString(3)));
    }
    writes.quarantine(records.union(spark.createDataFrame(files, Quarantine.DEF.schema())));
  }

  /**
   * The batch's latest version of each key: the highest {@code latestFirst} values win. A batch
   * rarely holds two versions of a key, so the superseded rows are found on a narrow projection
   * (key, order columns, and the row's identity: submission and line) and, when there are none, the
   * full rows go to the MERGE without a shuffle and sort of their own (10 M records: ~60 s on this
   * machine's 2 cores).
   */
  static Dataset<Row> latestVersions(
      Dataset<Row> accepted, List<String> key, List<String> latestFirst) {
    Set<String> narrow = new LinkedHashSet<>(key);
    narrow.addAll(latestFirst);
    narrow.add(Lineage.SUBMISSION);
    narrow.add(Lineage.LINE_NUMBER);
    Dataset<Row> superseded =
        accepted
            .select(narrow.stream().map(c -> col(c)).toArray(Column[]::new))
            .withColumn(
                "_rank",
                row_number()
                    .over(
                        Window.partitionBy(key.stream().map(k -> col(k)).toArray(Column[]::new))
                            .orderBy(
                                latestFirst.stream()
                                    .map(c -> col(c).desc())
                                    .toArray(Column[]::new))))
            .filter(col("_rank").gt(1))
            .select(Lineage.SUBMISSION, Lineage.LINE_NUMBER);
    if (superseded.isEmpty()) {
      return accepted;
    }
    return accepted.join(
        superseded,
        scala.jdk.javaapi.CollectionConverters.asScala(
                List.of(Lineage.SUBMISSION, Lineage.LINE_NUMBER))
            .toSeq(),
        "left_anti");
  }
}
